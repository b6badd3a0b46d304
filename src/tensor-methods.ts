// The op methods of Tensor (a.add(b), t.reshape([6, 1]), …): each one forwards to the
// function of the same name, so both spellings share one implementation.
import type { DType } from "./dtype.js";
import { Tensor } from "./tensor.js";
import * as elementwise from "./ops/elementwise.js";
import * as movement from "./ops/movement.js";
import { astype } from "./ops/cast.js";
import { slice, stridedSlice } from "./ops/slice.js";
import { matmul, dot } from "./ops/linalg.js";
import * as reduction from "./ops/reduce.js";
import type { TensorLike } from "./ops/operand.js";

declare module "./tensor.js" {
  interface Tensor {
    add(b: TensorLike): Tensor;
    sub(b: TensorLike): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    relu(): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    sqrt(): Tensor;
    pow(b: TensorLike): Tensor;
    exp(): Tensor;
    log(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    reshape(shape: readonly number[]): Tensor;
    transpose(perm?: readonly number[]): Tensor;
    expandDims(axis: number): Tensor;
    squeeze(axis?: number | readonly number[]): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    astype(dtype: DType): Tensor;
    matmul(b: Tensor): Tensor;
    dot(b: Tensor): Tensor;
    sum(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    prod(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    mean(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    max(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    min(axis?: reduction.AxisSpec, keepdims?: boolean): Tensor;
    argmax(axis?: number | null, keepdims?: boolean): Tensor;
    argmin(axis?: number | null, keepdims?: boolean): Tensor;
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    stridedSlice(begin: readonly (number | null)[], end: readonly (number | null)[], step?: readonly (number | null)[]): Tensor;
  }
}

const p = Tensor.prototype;
p.add = function (b) { return elementwise.add(this, b); };
p.sub = function (b) { return elementwise.sub(this, b); };
p.mul = function (b) { return elementwise.mul(this, b); };
p.div = function (b) { return elementwise.div(this, b); };
p.maximum = function (b) { return elementwise.maximum(this, b); };
p.minimum = function (b) { return elementwise.minimum(this, b); };
p.relu = function () { return elementwise.relu(this); };
p.neg = function () { return elementwise.neg(this); };
p.abs = function () { return elementwise.abs(this); };
p.square = function () { return elementwise.square(this); };
p.sqrt = function () { return elementwise.sqrt(this); };
p.pow = function (b) { return elementwise.pow(this, b); };
p.exp = function () { return elementwise.exp(this); };
p.log = function () { return elementwise.log(this); };
p.tanh = function () { return elementwise.tanh(this); };
p.sigmoid = function () { return elementwise.sigmoid(this); };
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
