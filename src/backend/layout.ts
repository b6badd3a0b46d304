// Moving bytes between views, and between wasm memory and JS. Large copies and fills
// are cut over the worker threads (src/threads).
import { dtypeInfo, type DType, type TypedArray } from "../dtype.js";
import { heap } from "../memory/heap.js";
import { collapseAxes } from "../shape/collapse.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import type { KernelName } from "./kernel-exports.js";
import { writeDescriptor, writeSplitDescriptors } from "./strided-descriptor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { runSplit } from "./threads.js";
import { tuning } from "../threads/tuning.js";

/** The cast kernels' names per dtype: cast_f32_u8, cast_bool_i32, ... */
const CAST_PREFIX = { float32: "f32", float64: "f64", int32: "i32", uint8: "u8", bool: "bool" } as const satisfies Record<DType, string>;

/**
 * Converts `src` (contiguous, another dtype) into the contiguous `dst` of the same size:
 * one pass of a cast kernel (assembly/layout/cast.ts), split over the threads when large.
 */
export function castInto(src: Tensor, dst: Tensor, available: number): void {
  const n = src.size;
  if (n === 0) return;
  if (src.dtype === dst.dtype) throw new Error(`internal: castInto within ${src.dtype} (copyInto copies)`);
  const kernel = `cast_${CAST_PREFIX[src.dtype]}_${CAST_PREFIX[dst.dtype]}` as Extract<KernelName, `cast_${string}`>;
  const a = addressOf(src), out = addressOf(dst);
  const threads = sharesFor(available, n, tuning.elementwisePerThread);
  if (threads === 1) {
    kernels.exports[kernel](a, out, n);
    return;
  }
  const from = dtypeInfo(src.dtype).bytes, to = dtypeInfo(dst.dtype).bytes;
  runSplit(splitRange(n, threads, 16).map(([start, count]) => ({ kernel, args: [a + start * from, out + start * to, count] })));
}

/** Copies any view into any view of the same shape and dtype (the blocks must not overlap). */
export function copyInto(src: Tensor, dst: Tensor, available: number): void {
  const n = src.size;
  if (n === 0) return;
  const bytes = dtypeInfo(src.dtype).bytes;
  if (src.isContiguousLayout && dst.isContiguousLayout) {
    const threads = sharesFor(available, n, tuning.elementwisePerThread);
    if (threads === 1) kernels.exports.copy_bytes(addressOf(dst), addressOf(src), n * bytes);
    else runSplit(splitRange(n * bytes, threads, 64).map(([start, len]) => ({ kernel: "copy_bytes", args: [addressOf(dst) + start, addressOf(src) + start, len] })));
    return;
  }
  const c = collapseAxes(src._shape, [src._strides, dst._strides]);
  if (bytes !== 1 && isTransposeCopy(c.shape, c.strides[0], c.strides[1])) {
    transposeCopy(c.shape, c.strides[0], addressOf(src), addressOf(dst), bytes, available);
    return;
  }
  const kernel = bytes === 1 ? "copy8_strided" : bytes === 4 ? "copy32_strided" : "copy64_strided";
  const threads = sharesFor(available, n, tuning.elementwisePerThread, c.shape[0]);
  if (threads === 1) kernels.exports[kernel](writeDescriptor(c.shape, c.strides, [addressOf(src), addressOf(dst)]));
  else runSplit(writeSplitDescriptors(c.shape, c.strides, [addressOf(src), addressOf(dst)], [bytes, bytes], threads).map((desc) => ({ kernel, args: [desc] })));
}

