// Gradient of taking values along the last axis by indices (sort, topk): each value's
// gradient goes back to the place it was taken from, zeros elsewhere. For a full
// permutation (sort) that is a take by the inverse permutation, which is the argsort of the
// indices. (topk takes its values by a gather instead.)
import { argsortLastAxis, takeAlongLastAxis } from "../../ops/sort.js";
import type { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

export const takeAlongLastAxisGrad = defineRule({
  saveInputs: [1],
  grad: (dy, { inputs: [x, indices] }) => {
    const t = x as Tensor, idx = indices as Tensor;
    const n = t._shape[t.rank - 1], m = idx._shape[idx.rank - 1];
    return [
      () => {
        if (m !== n) throw new Error("simd-tensor internal error: takeAlongLastAxis's gradient needs a full permutation");
        return castTo(takeAlongLastAxis(dy, argsortLastAxis(idx)), t.dtype);
      },
      null,
    ];
  },
});
