// Gradient of the batched matrix product (recorded for operands of rank >= 2; 1-D
// promotion and dot are expandDims/reshape/transpose around it, each recorded):
//   dA = dY @ Bᵀ,  dB = Aᵀ @ dY,
// each un-broadcast: an operand whose batch axes were broadcast gets its gradient summed
// back over them (tfjs gets this wrong: tfjs issues #8721 and #8548).
import { matmul } from "../../ops/linalg.js";
import { transpose } from "../../ops/movement.js";
import type { Tensor } from "../../tensor.js";
import { unbroadcast } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

/** The last two axes swapped: a view. */
function swapLast(t: Tensor): Tensor {
  const perm = Array.from({ length: t.rank }, (_, i) => i);
  perm[t.rank - 2] = t.rank - 1;
  perm[t.rank - 1] = t.rank - 2;
  return transpose(t, perm);
}

export const matmulGrad = defineRule({
  saveInputs: [0, 1],
  grad: (dy, { inputs }) => {
    const a = inputs[0] as Tensor;
    const b = inputs[1] as Tensor;
    return [() => unbroadcast(matmul(dy, swapLast(b)), a._shape, a.dtype), () => unbroadcast(matmul(swapLast(a), dy), b._shape, b.dtype)];
  },
});
