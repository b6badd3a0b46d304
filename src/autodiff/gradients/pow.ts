// Gradient of pow(a, b) = a^b:
//   da = dy · b · a^(b-1)
//   db = dy · a^b · log(a), taken as 0 where a <= 0 (TF's rule: there a^b is only defined
//        for integer b, where it does not vary with b).
import { log, maximum, mul, pow, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import { unbroadcast } from "../unbroadcast.js";
import { positive } from "./masks.js";
import { defineRule, type Operand } from "./rule.js";

function to(x: Operand, g: Tensor): Tensor {
  const t = x as Tensor;
  return unbroadcast(g, t._shape, t.dtype);
}

/** log(a) where a > 0, 0 elsewhere. */
function logPositive(a: Tensor): Tensor {
  const tiny = a.dtype === "float64" ? Number.MIN_VALUE : 1e-45;
  return mul(log(maximum(a, tiny)), positive(a));
}

export const powGrad = defineRule({
  saveInputs: [0, 1],
  saveOutput: true,
  grad: (dy, { inputs: [a, b], output }) => [
    () => to(a, mul(dy, mul(b, pow(a, typeof b === "number" ? b - 1 : sub(b, 1))))),
    () => to(b, mul(dy, mul(output, typeof a === "number" ? Math.log(a > 0 ? a : 1) : logPositive(a)))),
  ],
});
