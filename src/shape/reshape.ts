import { ShapeError } from "../errors.js";
import { formatShape, sizeOf, type Shape } from "./shape.js";

/** Resolves one -1 in a requested shape against the element count, validating the rest. */
export function resolveReshape(from: Shape, requested: readonly number[], op: string): number[] {
  const size = sizeOf(from);
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < requested.length; i++) {
    const d = requested[i];
    if (d === -1) {
      if (inferred >= 0) throw new ShapeError(`${op}: can only specify one unknown dimension (-1), got [${requested.join(", ")}]`);
      inferred = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: invalid dimension ${d} in shape [${requested.join(", ")}]`);
    } else {
      known *= d;
    }
  }
  const out = requested.slice();
  if (inferred >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: cannot reshape tensor of shape ${formatShape(from)} (size ${size}) into [${requested.join(", ")}]`);
    }
    out[inferred] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${op}: cannot reshape tensor of shape ${formatShape(from)} (size ${size}) into shape ${formatShape(out)}`);
  }
  return out;
}

/**
 * Strides that let a (shape, strides) view be read with `target` shape without copying,
 * or null when the layout makes that impossible (numpy's _attempt_nocopy_reshape):
 * each group of old axes that maps onto a group of new axes must itself be contiguous.
 */
export function reshapeStrides(shape: Shape, strides: Shape, target: Shape): number[] | null {
  // Size-1 axes carry no layout information; drop them first.
  const oldShape: number[] = [];
  const oldStrides: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] !== 1) {
      oldShape.push(shape[i]);
      oldStrides.push(strides[i]);
    }
  }
  const out = new Array<number>(target.length).fill(0);
  if (sizeOf(target) === 0) return out;
  let oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < target.length && oi < oldShape.length) {
    let np = target[ni];
    let op = oldShape[oi];
    while (np !== op) {
      if (np < op) np *= target[nj++];
      else op *= oldShape[oj++];
    }
    for (let k = oi; k < oj - 1; k++) {
      if (oldStrides[k] !== oldShape[k + 1] * oldStrides[k + 1]) return null;
    }
    out[nj - 1] = oldStrides[oj - 1];
    for (let k = nj - 1; k > ni; k--) out[k - 1] = out[k] * target[k];
    ni = nj++;
    oi = oj++;
  }
  // Trailing size-1 axes of the target: any stride works; use the contiguous one.
  for (let k = ni; k < target.length; k++) out[k] = 1;
  return out;
}
