// Tensors with given logical values (row-major) laid out in memory in different ways:
// the kernels must not care. Takes the library module as a parameter so that a test
// file can load it after setting up its environment (see backend/relaxed-build.test.ts).
import type * as St from "../../src/index.js";
import { forEachIndex, rowMajorStrides, sizeOfShape, dot, expandRef } from "./reference.js";
import type { TestRng } from "./prng.js";

export type StModule = typeof St;
export type Tensor = St.Tensor;

/**
 *   contiguous  st.tensor(values, shape)
 *   offset      a contiguous view starting 3 elements (12 bytes) into its storage: misaligned
 *   transposed  st.transpose of a tensor holding the values with the axes reversed
 *   strided     gaps between elements and rows (every stride larger than row-major)
 *   reversed    negative strides: the view walks its storage backwards on every axis
 */
export type Layout = "contiguous" | "offset" | "transposed" | "strided" | "reversed";
export const LAYOUTS: readonly Layout[] = ["contiguous", "offset", "transposed", "strided", "reversed"];

export const SENTINEL = 12345.5;

/** SENTINEL as the dtype holds it exactly (integer dtypes take exact integers only). */
function sentinelFor(dtype: St.DType): number {
  return dtype === "int32" ? Math.trunc(SENTINEL) : dtype === "uint8" ? 123 : dtype === "bool" ? 1 : SENTINEL;
}

/** A view over fresh storage: places values at offset + idx·strides; the rest holds SENTINEL. */
export function viewOver(
  st: StModule,
  values: ArrayLike<number>,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dtype: St.DType = "float32",
): Tensor {
  let hi = offset;
  let lo = offset;
  for (let k = 0; k < shape.length; k++) {
    if (shape[k] === 0) continue;
    const span = (shape[k] - 1) * strides[k];
    if (span > 0) hi += span;
    else lo += span;
  }
  if (lo < 0) throw new Error("viewOver: negative address");
  const phys = new Array<number>(hi + 3).fill(sentinelFor(dtype));
  forEachIndex(shape, (idx, p) => {
    phys[offset + dot(idx, strides)] = values[p];
  });
  const base = st.tensor(phys, undefined, dtype);
  const view = base.view(shape.slice(), strides.slice(), offset);
  base.dispose(); // the view keeps the storage alive
  return view;
}

/** st.transpose(phys, perm) where phys holds the values so that the result reads them row-major. */
export function permuted(
  st: StModule,
  values: ArrayLike<number>,
  shape: readonly number[],
  perm: readonly number[],
  dtype: St.DType = "float32",
): Tensor {
  const physShape = new Array<number>(shape.length);
  for (let k = 0; k < shape.length; k++) physShape[perm[k]] = shape[k];
  const physStrides = rowMajorStrides(physShape);
  const phys = new Array<number>(sizeOfShape(shape));
  forEachIndex(shape, (idx, p) => {
    let j = 0;
    for (let k = 0; k < shape.length; k++) j += idx[k] * physStrides[perm[k]];
    phys[j] = values[p];
  });
  const base = st.tensor(phys, physShape, dtype);
  const t = st.transpose(base, perm);
  base.dispose();
  return t;
}

export function makeTensor(
  st: StModule,
  values: ArrayLike<number>,
  shape: readonly number[],
  layout: Layout,
  dtype: St.DType = "float32",
): Tensor {
  switch (layout) {
    case "contiguous":
      return st.tensor(Array.from(values), shape.slice(), dtype);
    case "offset":
      return viewOver(st, values, shape, rowMajorStrides(shape), 3, dtype);
    case "transposed": {
      const perm = shape.map((_, k) => shape.length - 1 - k);
      return permuted(st, values, shape, perm, dtype);
    }
    case "strided": {
      const strides = new Array<number>(shape.length);
      let s = 2;
      for (let k = shape.length - 1; k >= 0; k--) {
        strides[k] = s;
        s = s * Math.max(shape[k], 1) + 1;
      }
      return viewOver(st, values, shape, strides, 1, dtype);
    }
    case "reversed": {
      const strides = rowMajorStrides(shape).map((s) => -s);
      let offset = 0;
      for (let k = 0; k < shape.length; k++) if (shape[k] > 0) offset -= (shape[k] - 1) * strides[k];
      return viewOver(st, values, shape, strides, offset, dtype);
    }
  }
}

/**
 * An operand of `shape` that is itself a broadcast view (stride-0 axes): values are drawn
 * for a smaller shape (some axes 1, maybe fewer axes) and stretched with st.broadcastTo.
 * Returns the tensor and the logical values it reads.
 */
export function broadcastOperand(
  st: StModule,
  shape: readonly number[],
  rng: TestRng,
  draw: (n: number) => ArrayLike<number>,
): { tensor: Tensor; values: number[] } {
  const drop = shape.length > 0 ? rng.int(0, shape.length) : 0;
  const small = shape.slice(drop).map((d) => (d !== 0 && rng.next() < 0.5 ? 1 : d));
  const smallValues = draw(sizeOfShape(small));
  const base = st.tensor(Array.from(smallValues), small);
  const tensor = st.broadcastTo(base, shape.slice());
  base.dispose();
  return { tensor, values: expandRef(smallValues, small, shape) };
}
