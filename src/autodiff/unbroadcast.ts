// The one un-broadcasting helper. Broadcasting is an expand (stride 0), and the gradient of
// an expand is a sum (tinygrad: "this is sum in reverse"): a gradient of the broadcast shape
// is summed over the axes the operand was stretched along or lacked, then reshaped to the
// operand's shape and cast to its dtype (mixed-dtype ops compute in the promoted dtype).
// Every binary element-wise op, broadcastTo and batched matmul use it.
import type { DType } from "../dtype.js";
import { astype } from "../ops/cast.js";
import { reshape } from "../ops/movement.js";
import { sum } from "../ops/reduce.js";
import { shapesEqual, type Shape } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";

/** Axes of `broadcast` along which `shape` was stretched (size 1) or that it lacked (leading). */
export function broadcastAxes(shape: Shape, broadcast: Shape): number[] {
  const lead = broadcast.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < broadcast.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && broadcast[i] !== 1)) axes.push(i);
  }
  return axes;
}

/** `g` (of a broadcast shape) reduced to `shape` and cast to `dtype`. */
export function unbroadcast(g: Tensor, shape: Shape, dtype: DType): Tensor {
  let r = g;
  if (!shapesEqual(g._shape, shape)) {
    const axes = broadcastAxes(shape, g._shape);
    r = reshape(axes.length > 0 ? sum(g, axes, true) : g, shape);
  }
  return r.dtype === dtype ? r : astype(r, dtype);
}

/** `g` cast to `dtype` (a no-op when it already has it). */
export function castTo(g: Tensor, dtype: DType): Tensor {
  return g.dtype === dtype ? g : astype(g, dtype);
}
