// Axis reductions: validate, work out the output shape and dtype, dispatch. Any view
// (transposed, sliced, broadcast) is reduced in place, every axis set in one kernel call.
//
// dtypes: sum, prod, max, min keep the input's dtype. The int32 sum and product wrap
// around on overflow (numpy would return int64, which this library does not have).
// mean of int32 is float32 (computed in float64), of float32/float64 the same dtype.
// float32 sums accumulate in float64 blocks (see assembly/reduce/reduce.ts).
//
// Empty reductions follow numpy: sum → 0, prod → 1, mean → NaN; max, min, argmax and
// argmin have no identity and throw a ShapeError naming the op, the axis and the shape.
import { isByteDType, isFloatDType, kernelDType, type DType } from "../dtype.js";
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { normalizeAxes, normalizeSingleAxis, reducedShape, reductionCount, type AxisSpec } from "../shape/reduce.js";
import { formatShape } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { fill } from "../backend/layout.js";
import { runArgReduce, runReduce, type ArgReduceOpName, type ReduceOpName } from "../backend/reduce.js";
import { castValues, converted } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";
import { astype } from "./cast.js";
import { reshape } from "./movement.js";
import { tidy } from "../memory/tidy.js";

export type { AxisSpec } from "../shape/reduce.js";

type ReductionName = ReduceOpName | "mean";

/** The keep-reduced-axes flag, a boolean, named in errors as the caller spells it (`keepDims` in the newer reductions). */
export function checkKeepdims(keepdims: unknown, op: string, name = "keepdims"): void {
  if (typeof keepdims !== "boolean") throw new InvalidArgumentError(`${op}: ${name} must be a boolean, got ${typeof keepdims} ${String(keepdims)}`);
}

function emptyReductionError(op: string, t: Tensor, axes: readonly number[] | null): ShapeError {
  const where =
    axes === null || axes.length === t.rank
      ? `all axes of a tensor of shape ${formatShape(t._shape)}`
      : `${axes.length === 1 ? "axis" : "axes"} ${axes.join(", ")} of shape ${formatShape(t._shape)}`;
  return new ShapeError(`${op}: cannot reduce over ${where}: it has no elements, and ${op} of nothing is undefined (numpy raises too)`);
}

interface ReducePlan {
  shape: number[];
  dtype: DType;
  /** The gradient rule's attrs. */
  saved: { axes: number[]; keepdims: boolean };
  /** Elements reduced into each output. */
  count: number;
}

/** The op definition of one reduction; mean of int32 never reaches it (see reduce()). */
function reduction(op: ReductionName) {
  return computeOp<{ axis: AxisSpec; keepdims: boolean }, ReducePlan>({
    name: op,
    differentiable: true,
    operands: ["argument"],
    plan([t], { axis, keepdims }) {
      checkKeepdims(keepdims, op);
      const axes = normalizeAxes(axis, t.rank, op);
      const count = reductionCount(t._shape, axes);
      if (count === 0 && (op === "max" || op === "min")) throw emptyReductionError(op, t, axes);
      // The sum and product of bools and bytes count in int32 (numpy: int64, absent here).
      const dtype = isByteDType(t.dtype) && (op === "sum" || op === "prod") ? "int32" : t.dtype;
      return { shape: reducedShape(t._shape, axes, keepdims), dtype, saved: { axes, keepdims }, count };
    },
    compute([t], out, { saved: { axes }, count }, threads) {
      if (count === 0) {
        fill(out, op === "sum" ? 0 : op === "prod" ? 1 : NaN, threads);
        return;
      }
      // One-byte dtypes reduce in int32; max and min convert back.
      const input = converted(t, kernelDType(t.dtype), threads);
      const target = isByteDType(out.dtype) ? Tensor.empty(out._shape, "int32") : out;
      try {
        if (op === "mean") runReduce("sum", input, axes, target, threads, count);
        else runReduce(op, input, axes, target, threads);
        if (target !== out) castValues(target, out, threads);
      } finally {
        if (input !== t) input.dispose();
        if (target !== out) target.dispose();
      }
    },
  });
}

