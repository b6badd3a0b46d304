// Dispatch for the row gathers (assembly/indexing/gather.ts): a contiguous source seen as
// (outer, axis, inner), int32 indices already in range.
import { dtypeInfo } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";

/** out (outer, count, inner) = src (outer, axisLen, inner) taken at `indices` (count of them) along the middle axis. */
export function runGather(src: Tensor, outer: number, axisLen: number, inner: number, indices: Tensor, out: Tensor): void {
  const rowBytes = inner * dtypeInfo(src.dtype).bytes;
  kernels.exports.gather_rows(addressOf(src), outer, axisLen, rowBytes, addressOf(indices), indices.size, addressOf(out));
}

/** out (outer, axisLen, inner, zeroed) += updates (outer, count, inner) at `indices` along the middle axis; float dtypes. */
export function runScatterAdd(updates: Tensor, outer: number, inner: number, indices: Tensor, axisLen: number, out: Tensor): void {
  const kernel = out.dtype === "float64" ? kernels.exports.f64_scatter_add : kernels.exports.f32_scatter_add;
  kernel(addressOf(updates), outer, indices.size, inner, addressOf(indices), axisLen, addressOf(out));
}
