import { dtypeInfo, parseDType, type DType } from "../dtype.js";
import { Tensor } from "../tensor.js";
import { copyInto, writeContiguous } from "../backend/layout.js";
import { expectTensor } from "./operand.js";
import { isRecording, record } from "../engine/recording.js";

/** A copy converted to `dtype` (float → int32 truncates toward zero, as numpy's astype). */
export function astype(t: Tensor, dtype: DType): Tensor {
  expectTensor(t, "astype");
  const target = parseDType(dtype);
  const out = Tensor.empty(t.shape, target);
  if (target === t.dtype) {
    copyInto(t, out);
  } else {
    // Conversion through a JS TypedArray; Foundation II brings conversion kernels.
    const converted = new (dtypeInfo(target).array)(t.size);
    const src = t.data();
    for (let i = 0; i < src.length; i++) converted[i] = target === "int32" ? Math.trunc(src[i]) : src[i];
    writeContiguous(out, converted);
  }
  if (isRecording()) record("astype", [t], out);
  return out;
}
