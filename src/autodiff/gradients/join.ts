// Gradient of concat: each operand gets its slab of the gradient (a view). stack is
// expandDims + concat, so it needs no rule of its own.
import { slice } from "../../ops/slice.js";
import type { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

export const concatGrad = defineRule<{ axis: number }>({
  grad: (dy, { inputs, attrs: { axis } }) => {
    let start = 0;
    return inputs.map((input) => {
      const x = input as Tensor;
      const begin = new Array<number>(x.rank).fill(0);
      begin[axis] = start;
      start += x._shape[axis];
      return () => castTo(slice(dy, begin, x._shape), x.dtype);
    });
  },
});
