// Operands in the dtype an op computes in: a converted copy by one cast kernel pass (a
// strided view is packed first). Used by the engine (element-wise operands), astype and
// the ops whose plan computes in a wider dtype (matmul of int32).
import type { DType } from "../dtype.js";
import { Tensor } from "../tensor.js";
import { castInto, copyInto } from "../backend/layout.js";

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
