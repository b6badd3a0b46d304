// astype: a copy in another dtype, by a cast kernel (a view is packed first).
import { parseDType, type DType } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { castValues } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";

const ASTYPE = computeOp<DType, { shape: readonly number[]; dtype: DType }>({
  name: "astype",
  differentiable: true,
  operands: ["argument"],
  plan: ([t], dtype) => ({ shape: t._shape, dtype: parseDType(dtype, "astype") }),
  compute: ([t], out, _plan, threads) => castValues(t, out, threads),
});

/**
 * A copy converted to `dtype` (a copy even for the same dtype). float → int32 truncates
 * toward zero, as numpy's astype; NaN gives 0 and values beyond int32 saturate to its
 * min or max (numpy's result there depends on the platform).
 */
export function astype(t: Tensor, dtype: DType): Tensor {
  return run(ASTYPE, [t], dtype);
}
