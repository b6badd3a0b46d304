// Dispatch for matrix products: pointers, batch walks, kernel choice, the GEMM workspace.
import { heap } from "../memory/heap.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";

/**
 * out[...batch, m, n] = a[...batch, m, k] @ b[...batch, k, n] for float32/float64.
 * a and b are views whose batch axes are already broadcast to `batch` (stride 0 where
 * stretched); out is contiguous. Per batch entry: a dot when m = n = 1, a matrix·vector
 * kernel when m or n is 1 (bandwidth-bound: GEMM's packing would only add traffic),
 * GEMM otherwise.
 */
export function runMatmul(a: Tensor, b: Tensor, out: Tensor, batch: readonly number[]): void {
  if (out.size === 0) return;
  const rank = a.rank;
  const m = a.shape[rank - 2], k = a.shape[rank - 1], n = b.shape[rank - 1];
  const e = kernels.exports;
  const f64 = out.dtype === "float64";
  const bytes = f64 ? 8 : 4;
  const rsA = a.strides[rank - 2], csA = a.strides[rank - 1];
  const rsB = b.strides[rank - 2], csB = b.strides[rank - 1];

  let product: (pa: number, pb: number, pc: number) => void;
  let work = 0, workBytes = 0;
  if (m === 1 && n === 1) {
    const dot = f64 ? e.f64_dot : e.f32_dot;
    const slot = (pc: number, v: number) => {
      if (f64) new Float64Array(heap.memory.buffer, pc, 1)[0] = v;
      else new Float32Array(heap.memory.buffer, pc, 1)[0] = v;
    };
    product = (pa, pb, pc) => slot(pc, dot(k, pa, csA, pb, rsB));
  } else if (n === 1) {
    const gemv = f64 ? e.f64_gemv : e.f32_gemv;
    product = (pa, pb, pc) => gemv(m, k, pa, rsA, csA, pb, rsB, pc);
  } else if (m === 1) {
    // out row = a row · B  ==  Bᵀ · a row: B read with its strides swapped.
    const gemv = f64 ? e.f64_gemv : e.f32_gemv;
    product = (pa, pb, pc) => gemv(n, k, pb, csB, rsB, pa, csA, pc);
  } else {
    const gemm = f64 ? e.f64_gemm : e.f32_gemm;
    workBytes = f64 ? e.f64_gemm_workspace(n, k) : e.f32_gemm_workspace(n, k);
    work = heap.alloc(workBytes);
    product = (pa, pb, pc) => gemm(m, n, k, pa, rsA, csA, pb, rsB, csB, pc, work);
  }
  try {
    let pa = addressOf(a), pb = addressOf(b), pc = addressOf(out);
    const count = out.size / (m * n);
    const index = new Array<number>(batch.length).fill(0);
    for (let i = 0; i < count; i++) {
      product(pa, pb, pc);
      pc += m * n * bytes;
      // Odometer over the batch axes.
      for (let d = batch.length - 1; d >= 0; d--) {
        if (++index[d] < batch[d]) {
          pa += a.strides[d] * bytes;
          pb += b.strides[d] * bytes;
          break;
        }
        index[d] = 0;
        pa -= a.strides[d] * (batch[d] - 1) * bytes;
        pb -= b.strides[d] * (batch[d] - 1) * bytes;
      }
    }
  } finally {
    if (work !== 0) heap.free(work, workBytes);
  }
}
