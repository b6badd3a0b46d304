// Operands in the dtype and layout an op computes in: a converted copy by one cast kernel
// pass (a strided view is packed first). Used by the engine (element-wise operands),
// astype, the ops whose plan computes in a wider dtype (matmul of int32) and the row
// kernels that need contiguous rows (withContiguous).
import type { DType } from "../dtype.js";
import { Tensor } from "../tensor.js";
import { castInto, copyInto, fill } from "../backend/layout.js";

/** Writes `src`'s values into `dst`, any view of the same shape (blocks not overlapping), converting to dst's dtype. */
export function castValues(src: Tensor, dst: Tensor, threads: number): void {
  if (src.dtype === dst.dtype) {
    copyInto(src, dst, threads);
    return;
  }
  if (src.isContiguousLayout && dst.isContiguousLayout) {
    castInto(src, dst, threads);
    return;
  }
  // The cast kernel runs over contiguous blocks: pack (or land) through one in between.
  const between = src.isContiguousLayout ? Tensor.empty(src._shape, dst.dtype) : Tensor.empty(src._shape, src.dtype);
  try {
    if (src.isContiguousLayout) {
      castInto(src, between, threads);
      copyInto(between, dst, threads);
    } else {
      copyInto(src, between, threads);
      castValues(between, dst, threads);
    }
  } finally {
    between.dispose();
  }
}

/** `t` itself when it has `dtype`, else a converted copy that the caller disposes. */
export function converted(t: Tensor, dtype: DType, threads: number): Tensor {
  if (t.dtype === dtype) return t;
  const out = Tensor.empty(t._shape, dtype);
  castValues(t, out, threads);
  return out;
}

/**
 * Runs `fn` on `t` as a contiguous block in `dtype` (t itself when it already is one, else
 * a converted or packed copy, disposed afterwards): what a row kernel (scan, sort, gather)
 * reads.
 */
export function withContiguous<R>(t: Tensor, dtype: DType, threads: number, fn: (block: Tensor) => R): R {
  if (t.dtype === dtype && t.isContiguousLayout) return fn(t);
  const block = Tensor.empty(t._shape, dtype);
  try {
    castValues(t, block, threads);
    return fn(block);
  } finally {
    block.dispose();
  }
}

/** A JS number as a 0-d tensor of `dtype` (the caller disposes it). */
export function numberTensor(s: number, dtype: DType): Tensor {
  const t = Tensor.empty([], dtype);
  fill(t, s, 1);
  return t;
}
