// Gradient of linear: through the fused activation (from the output), then the matrix
// product's: dx = dpre · Wᵀ, dW = xᵀ · dpre, db = dpre summed over the rows.
import { matmul } from "../../ops/linalg.js";
import type { LinearAttrs } from "../../ops/linear.js";
import { transpose } from "../../ops/movement.js";
import { sum } from "../../ops/reduce.js";
import type { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { throughActivation } from "./activation.js";
import { defineRule, type GradientThunk } from "./rule.js";

export const linearGrad = defineRule<LinearAttrs>({
  saveInputs: [0, 1],
  saveOutput: true,
  grad: (dy, { inputs, output, attrs: { activation } }) => {
    const [x, w, bias] = inputs as Tensor[];
    const pre = castTo(throughActivation(dy, output, activation), output.dtype);
    const thunks: GradientThunk[] = [() => castTo(matmul(pre, transpose(w)), x.dtype), () => castTo(matmul(transpose(x), pre), w.dtype)];
    if (bias !== undefined) thunks.push(() => castTo(sum(pre, 0), bias.dtype));
    return thunks;
  },
});