const REDUCTIONS = { sum: reduction("sum"), prod: reduction("prod"), mean: reduction("mean"), max: reduction("max"), min: reduction("min") };

function reduce(op: ReductionName, x: Tensor, axis: AxisSpec, keepdims: boolean): Tensor {
  if (op === "mean" && !isFloatDType(expectTensor(x, op).dtype)) {
    checkKeepdims(keepdims, op);
    // Integers and bools: summed in float64 (an int32 sum could wrap), returned as float32.
    return tidy(() => astype(reduce("mean", astype(x, "float64"), axis, keepdims), "float32"));
  }
  return run(REDUCTIONS[op], [x], { axis, keepdims });
}

function argReduction(op: ArgReduceOpName) {
  return computeOp<{ axis: number; keepdims: boolean }, { shape: number[]; dtype: "int32"; axis: number }>({
    name: op,
    differentiable: false,
    operands: ["argument"],
    plan([t], { axis, keepdims }) {
      if (t._shape[axis] === 0) throw emptyReductionError(op, t, [axis]);
      return { shape: reducedShape(t._shape, [axis], keepdims), dtype: "int32", axis };
    },
    compute([t], out, { axis }, threads) {
      const input = converted(t, kernelDType(t.dtype), threads);
      try {
        runArgReduce(op, input, axis, out);
      } finally {
        if (input !== t) input.dispose();
      }
    },
  });
}

const ARG_REDUCTIONS = { argmax: argReduction("argmax"), argmin: argReduction("argmin") };

function argReduce(op: ArgReduceOpName, x: Tensor, axis: number | null | undefined, keepdims: boolean): Tensor {
  const t = expectTensor(x, op);
  checkKeepdims(keepdims, op);
  const a = normalizeSingleAxis(axis, t.rank, op);
  if (a !== null) return run(ARG_REDUCTIONS[op], [t], { axis: a, keepdims });
  // The index into the flattened (row-major) tensor, as numpy.
  if (t.size === 0) throw emptyReductionError(op, t, null);
  return tidy(() => {
    const index = run(ARG_REDUCTIONS[op], [reshape(t, [t.size])], { axis: 0, keepdims: false });
    return keepdims ? reshape(index, t._shape.map(() => 1)) : index;
  });
}

/** Sum over `axis` (a number, an array, or all axes when omitted); negative axes count from the end. */
export const sum = (t: Tensor, axis?: AxisSpec, keepdims = false): Tensor => reduce("sum", t, axis, keepdims);
/** Product over `axis`; an empty product is 1. */
export const prod = (t: Tensor, axis?: AxisSpec, keepdims = false): Tensor => reduce("prod", t, axis, keepdims);
/** Arithmetic mean over `axis`; int32 input gives float32. An empty mean is NaN. */
export const mean = (t: Tensor, axis?: AxisSpec, keepdims = false): Tensor => reduce("mean", t, axis, keepdims);
/** Maximum over `axis`; NaN if any element is NaN. Throws on an empty axis. */
export const max = (t: Tensor, axis?: AxisSpec, keepdims = false): Tensor => reduce("max", t, axis, keepdims);
/** Minimum over `axis`; NaN if any element is NaN. Throws on an empty axis. */
export const min = (t: Tensor, axis?: AxisSpec, keepdims = false): Tensor => reduce("min", t, axis, keepdims);
/**
 * int32 index of the maximum along `axis`, or into the flattened tensor when omitted. The
 * first occurrence wins a tie; a NaN counts as the maximum (the first NaN is returned).
 */
export const argmax = (t: Tensor, axis?: number | null, keepdims = false): Tensor => argReduce("argmax", t, axis, keepdims);
/** int32 index of the minimum; see argmax. */
export const argmin = (t: Tensor, axis?: number | null, keepdims = false): Tensor => argReduce("argmin", t, axis, keepdims);
