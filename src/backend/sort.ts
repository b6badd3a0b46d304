// Dispatch for the radix argsort and the row takes (assembly/sort/radix.ts): rows laid out
// contiguously by the op layer, a workspace from the heap for the keys and counts.
import { dtypeInfo } from "../dtype.js";
import { heap } from "../memory/heap.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { computedIn, KERNEL_PREFIX } from "./elementwise.js";

/** out (rows × n int32) = the stable order of each row of the contiguous src (rows × n). */
export function runArgsort(src: Tensor, rows: number, n: number, descending: boolean, out: Tensor): void {
  if (rows === 0 || n === 0) return;
  const dtype = computedIn(src);
  const keyBytes = dtype === "float64" ? 8 : 4;
  const workBytes = n * (2 * keyBytes + 4) + 1024;
  const work = heap.alloc(workBytes);
  try {
    kernels.exports[`${KERNEL_PREFIX[dtype]}_argsort`](addressOf(src), rows, n, descending ? 1 : 0, addressOf(out), work);
  } finally {
    heap.free(work, workBytes);
  }
}

/** out[r, i] = src[r, idx[r, i]] (src rows of n, idx and out rows of m), all contiguous. */
export function runTakeRows(src: Tensor, n: number, idx: Tensor, m: number, rows: number, out: Tensor): void {
  if (rows === 0 || m === 0) return;
  kernels.exports.take_rows(addressOf(src), n, addressOf(idx), m, rows, dtypeInfo(src.dtype).bytes, addressOf(out));
}

/** out (rows × k int32) = the indices of each row's k largest values of the contiguous src (rows × n), largest first. */
export function runTopk(src: Tensor, rows: number, n: number, k: number, out: Tensor): void {
  if (rows === 0 || k === 0) return;
  const dtype = computedIn(src);
  const workBytes = k * ((dtype === "float64" ? 8 : 4) + 4) + 16;
  const work = heap.alloc(workBytes);
  try {
    kernels.exports[`${KERNEL_PREFIX[dtype]}_topk`](addressOf(src), rows, n, k, addressOf(out), work);
  } finally {
    heap.free(work, workBytes);
  }
}
