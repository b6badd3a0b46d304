// astype: a copy in another dtype, by a cast kernel (a view is packed first).
import { parseDType, type DType } from "../dtype.js";
import { Tensor } from "../tensor.js";
import { castInto, copyInto } from "../backend/layout.js";
import { expectTensor } from "./operand.js";
import { isRecording, record } from "../engine/recording.js";

/**
 * A copy converted to `dtype` (a copy even for the same dtype). float → int32 truncates
 * toward zero, as numpy's astype; NaN gives 0 and values beyond int32 saturate to its
 * min or max (numpy's result there depends on the platform).
 */
export function astype(t: Tensor, dtype: DType): Tensor {
  expectTensor(t, "astype");
  const target = parseDType(dtype, "astype");
  const out = Tensor.empty(t.shape, target);
  if (target === t.dtype) {
    copyInto(t, out);
  } else if (t.isContiguousLayout) {
    castInto(t, out);
  } else {
    const packed = t.contiguous();
    try {
      castInto(packed, out);
    } finally {
      packed.dispose();
    }
  }
  if (isRecording()) record("astype", [t], out);
  return out;
}
