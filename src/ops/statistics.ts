// Reductions composed from the primitive ones, so they differentiate (to any order) through
// the rules of their parts: variance, std, logSumExp, norm, and the bool reductions any and
// all. Axes as in sum: a number, an array (negative counts from the end) or all of them.
import { InvalidArgumentError } from "../errors.js";
import { normalizeAxes, reducedShape, reductionCount, type AxisSpec } from "../shape/reduce.js";
import type { Tensor } from "../tensor.js";
import { expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { equal, greater, isFinite, notEqual, where } from "./compare.js";
import { abs, add, div, log, exp, maximum, minimum, sqrt, square, sub } from "./elementwise.js";
import type { TensorLike } from "../engine/operand.js";
import { reshape } from "./movement.js";
import { checkKeepdims, max, mean, sum } from "./reduce.js";
import { stopGradient } from "./stop-gradient.js";

/** Options of {@link variance} and {@link std}. */
export interface VarianceOptions {
  /** Keep the reduced axes as size 1 (default false). */
  keepDims?: boolean;
  /** Delta degrees of freedom: the divisor is n - ddof (default 0, numpy's; 1 gives the unbiased estimate). */
  ddof?: number;
}

function checkKeepDims(keepDims: unknown, op: string): boolean {
  checkKeepdims(keepDims ?? false, op, "keepDims");
  return keepDims === true;
}

/**
 * numpy.var: the mean squared deviation from the mean over `axis`, divided by n - ddof
 * (n - ddof <= 0 gives inf or NaN, as numpy). Integers and bools give float32.
 */
export function variance(t: Tensor, axis?: AxisSpec, options: VarianceOptions = {}): Tensor {
  const x = expectTensor(t, "variance");
  const keepDims = checkKeepDims(options.keepDims, "variance");
  const ddof = options.ddof ?? 0;
  if (typeof ddof !== "number" || !Number.isFinite(ddof)) throw new InvalidArgumentError(`variance: ddof must be a finite number, got ${String(ddof)}`);
  const axes = normalizeAxes(axis, x.rank, "variance");
  const n = reductionCount(x._shape, axes);
  return tidy(() => div(sum(square(sub(x, mean(x, axes, true))), axes, keepDims), n - ddof));
}

/** numpy.std: the square root of {@link variance} (same axes and options). */
export function std(t: Tensor, axis?: AxisSpec, options: VarianceOptions = {}): Tensor {
  return tidy(() => sqrt(variance(t, axis, options)));
}

/**
 * log(sum(exp(t))) over `axis`, computed without overflow: the maximum is taken out first
 * (through stopGradient: the result does not depend on it). All -inf gives -inf.
 */
export function logSumExp(t: Tensor, axis?: AxisSpec, keepDims = false): Tensor {
  const x = expectTensor(t, "logSumExp");
  checkKeepDims(keepDims, "logSumExp");
  const axes = normalizeAxes(axis, x.rank, "logSumExp");
  return tidy(() => {
    const m = stopGradient(max(x, axes, true));
    const shift = where(isFinite(m), m, 0); // an all -inf (or inf) slice: shift by 0, not by inf
    const r = add(log(sum(exp(sub(x, shift)), axes, true)), shift);
    return keepDims ? r : reshape(r, reducedShape(x._shape, axes, false));
  });
}

/**
 * The vector norm over `axis` (all elements when omitted, as tf.norm's "euclidean"):
 * ord 2 (default) sqrt(Σx²), 1 Σ|x|, Infinity max|x|.
 */
export function norm(t: Tensor, ord: 1 | 2 | typeof Infinity = 2, axis?: AxisSpec, keepDims = false): Tensor {
  const x = expectTensor(t, "norm");
  checkKeepDims(keepDims, "norm");
  const axes = normalizeAxes(axis, x.rank, "norm");
  if (ord === 2) return tidy(() => sqrt(sum(square(x), axes, keepDims)));
  if (ord === 1) return tidy(() => sum(abs(x), axes, keepDims));
  if (ord === Infinity) return tidy(() => max(abs(x), axes, keepDims));
  throw new InvalidArgumentError(`norm: ord must be 1, 2 or Infinity, got ${String(ord)}`);
}

/** True where any element over `axis` is non-zero (NaN counts as true; empty: false), as numpy.any. */
export function any(t: Tensor, axis?: AxisSpec, keepDims = false): Tensor {
  const x = expectTensor(t, "any");
  checkKeepDims(keepDims, "any");
  return tidy(() => greater(sum(notEqual(x, 0), axis, keepDims), 0));
}

/** True where every element over `axis` is non-zero (empty: true), as numpy.all. */
export function all(t: Tensor, axis?: AxisSpec, keepDims = false): Tensor {
  const x = expectTensor(t, "all");
  checkKeepDims(keepDims, "all");
  return tidy(() => equal(sum(equal(x, 0), axis, keepDims), 0));
}

/**
 * numpy.clip: t limited to [min, max] (each a number or a tensor, broadcast), as
 * minimum(maximum(t, min), max); NaN stays NaN. The gradient passes where t is inside the
 * range, the bounds included.
 */
export function clip(t: TensorLike, min: TensorLike, max: TensorLike): Tensor {
  return tidy(() => minimum(maximum(t, min), max));
}
