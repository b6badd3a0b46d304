// Gradients of the running sum and product. cumsum: each input feeds every later output,
// so its gradient is the reversed running sum of dy. cumprod: TensorFlow's rule,
// reversed-cumsum(dy · y) / x, which assumes no zeros in x (a zero gives inf or NaN, as in TF).
import { cumsum } from "../../ops/cumulative.js";
import { div, mul } from "../../ops/elementwise.js";
import { flip } from "../../ops/shape-ops.js";
import type { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

function reversedCumsum(g: Tensor, axis: number): Tensor {
  return flip(cumsum(flip(g, axis), axis), axis);
}

export const cumsumGrad = defineRule<{ axis: number }>({
  grad: (dy, { inputs: [x], attrs: { axis } }) => [() => castTo(reversedCumsum(dy, axis), (x as Tensor).dtype)],
});

export const cumprodGrad = defineRule<{ axis: number }>({
  saveInputs: [0],
  saveOutput: true,
  grad: (dy, { inputs: [x], output, attrs: { axis } }) => [() => castTo(div(reversedCumsum(mul(dy, output), axis), x as Tensor), (x as Tensor).dtype)],
});
