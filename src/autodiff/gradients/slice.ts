// Gradients of slicing: the gradient of the selected elements goes back to their places,
// zeros everywhere else. Built from public ops (concat with zeros, reshape, stridedSlice),
// one axis at a time.
import { concat } from "../../ops/join.js";
import { zeros } from "../../ops/creation.js";
import { expandDims, reshape } from "../../ops/movement.js";
import { slice, stridedSlice } from "../../ops/slice.js";
import type { Tensor } from "../../tensor.js";
import { defineRule } from "./rule.js";

function withAxis(shape: readonly number[], axis: number, n: number): number[] {
  const s = shape.slice();
  s[axis] = n;
  return s;
}

/** g reversed along one axis (a view). */
function reverse(g: Tensor, axis: number): Tensor {
  const step = new Array<number | null>(g.rank).fill(null);
  step[axis] = -1;
  return stridedSlice(g, [], [], step);
}

/**
 * g holds the gradient of elements start, start + step, … of an axis of length n (g.shape[axis]
 * of them); the gradient of the whole axis has g's values there and zeros elsewhere.
 */
export function scatterAxis(g: Tensor, axis: number, start: number, step: number, n: number): Tensor {
  const len = g._shape[axis];
  if (len === n && (step === 1 || n <= 1)) return g;
  if (len === 0) return zeros(withAxis(g._shape, axis, n), g.dtype);
  if (step < 0) {
    // The same elements walked forwards.
    g = reverse(g, axis);
    start += (len - 1) * step;
    step = -step;
  }
  if (step > 1 && len > 1) {
    // Each value followed by step - 1 zeros, then the trailing zeros dropped.
    const e = expandDims(g, axis + 1);
    const spread = concat([e, zeros(withAxis(e._shape, axis + 1, step - 1), g.dtype)], axis + 1);
    const flat = reshape(spread, withAxis(g._shape, axis, len * step));
    const begin = new Array<number>(g.rank).fill(0);
    g = slice(flat, begin, withAxis(g._shape, axis, (len - 1) * step + 1));
  }
  const parts: Tensor[] = [];
  const after = n - start - g._shape[axis];
  if (start > 0) parts.push(zeros(withAxis(g._shape, axis, start), g.dtype));
  parts.push(g);
  if (after > 0) parts.push(zeros(withAxis(g._shape, axis, after), g.dtype));
  return parts.length === 1 ? g : concat(parts, axis);
}

/** attrs: the first element taken along each axis, and the step (1 for slice). */
export interface SliceAttrs {
  starts: readonly number[];
  steps?: readonly number[];
}

export const sliceGrad = defineRule<SliceAttrs>({
  grad: (dy, { inputs: [x], attrs: { starts, steps } }) => [
    () => {
      const shape = (x as Tensor)._shape;
      let g = dy;
      for (let axis = 0; axis < shape.length; axis++) g = scatterAxis(g, axis, starts[axis], steps?.[axis] ?? 1, shape[axis]);
      return g;
    },
  ],
});
