// Dispatch for matrix products: pointers, batch walks, kernel choice, the GEMM workspace,
// and the split over threads (src/threads): batch entries when there are enough of them,
// otherwise row blocks of each product (matrix·vector rows, or the dot's k range).
import { heap } from "../memory/heap.js";
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { runShares, type KernelCall } from "./threads.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { ACTIVATIONS, ELEMENTWISE, type Activation } from "../manifest.js";

/** One product of the batch: byte addresses of its A, B and C. */
type Entry = [pa: number, pb: number, pc: number];

/** The batch entries in row-major order of the (broadcast) batch axes. */
function entries(a: Tensor, b: Tensor, batch: readonly number[], count: number, cBytes: number, bytes: number): Entry[] {
  const list: Entry[] = [];
  let pa = addressOf(a), pb = addressOf(b), pc = 0;
  const index = new Array<number>(batch.length).fill(0);
  for (let i = 0; i < count; i++) {
    list.push([pa, pb, pc]);
    pc += cBytes;
    // Odometer over the batch axes.
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++index[d] < batch[d]) {
        pa += a._strides[d] * bytes;
        pb += b._strides[d] * bytes;
        break;
      }
      index[d] = 0;
      pa -= a._strides[d] * (batch[d] - 1) * bytes;
      pb -= b._strides[d] * (batch[d] - 1) * bytes;
    }
  }
  return list;
}

/**
 * out[...batch, m, n] = a[...batch, m, k] @ b[...batch, k, n] for float32/float64.
 * a and b are views whose batch axes are already broadcast to `batch` (stride 0 where
 * stretched); out is contiguous. Per batch entry: a dot when m = n = 1, a matrix·vector
 * kernel when m or n is 1 (bandwidth-bound: GEMM's packing would only add traffic),
 * GEMM otherwise.
 */
export function runMatmul(a: Tensor, b: Tensor, out: Tensor, batch: readonly number[], available: number, epilogue?: Epilogue): void {
  if (out.size === 0) return;
  const bias = epilogue?.bias === undefined ? 0 : addressOf(epilogue.bias);
  const act = epilogue?.activation === undefined ? 0 : ACTIVATIONS[epilogue.activation].code;
  const rank = a.rank;
  const m = a._shape[rank - 2], k = a._shape[rank - 1], n = b._shape[rank - 1];
  const f64 = out.dtype === "float64";
  const bytes = f64 ? 8 : 4;
  const rsA = a._strides[rank - 2], csA = a._strides[rank - 1];
  const rsB = b._strides[rank - 2], csB = b._strides[rank - 1];
  const count = out.size / (m * n);
  const base = addressOf(out);
  const work = m * n * k * count;
  if (count === 1 && m > 1 && n > 1 && sharesFor(available, work, tuning.gemmPerThread, Math.ceil(m / 4)) === 1) {
    // One GEMM on one thread: straight to the kernel (small products are overhead-bound).
    const e = kernels.exports;
    const workBytes = gemmWorkspaceBytes(f64, n, k);
    const space = heap.alloc(workBytes);
    try {
      (f64 ? e.f64_gemm : e.f32_gemm)(m, n, k, addressOf(a), rsA, csA, addressOf(b), rsB, csB, base, space, bias, act);
    } finally {
      heap.free(space, workBytes);
    }
    return;
  }
  const list = entries(a, b, batch, count, m * n * bytes, bytes).map(([pa, pb, pc]): Entry => [pa, pb, base + pc]);

  if (m === 1 && n === 1) {
    // Dots: C = sum over k, written here from each call's result.
    const dot = f64 ? "f64_dot" : "f32_dot";
    const threads = sharesFor(available, work, tuning.gemvPerThread, count > 1 ? count : k);
    const values = count > 1 || threads === 1
      ? runByEntries(list, threads, ([pa, pb]) => ({ kernel: dot, args: [k, pa, csA, pb, rsB] }))
      : [sumInOrder(runShares(splitRange(k, threads, 16).map(([s, len]) => [
        { kernel: dot, args: [len, list[0][0] + s * csA * bytes, csA, list[0][1] + s * rsB * bytes, rsB] },
      ])))];
    const view = f64 ? new Float64Array(heap.memory.buffer, base, count) : new Float32Array(heap.memory.buffer, base, count);
    view.set(values);
    if (epilogue !== undefined) epiloguePass(out, epilogue, n);
    return;
  }
  if (n === 1 || m === 1) {
    // out row = a row · B  ==  Bᵀ · a row: B read with its strides swapped.
    const gemv = f64 ? "f64_gemv" : "f32_gemv";
    const rows = n === 1 ? m : n;
    const call = (pa: number, pb: number, pc: number, r0: number, len: number): KernelCall => n === 1
      ? { kernel: gemv, args: [len, k, pa + r0 * rsA * bytes, rsA, csA, pb, rsB, pc + r0 * bytes] }
      : { kernel: gemv, args: [len, k, pb + r0 * csB * bytes, csB, rsB, pa, csA, pc + r0 * bytes] };
    const threads = sharesFor(available, work, tuning.gemvPerThread, count > 1 ? count : rows);
    if (count > 1 || threads === 1) runByEntries(list, threads, ([pa, pb, pc]) => call(pa, pb, pc, 0, rows));
    else runShares(splitRange(rows, threads, 4).map(([r0, len]) => [call(list[0][0], list[0][1], list[0][2], r0, len)]));
    if (epilogue !== undefined) epiloguePass(out, epilogue, n);
    return;
  }
  const gemm = f64 ? "f64_gemm" : "f32_gemm";
  const threads = sharesFor(available, work, tuning.gemmPerThread, count > 1 ? count : Math.ceil(m / 4));
  // One packing workspace per thread: each packs its own panels.
  withGemmWorkspaces(f64, threads, n, k, 0, (spaces) => {
    if (count > 1 || threads === 1) {
      runByEntries(list, threads, ([pa, pb, pc], thread) => ({ kernel: gemm, args: [m, n, k, pa, rsA, csA, pb, rsB, csB, pc, spaces[thread], bias, act] }));
    } else {
      // Row blocks, a multiple of 4 rows (the relaxed build's 5-row tiles leave one short
      // edge tile per block). Each thread packs all of B for itself: a k·n copy, small
      // beside its m·n·k / threads multiply-adds.
      const [pa, pb, pc] = list[0];
      runShares(splitRange(m, threads, 4).map(([r0, len], thread) => [
        { kernel: gemm, args: [len, n, k, pa + r0 * rsA * bytes, rsA, csA, pb, rsB, csB, pc + r0 * n * bytes, spaces[thread], bias, act] },
      ]));
    }
  });
}

