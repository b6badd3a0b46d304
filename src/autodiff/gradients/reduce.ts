// Gradients of the axis reductions. The gradient of a reduced element is broadcast back
// over the axes it combined (a stride-0 view, no copy).
//
// max / min: the gradient goes to the elements equal to the result; ties split it evenly
// (deterministic, and the split gradients still sum to the gradient of the result).
// prod: the product of the other elements, computed without dividing by zero.
import { abs, add, div, mul, sub } from "../../ops/elementwise.js";
import { broadcastTo, reshape } from "../../ops/movement.js";
import { prod, sum } from "../../ops/reduce.js";
import type { Tensor } from "../../tensor.js";
import { equal, positive } from "./masks.js";
import { defineRule } from "./rule.js";

export interface ReduceAttrs {
  /** The reduced axes, normalized and ascending. */
  axes: readonly number[];
  keepdims: boolean;
}

/** A reduction's result (or its gradient) with the reduced axes kept as size 1. */
function keptDims(t: Tensor, x: Tensor, { axes, keepdims }: ReduceAttrs): Tensor {
  if (keepdims) return t;
  return reshape(t, x._shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

/** A reduction's result (or its gradient) spread back over x's shape. */
function spread(t: Tensor, x: Tensor, attrs: ReduceAttrs): Tensor {
  return broadcastTo(keptDims(t, x, attrs), x._shape);
}

function count(x: Tensor, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * x._shape[a], 1);
}

export const sumGrad = defineRule<ReduceAttrs>({
  grad: (dy, { inputs: [x], attrs }) => [() => spread(dy, x as Tensor, attrs)],
});

export const meanGrad = defineRule<ReduceAttrs>({
  grad: (dy, { inputs: [x], attrs }) => [() => div(spread(dy, x as Tensor, attrs), count(x as Tensor, attrs.axes))],
});

/** max and min. */
export const extremumGrad = defineRule<ReduceAttrs>({
  saveInputs: [0],
  saveOutput: true,
  grad: (dy, { inputs: [input], output, attrs }) => [
    () => {
      const x = input as Tensor;
      const hits = equal(x, spread(output, x, attrs));
      const share = div(hits, sum(hits, attrs.axes, true));
      return mul(spread(dy, x, attrs), share);
    },
  ],
});

/**
 * d prod / d x_i = the product of the other elements. With z zeros along the reduced axes:
 * z = 0: prod / x_i; z = 1: the product of the non-zero elements at the zero, 0 elsewhere;
 * z > 1: 0 everywhere.
 */
export const prodGrad = defineRule<ReduceAttrs>({
  saveInputs: [0],
  grad: (dy, { inputs: [input], attrs }) => [
    () => {
      const x = input as Tensor;
      const isZero = sub(1, positive(abs(x)));
      const nonZero = add(x, isZero); // zeros replaced by ones
      const zeroCount = sum(isZero, attrs.axes, true);
      const others = prod(nonZero, attrs.axes, true); // product of the non-zero elements
      const noZero = sub(1, positive(zeroCount));
      const oneZero = sub(positive(zeroCount), positive(sub(zeroCount, 1)));
      const whenNoZero = mul(div(broadcastTo(others, x._shape), nonZero), broadcastTo(noZero, x._shape));
      const whenOneZero = mul(mul(broadcastTo(others, x._shape), isZero), broadcastTo(oneZero, x._shape));
      return mul(spread(dy, x, attrs), add(whenNoZero, whenOneZero));
    },
  ],
});
