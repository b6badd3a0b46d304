// Before a strided kernel runs, its iteration space is squeezed to the fewest axes:
// size-1 axes go, and neighbouring axes merge when every operand steps through them
// as one (stride[i] == stride[i+1] * shape[i+1]). A (64,3,32,10) ⊕ (32,10) broadcast
// becomes (192, 320): one kernel call, 192 contiguous rows.
import type { Shape } from "./shape.js";

export interface Collapsed {
  shape: number[];
  /** One stride array per operand, same length as shape. */
  strides: number[][];
}

export function collapseAxes(shape: Shape, strides: readonly Shape[]): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i];
    if (d === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    for (let k = 0; merge && k < strides.length; k++) {
      if (strides[k][i] !== outStrides[k][0] * outShape[0]) merge = false;
    }
    if (merge) {
      outShape[0] *= d;
    } else {
      outShape.unshift(d);
      for (let k = 0; k < strides.length; k++) outStrides[k].unshift(strides[k][i]);
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [1]) };
  return { shape: outShape, strides: outStrides };
}