/** The blocked transpose kernel over a (batch of) matrices; threads take whole matrices, or row blocks of one. */
function transposeCopy(shape: readonly number[], srcStrides: readonly number[], src: number, dst: number, bytes: number, available: number): void {
  const r = shape.length;
  const batch = r === 3 ? shape[0] : 1;
  const rows = shape[r - 2], cols = shape[r - 1];
  const sb = r === 3 ? srcStrides[0] : 0, sj = srcStrides[r - 1];
  const kernel = bytes === 4 ? "copy32_transpose" : "copy64_transpose";
  const threads = sharesFor(available, batch * rows * cols, tuning.transposePerThread, batch > 1 ? batch : rows / 32);
  if (threads === 1) {
    kernels.exports[kernel](batch, rows, cols, src, sb, sj, dst);
  } else if (batch > 1) {
    runSplit(splitRange(batch, threads).map(([b0, len]) => ({ kernel, args: [len, rows, cols, src + b0 * sb * bytes, sb, sj, dst + b0 * rows * cols * bytes] })));
  } else {
    // Row blocks of the destination (source column blocks), on the kernel's 32-row tiles.
    runSplit(splitRange(rows, threads, 32).map(([i0, len]) => ({ kernel, args: [1, len, cols, src + i0 * bytes, 0, sj, dst + i0 * cols * bytes] })));
  }
}

/**
 * A (batch of) transposed matrices into contiguous rows: the source steps by 1 down the
 * destination's columns. Such a copy strided row by row would touch a new cache line per
 * element; the blocked transpose kernel reads and writes whole lines.
 */
function isTransposeCopy(shape: readonly number[], src: readonly number[], dst: readonly number[]): boolean {
  const r = shape.length;
  if (r !== 2 && r !== 3) return false;
  const rows = shape[r - 2], cols = shape[r - 1];
  const dstContiguous = dst[r - 1] === 1 && dst[r - 2] === cols && (r === 2 || dst[0] === rows * cols);
  return dstContiguous && src[r - 2] === 1 && rows >= 4 && cols >= 4;
}

/** A fresh TypedArray copy of a contiguous view's values. */
export function readContiguous(t: Tensor): TypedArray {
  const info = dtypeInfo(t.dtype);
  // A fresh view of memory.buffer each time: after a growth the old buffer object is shorter.
  return new info.array(heap.memory.buffer, addressOf(t), t.size).slice();
}

/** Writes values (already converted to the dtype's range) into a contiguous view. */
export function writeContiguous(t: Tensor, values: ArrayLike<number>): void {
  const info = dtypeInfo(t.dtype);
  new info.array(heap.memory.buffer, addressOf(t), t.size).set(values);
}

/**
 * A contiguous view's bytes (the dtype's little-endian layout), as a view of the heap: what
 * file I/O reads into or writes from with no copy in between. Valid while the tensor lives
 * (a shared memory never detaches, and growth does not move it); callers use it at once.
 */
export function heapBytesOf(t: Tensor): Uint8Array {
  return new Uint8Array(heap.memory.buffer, addressOf(t), t.size * dtypeInfo(t.dtype).bytes);
}

const f32Bits = new Float32Array(1);
const f32AsInt = new Int32Array(f32Bits.buffer);

/** Sets every element of a contiguous view to value. */
export function fill(t: Tensor, value: number, available: number): void {
  const n = t.size;
  if (n === 0) return;
  let kernel: "fill8" | "fill32" | "fill64" = "fill32", pattern: number;
  switch (t.dtype) {
    case "uint8":
      kernel = "fill8";
      pattern = value & 255;
      break;
    case "bool":
      kernel = "fill8";
      pattern = value !== 0 ? 1 : 0;
      break;
    case "float32":
      f32Bits[0] = value;
      pattern = f32AsInt[0];
      break;
    case "int32":
      pattern = value | 0;
      break;
    case "float64":
      kernel = "fill64";
      pattern = value;
      break;
  }
  const threads = sharesFor(available, n, tuning.elementwisePerThread);
  const bytes = dtypeInfo(t.dtype).bytes;
  if (threads === 1) kernels.exports[kernel](addressOf(t), pattern, n);
  else runSplit(splitRange(n, threads, 16).map(([start, len]) => ({ kernel, args: [addressOf(t) + start * bytes, pattern, len] })));
}