/** A bias over the last axis (n elements, contiguous) and an activation, applied to the product as the GEMM stores it. */
export interface Epilogue {
  readonly bias?: Tensor;
  readonly activation?: Activation;
}

/**
 * The epilogue as passes over `out` (rows of n), for the products that do not run the
 * GEMM (a single row or column: bandwidth-bound, where one more pass is cheap).
 */
function epiloguePass(out: Tensor, { bias, activation }: Epilogue, n: number): void {
  const dtype = out.dtype === "float64" ? "float64" : "float32";
  const k = kernels.elementwise[dtype];
  const po = addressOf(out);
  const bytes = dtype === "float64" ? 8 : 4;
  if (bias !== undefined) {
    if (n === 1) {
      const value = (dtype === "float64" ? new Float64Array(heap.memory.buffer, addressOf(bias), 1) : new Float32Array(heap.memory.buffer, addressOf(bias), 1))[0];
      k.binaryScalar(ELEMENTWISE.add.code, po, value, po, out.size, 0);
    } else {
      for (let r = 0; r < out.size; r += n) k.binary(ELEMENTWISE.add.code, po + r * bytes, addressOf(bias), po + r * bytes, n);
    }
  }
  if (activation !== undefined) k.unary(ELEMENTWISE[activation].code, po, po, out.size);
}

/**
 * Runs `fn` with `count` GEMM packing workspaces (one per thread) for products of n columns
 * and depth up to k, each followed by `extraBytes` of the caller's; all freed afterwards.
 */
export function withGemmWorkspaces<R>(f64: boolean, count: number, n: number, k: number, extraBytes: number, fn: (spaces: number[]) => R): R {
  const bytes = gemmWorkspaceBytes(f64, n, k) + extraBytes;
  const spaces = Array.from({ length: count }, () => heap.alloc(bytes));
  try {
    return fn(spaces);
  } finally {
    for (const space of spaces) heap.free(space, bytes);
  }
}

/** Bytes of packing workspace one GEMM call of this size needs. */
export function gemmWorkspaceBytes(f64: boolean, n: number, k: number): number {
  const e = kernels.exports;
  return f64 ? e.f64_gemm_workspace(n, k) : e.f32_gemm_workspace(n, k);
}

/** Runs one call per batch entry, the entries dealt to `threads` threads in contiguous runs; returns the results in entry order. */
function runByEntries(list: readonly Entry[], threads: number, call: (entry: Entry, thread: number) => KernelCall): number[] {
  const shares = splitRange(list.length, threads).map(([start, len], thread) => list.slice(start, start + len).map((entry) => call(entry, thread)));
  return runShares(shares).flat();
}

/** Partial sums added in thread order: the result depends on the thread count only through rounding. */
function sumInOrder(partials: number[][]): number {
  let total = 0;
  for (const p of partials) total += p[0];
  return total;
}
