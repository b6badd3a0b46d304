// Gradient of gather: each row of the gradient is added back into the row it was taken
// from (an index taken twice gets both), zeros elsewhere. The indices get none.
import { scatterAdd } from "../../ops/indexing.js";
import { castTo } from "../unbroadcast.js";
import type { Tensor } from "../../tensor.js";
import { defineRule } from "./rule.js";

export const gatherGrad = defineRule<{ axis: number }>({
  saveInputs: [1],
  grad: (dy, { inputs: [x, indices], attrs: { axis } }) => {
    const t = x as Tensor;
    const g = dy.dtype === "float64" ? dy : castTo(dy, "float32");
    return [() => castTo(scatterAdd(g, indices as Tensor, t._shape, axis), t.dtype), null];
  },
});
