// The op methods of Tensor (t.reshape([6, 1]), t.sum(0), …): each one forwards to the
// function of the same name, so both spellings share one implementation. The element-wise
// methods (a.add(b), t.exp()) are generated from the manifest: tensor-methods-elementwise.ts.
import type { DType } from "./dtype.js";
import { Tensor } from "./tensor.js";
import * as movement from "./ops/movement.js";
import { astype } from "./ops/cast.js";
import { slice, stridedSlice } from "./ops/slice.js";
import { matmul, dot } from "./ops/linalg.js";
import * as reduction from "./ops/reduce.js";
import * as compare from "./ops/compare.js";
import * as statistics from "./ops/statistics.js";
import * as shapeOps from "./ops/shape-ops.js";
import * as indexing from "./ops/indexing.js";
import * as cumulative from "./ops/cumulative.js";
import * as sorting from "./ops/sort.js";
import * as pooling from "./ops/pool.js";
import type { TensorLike } from "./engine/operand.js";

declare module "./tensor.js" {
  interface Tensor {
    /** The same values in `shape` (one entry may be -1, inferred): a view when the layout allows, else one copy. Same as {@link movement.reshape | reshape}(this, shape). */
    reshape(shape: readonly number[]): Tensor;
    /** A view with the axes permuted by `perm` (reversed when omitted); same as {@link movement.transpose | transpose}(this, perm). */
    transpose(perm?: readonly number[]): Tensor;
    /** A view with a size-1 axis inserted at `axis` (in [-rank-1, rank]); same as {@link movement.expandDims | expandDims}(this, axis). */
    expandDims(axis: number): Tensor;
    /** A view without the given size-1 axes (all size-1 axes when omitted); same as {@link movement.squeeze | squeeze}(this, axis). */
    squeeze(axis?: number | readonly number[]): Tensor;
    /** A view stretched to `shape` by numpy broadcasting (stride 0 on stretched axes, no copy); same as {@link movement.broadcastTo | broadcastTo}(this, shape). */
    broadcastTo(shape: readonly number[]): Tensor;
    /** A copy in `dtype` (a copy even for the same dtype; float → int32 truncates toward zero); same as {@link astype}(this, dtype). */
    astype(dtype: DType): Tensor;
    /** numpy.matmul: matrix product with 1-D operands promoted and batch axes broadcast; same as {@link matmul}(this, b). */
    matmul(b: Tensor): Tensor;
    /** numpy.dot: inner product of vectors, matrix product, or a sum over this tensor's last axis and b's second-to-last; same as {@link dot}(this, b). */
    dot(b: Tensor): Tensor;
    /** Sum over `axis` (all axes when omitted), keeping reduced axes as size 1 when `keepdims`; same dtype (int32 wraps). Same as {@link reduction.sum | sum}(this, axis, keepdims). */
    sum(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    /** Product over `axis` (all axes when omitted), same dtype; an empty product is 1. Same as {@link reduction.prod | prod}(this, axis, keepdims). */
    prod(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    /** Arithmetic mean over `axis` (all axes when omitted); int32 gives float32, an empty mean NaN. Same as {@link reduction.mean | mean}(this, axis, keepdims). */
    mean(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    /** Maximum over `axis` (all axes when omitted), NaN if any element is NaN; throws ShapeError on an empty axis. Same as {@link reduction.max | max}(this, axis, keepdims). */
    max(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    /** Minimum over `axis` (all axes when omitted), NaN if any element is NaN; throws ShapeError on an empty axis. Same as {@link reduction.min | min}(this, axis, keepdims). */
    min(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    /** int32 index of the maximum along `axis` (into the flattened tensor when omitted or null); first occurrence wins, a NaN counts as the maximum. Same as {@link reduction.argmax | argmax}(this, axis, keepdims). */
    argmax(axis?: number | null, keepdims?: boolean): Tensor;
    /** int32 index of the minimum along `axis` (into the flattened tensor when omitted or null); first occurrence wins, a NaN counts as the minimum. Same as {@link reduction.argmin | argmin}(this, axis, keepdims). */
    argmin(axis?: number | null, keepdims?: boolean): Tensor;
    /** tf.slice: a view of `size[i]` elements from `begin[i]` along each axis (size -1 or missing: to the end). Same as {@link slice}(this, begin, size). */
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    /** numpy basic slicing `t[begin:end:step, …]` per axis (null takes numpy's default, bounds clamp), as a view. Same as {@link stridedSlice}(this, begin, end, step). */
    stridedSlice(begin: readonly (number | null)[], end: readonly (number | null)[], step?: readonly (number | null)[]): Tensor;
    /** this == b, element-wise (bool; broadcasting); same as {@link compare.equal | equal}(this, b). */
    equal(b: TensorLike): Tensor;
    /** this != b, element-wise (bool); same as {@link compare.notEqual | notEqual}(this, b). */
    notEqual(b: TensorLike): Tensor;
    /** this < b, element-wise (bool); same as {@link compare.less | less}(this, b). */
    less(b: TensorLike): Tensor;
    /** this <= b, element-wise (bool); same as {@link compare.lessEqual | lessEqual}(this, b). */
    lessEqual(b: TensorLike): Tensor;
    /** this > b, element-wise (bool); same as {@link compare.greater | greater}(this, b). */
    greater(b: TensorLike): Tensor;
    /** this >= b, element-wise (bool); same as {@link compare.greaterEqual | greaterEqual}(this, b). */
    greaterEqual(b: TensorLike): Tensor;
    /** this AND b, operands taken as bool; same as {@link compare.logicalAnd | logicalAnd}(this, b). */
    logicalAnd(b: TensorLike): Tensor;
    /** this OR b, operands taken as bool; same as {@link compare.logicalOr | logicalOr}(this, b). */
    logicalOr(b: TensorLike): Tensor;
    /** this XOR b, operands taken as bool; same as {@link compare.logicalXor | logicalXor}(this, b). */
    logicalXor(b: TensorLike): Tensor;
    /** NOT this, taken as bool; same as {@link compare.logicalNot | logicalNot}(this). */
    logicalNot(): Tensor;
    /** True where NaN (bool); same as {@link compare.isNaN | isNaN}(this). */
    isNaN(): Tensor;
    /** True where ±Infinity (bool); same as {@link compare.isInf | isInf}(this). */
    isInf(): Tensor;
    /** True where neither NaN nor infinite (bool); same as {@link compare.isFinite | isFinite}(this). */
    isFinite(): Tensor;
    /** numpy.var over `axis` (options keepDims, ddof); same as {@link statistics.variance | variance}(this, axis, options). */
    variance(axis?: reduction.AxisSpec, options?: statistics.VarianceOptions): Tensor;
    /** numpy.std over `axis`; same as {@link statistics.std | std}(this, axis, options). */
    std(axis?: reduction.AxisSpec, options?: statistics.VarianceOptions): Tensor;
    /** log(sum(exp(this))) over `axis`, without overflow; same as {@link statistics.logSumExp | logSumExp}(this, axis, keepDims). */
    logSumExp(axis?: reduction.AxisSpec, keepDims?: boolean): Tensor;
    /** The vector norm (ord 1, 2 or Infinity) over `axis`; same as {@link statistics.norm | norm}(this, ord, axis, keepDims). */
    norm(ord?: 1 | 2 | typeof Infinity, axis?: reduction.AxisSpec, keepDims?: boolean): Tensor;
    /** True where any element over `axis` is non-zero (bool); same as {@link statistics.any | any}(this, axis, keepDims). */
    any(axis?: reduction.AxisSpec, keepDims?: boolean): Tensor;
    /** True where every element over `axis` is non-zero (bool); same as {@link statistics.all | all}(this, axis, keepDims). */
    all(axis?: reduction.AxisSpec, keepDims?: boolean): Tensor;
    /** This limited to [min, max]; same as {@link statistics.clip | clip}(this, min, max). */
    clip(min: TensorLike, max: TensorLike): Tensor;
    /** A view reversed along `axis` (all axes when omitted); same as {@link shapeOps.flip | flip}(this, axis). */
    flip(axis?: reduction.AxisSpec): Tensor;
    /** The values as one axis; same as {@link shapeOps.flatten | flatten}(this). */
    flatten(): Tensor;
    /** The axes reversed (a view), numpy's `.T`; same as {@link movement.transpose | transpose}(this). */
    readonly T: Tensor;
    /** numpy.take along `axis`; same as {@link indexing.gather | gather}(this, indices, axis). */
    gather(indices: Tensor | ArrayLike<number>, axis?: number): Tensor;
    /** One element's value: t.get(i, j, …), negative indices from the end (a bool gives 1 or 0). */
    get(...index: number[]): number;
    /** Running sums along `axis` (flattened when omitted); same as {@link cumulative.cumsum | cumsum}(this, axis). */
    cumsum(axis?: number): Tensor;
    /** Running products along `axis` (flattened when omitted); same as {@link cumulative.cumprod | cumprod}(this, axis). */
    cumprod(axis?: number): Tensor;
    /** Sorted along `axis` (stable, NaN last); same as {@link sorting.sort | sort}(this, axis, options). */
    sort(axis?: number, options?: sorting.SortOptions): Tensor;
    /** The int32 indices that sort along `axis`; same as {@link sorting.argsort | argsort}(this, axis, options). */
    argsort(axis?: number, options?: sorting.SortOptions): Tensor;
    /** 2-D max pooling of this NHWC tensor (TF's max_pool2d); same as {@link pooling.maxPool2d | maxPool2d}(this, options). */
    maxPool2d(options: pooling.Pool2dOptions): Tensor;
    /** 2-D average pooling of this NHWC tensor (TF's avg_pool2d); same as {@link pooling.avgPool2d | avgPool2d}(this, options). */
    avgPool2d(options: pooling.Pool2dOptions): Tensor;
  }
}

const p = Tensor.prototype;
p.reshape = function (shape) { return movement.reshape(this, shape); };
p.transpose = function (perm) { return movement.transpose(this, perm); };
p.expandDims = function (axis) { return movement.expandDims(this, axis); };
p.squeeze = function (axis) { return movement.squeeze(this, axis); };
p.broadcastTo = function (shape) { return movement.broadcastTo(this, shape); };
p.astype = function (dtype) { return astype(this, dtype); };
p.matmul = function (b) { return matmul(this, b); };
p.dot = function (b) { return dot(this, b); };
p.sum = function (axis, keepdims) { return reduction.sum(this, axis, keepdims); };
p.prod = function (axis, keepdims) { return reduction.prod(this, axis, keepdims); };
p.mean = function (axis, keepdims) { return reduction.mean(this, axis, keepdims); };
p.max = function (axis, keepdims) { return reduction.max(this, axis, keepdims); };
p.min = function (axis, keepdims) { return reduction.min(this, axis, keepdims); };
p.argmax = function (axis, keepdims) { return reduction.argmax(this, axis, keepdims); };
p.argmin = function (axis, keepdims) { return reduction.argmin(this, axis, keepdims); };
p.slice = function (begin, size) { return slice(this, begin, size); };
p.stridedSlice = function (begin, end, step) { return stridedSlice(this, begin, end, step); };
p.equal = function (b) { return compare.equal(this, b); };
p.notEqual = function (b) { return compare.notEqual(this, b); };
p.less = function (b) { return compare.less(this, b); };
p.lessEqual = function (b) { return compare.lessEqual(this, b); };
p.greater = function (b) { return compare.greater(this, b); };
p.greaterEqual = function (b) { return compare.greaterEqual(this, b); };
p.logicalAnd = function (b) { return compare.logicalAnd(this, b); };
p.logicalOr = function (b) { return compare.logicalOr(this, b); };
p.logicalXor = function (b) { return compare.logicalXor(this, b); };
p.logicalNot = function () { return compare.logicalNot(this); };
p.isNaN = function () { return compare.isNaN(this); };
p.isInf = function () { return compare.isInf(this); };
p.isFinite = function () { return compare.isFinite(this); };
p.variance = function (axis, options) { return statistics.variance(this, axis, options); };
p.std = function (axis, options) { return statistics.std(this, axis, options); };
p.logSumExp = function (axis, keepDims) { return statistics.logSumExp(this, axis, keepDims); };
p.norm = function (ord, axis, keepDims) { return statistics.norm(this, ord, axis, keepDims); };
p.any = function (axis, keepDims) { return statistics.any(this, axis, keepDims); };
p.all = function (axis, keepDims) { return statistics.all(this, axis, keepDims); };
p.clip = function (min, max) { return statistics.clip(this, min, max); };
p.flip = function (axis) { return shapeOps.flip(this, axis); };
p.gather = function (indices, axis) { return indexing.gather(this, indices, axis); };
p.get = function (...index) { return indexing.elementAt(this, index); };
p.cumsum = function (axis) { return cumulative.cumsum(this, axis); };
p.cumprod = function (axis) { return cumulative.cumprod(this, axis); };
p.sort = function (axis, options) { return sorting.sort(this, axis, options); };
p.argsort = function (axis, options) { return sorting.argsort(this, axis, options); };
p.maxPool2d = function (options) { return pooling.maxPool2d(this, options); };
p.avgPool2d = function (options) { return pooling.avgPool2d(this, options); };
p.flatten = function () { return shapeOps.flatten(this); };
Object.defineProperty(p, "T", {
  get(this: Tensor) {
    return movement.transpose(this);
  },
});
