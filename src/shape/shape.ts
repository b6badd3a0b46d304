// Pure shape arithmetic. Strides are in elements, row-major (C order).
import { ShapeError } from "../errors.js";

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** True when a view with these strides is laid out row-major with no gaps. Size-1 axes never matter. */
export function isContiguous(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return shape[i] === 0;
    expected *= shape[i];
  }
  return true;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numpy's spelling: (2, 3), (5,) and (). */
export function formatShape(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Validates a user-given shape: an array of non-negative integers. */
export function parseShape(shape: unknown, op: string): number[] {
  if (!Array.isArray(shape)) throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}`);
  if (shape.length > MAX_RANK) throw new ShapeError(`${op}: shape has ${shape.length} axes; at most ${MAX_RANK} are supported`);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: shape must be an array of non-negative integers, got [${shape.join(", ")}]`);
    }
    if (d > MAX_DIM) throw new ShapeError(`${op}: dimension ${d} of shape [${shape.join(", ")}] is too large (at most 2^31 - 1)`);
  }
  return shape.slice();
}

/** Axes a tensor may have (numpy's limit). */
export const MAX_RANK = 64;
/** The largest length of one axis: element indices are int32 in the kernels. */
export const MAX_DIM = 2 ** 31 - 1;
