// Gradient of astype between float dtypes: the gradient cast back. (Integer results are
// never recorded, so nothing flows through a cast to int32.)
import type { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

export const astypeGrad = defineRule({
  grad: (dy, { inputs: [x] }) => [() => castTo(dy, (x as Tensor).dtype)],
});
