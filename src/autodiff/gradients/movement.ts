// Gradients of the movement ops: each is the inverse movement of the gradient, except
// broadcastTo, whose gradient is a sum (un-broadcasting).
import { reshape, transpose } from "../../ops/movement.js";
import type { Tensor } from "../../tensor.js";
import { unbroadcast } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

/** reshape, expandDims, squeeze: the same values, the operand's shape back. */
export const reshapeGrad = defineRule({
  grad: (dy, { inputs: [x] }) => [() => reshape(dy, (x as Tensor)._shape)],
});

export const transposeGrad = defineRule<{ perm: readonly number[] }>({
  grad: (dy, { attrs: { perm } }) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((axis, i) => (inverse[axis] = i));
    return [() => transpose(dy, inverse)];
  },
});

export const broadcastToGrad = defineRule({
  grad: (dy, { inputs: [x] }) => [() => unbroadcast(dy, (x as Tensor)._shape, (x as Tensor).dtype)],
});
