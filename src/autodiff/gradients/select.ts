// Gradient of where(condition, x, y): x gets the gradient where the condition held, y where
// it did not (zero elsewhere), each summed back to its own shape. The condition is not
// differentiable.
import { where } from "../../ops/compare.js";
import type { Tensor } from "../../tensor.js";
import { unbroadcast } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

export const whereGrad = defineRule({
  saveInputs: [0],
  grad: (dy, { inputs: [cond, x, y] }) => {
    const c = cond as Tensor, tx = x as Tensor, ty = y as Tensor;
    return [null, () => unbroadcast(where(c, dy, 0), tx._shape, tx.dtype), () => unbroadcast(where(c, 0, dy), ty._shape, ty.dtype)];
  },
});
