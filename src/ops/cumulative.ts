// cumsum and cumprod (numpy's): the running sum or product along one axis, in one wasm
// pass (assembly/scan/scan.ts). Without an axis the tensor is flattened first, as numpy.
// float32 runs in float32 as numpy's does (the SIMD scan adds in a different order than a
// plain loop: equal within rounding); int32 wraps; bools and bytes count in int32.
import { isByteDType, kernelDType, type DType } from "../dtype.js";
import { normalizeAxis } from "../shape/axis.js";
import { sizeOf } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { runScan } from "../backend/scan.js";
import { withContiguous } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { reshape } from "./movement.js";

interface ScanPlan {
  shape: readonly number[];
  dtype: DType;
  outer: number;
  n: number;
  inner: number;
  saved: { axis: number };
}

function scanOp(name: "cumsum" | "cumprod") {
  return computeOp<number, ScanPlan>({
    name,
    differentiable: true,
    operands: ["argument"],
    plan: ([t], axis) => ({
      shape: t._shape,
      dtype: isByteDType(t.dtype) ? "int32" : t.dtype,
      outer: sizeOf(t._shape.slice(0, axis)),
      n: t._shape[axis],
      inner: sizeOf(t._shape.slice(axis + 1)),
      saved: { axis },
    }),
    compute: ([t], out, { outer, n, inner }, threads) =>
      withContiguous(t, kernelDType(t.dtype), threads, (src) => runScan(name === "cumprod", src, outer, n, inner, out)),
  });
}

const CUMSUM = scanOp("cumsum");
const CUMPROD = scanOp("cumprod");

function scan(def: typeof CUMSUM, op: string, t: Tensor, axis: number | undefined): Tensor {
  const x = expectTensor(t, op);
  if (axis === undefined || axis === null) return tidy(() => run(def, [reshape(x, [x.size])], 0));
  return run(def, [x], normalizeAxis(axis, x.rank, op));
}

/** numpy.cumsum: running sums along `axis` (of the flattened tensor when omitted). */
export const cumsum = (t: Tensor, axis?: number): Tensor => scan(CUMSUM, "cumsum", t, axis);
/** numpy.cumprod: running products along `axis` (of the flattened tensor when omitted). */
export const cumprod = (t: Tensor, axis?: number): Tensor => scan(CUMPROD, "cumprod", t, axis);
