// Picks the element-wise kernel entry point for a set of views: contiguous fast path,
// scalar (JS number) path, or the N-D strided walk; and, when worker threads run and the
// op is large enough (src/threads/tuning.ts), cuts it into one share per thread.
import { dtypeInfo, type DType, type KernelDType } from "../dtype.js";
import { broadcastStrides } from "../shape/broadcast.js";
import { collapseAxes } from "../shape/collapse.js";
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { runSplit } from "./threads.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import type { KernelName } from "./kernel-exports.js";
import { ELEMENTWISE, specOf, type BinaryOpName, type UnaryOpName } from "../manifest.js";
import { writeDescriptor, writeScalarSlot, writeSplitDescriptors } from "./strided-descriptor.js";

/** The kernels' name prefix per dtype they compute in (f32_binary, i32_unary, ...). */
export const KERNEL_PREFIX = { float32: "f32", float64: "f64", int32: "i32" } as const satisfies Record<KernelDType, string>;

/** A tensor's dtype as a kernel computes it: the engine converts one-byte operands to int32 first, so anything else here is a bug. */
export function computedIn(t: Tensor): KernelDType {
  const d: DType = t.dtype;
  if (d === "uint8" || d === "bool") throw new Error(`simd-tensor internal error: a ${d} tensor reached an arithmetic kernel`);
  return d;
}

function perThread(op: BinaryOpName | UnaryOpName): number {
  return specOf(op).transcendental === true ? tuning.transcendentalPerThread : tuning.elementwisePerThread;
}

/**
 * Runs `kernel(code, ...pointers, n)` over n contiguous elements, cut into `threads`
 * ranges (starts on 16-element boundaries, so every share keeps its SIMD main loop).
 * `extra` are arguments after n (the scalar path's side flag).
 */
function splitContiguous(kernel: KernelName, code: number, pointers: readonly number[], bytes: number, n: number, threads: number, extra: readonly number[] = []): void {
  runSplit(splitRange(n, threads, 16).map(([start, count]) => ({
    kernel,
    args: [code, ...pointers.map((p) => p + start * bytes), count, ...extra],
  })));
}

/** The strided kernel over a collapsed walk, on as many threads as its size and outer axis allow. */
function runStrided(kernel: KernelName, code: number, op: BinaryOpName | UnaryOpName, shape: number[], strides: number[][], pointers: number[], bytes: number, n: number, available: number): void {
  const threads = sharesFor(available, n, perThread(op), shape[0]);
  if (threads === 1) {
    (kernels.exports[kernel] as (op: number, desc: number) => void)(code, writeDescriptor(shape, strides, pointers));
    return;
  }
  const descs = writeSplitDescriptors(shape, strides, pointers, pointers.map(() => bytes), threads);
  runSplit(descs.map((desc) => ({ kernel, args: [code, desc] })));
}

/**
 * n contiguous elements: out = a (op) b, at byte addresses. `code` is the op's code, plus
 * THEN_RELU for relu(a (op) b) in the same pass.
 */
export function binaryContiguous(op: BinaryOpName, code: number, dtype: KernelDType, a: number, b: number, out: number, n: number, available: number): void {
  const threads = sharesFor(available, n, perThread(op));
  if (threads === 1) kernels.elementwise[dtype].binary(code, a, b, out, n);
  else splitContiguous(`${KERNEL_PREFIX[dtype]}_binary`, code, [a, b, out], dtypeInfo(dtype).bytes, n, threads);
}

/** n contiguous elements: out = a (op) s, or s (op) a when scalarOnLeft; `code` as in binaryContiguous. */
export function binaryScalarContiguous(op: BinaryOpName, code: number, dtype: KernelDType, a: number, s: number, scalarOnLeft: boolean, out: number, n: number, available: number): void {
  const threads = sharesFor(available, n, perThread(op));
  if (threads === 1) {
    kernels.elementwise[dtype].binaryScalar(code, a, s, out, n, scalarOnLeft ? 1 : 0);
    return;
  }
  const bytes = dtypeInfo(dtype).bytes;
  runSplit(splitRange(n, threads, 16).map(([start, count]) => ({
    kernel: `${KERNEL_PREFIX[dtype]}_binary_scalar` as const,
    args: [code, a + start * bytes, s, out + start * bytes, count, scalarOnLeft ? 1 : 0],
  })));
}

/** True when a (op) b can run as binaryContiguous: both operands contiguous with the output's size. */
export function isContiguousPair(a: Tensor, b: Tensor, out: Tensor): boolean {
  return a.isContiguousLayout && b.isContiguousLayout && a.size === out.size && b.size === out.size;
}

/** out = a (op) b, where out is contiguous with the broadcast shape of a and b. */
export function runBinary(op: BinaryOpName, a: Tensor, b: Tensor, out: Tensor, available: number): void {
  const dtype = computedIn(out);
  const n = out.size;
  if (n === 0) return;
  if (isContiguousPair(a, b, out)) {
    binaryContiguous(op, ELEMENTWISE[op].code, dtype, addressOf(a), addressOf(b), addressOf(out), n, available);
    return;
  }
  const c = collapseAxes(out._shape, [
    broadcastStrides(a._shape, a._strides, out._shape, op),
    broadcastStrides(b._shape, b._strides, out._shape, op),
    out._strides,
  ]);
  runStrided(`${KERNEL_PREFIX[dtype]}_binary_strided`, ELEMENTWISE[op].code, op, c.shape, c.strides, [addressOf(a), addressOf(b), addressOf(out)], dtypeInfo(dtype).bytes, n, available);
}

/** out = a (op) s, or s (op) a when scalarOnLeft; out is contiguous with a's shape. */
export function runBinaryScalar(op: BinaryOpName, a: Tensor, s: number, scalarOnLeft: boolean, out: Tensor, available: number): void {
  const dtype = computedIn(out);
  const n = out.size;
  if (n === 0) return;
  if (a.isContiguousLayout) {
    binaryScalarContiguous(op, ELEMENTWISE[op].code, dtype, addressOf(a), s, scalarOnLeft, addressOf(out), n, available);
    return;
  }
  // A strided view: the scalar becomes a stride-0 operand in the scratch slot (read-only, so every thread may share it).
  const pa = addressOf(a), po = addressOf(out);
  const slot = writeScalarSlot(dtype, s);
  const zero = new Array<number>(out.rank).fill(0);
  const c = scalarOnLeft
    ? collapseAxes(out._shape, [zero, a._strides, out._strides])
    : collapseAxes(out._shape, [a._strides, zero, out._strides]);
  const ptrs = scalarOnLeft ? [slot, pa, po] : [pa, slot, po];
  runStrided(`${KERNEL_PREFIX[dtype]}_binary_strided`, ELEMENTWISE[op].code, op, c.shape, c.strides, ptrs, dtypeInfo(dtype).bytes, n, available);
}

/** out = op(a); out is contiguous with a's shape. */
export function runUnary(op: UnaryOpName, a: Tensor, out: Tensor, available: number): void {
  const dtype = computedIn(out);
  const k = kernels.elementwise[dtype];
  const n = out.size;
  if (n === 0) return;
  const prefix = KERNEL_PREFIX[dtype];
  if (a.isContiguousLayout) {
    const threads = sharesFor(available, n, perThread(op));
    if (threads === 1) k.unary(ELEMENTWISE[op].code, addressOf(a), addressOf(out), n);
    else splitContiguous(`${prefix}_unary`, ELEMENTWISE[op].code, [addressOf(a), addressOf(out)], dtypeInfo(dtype).bytes, n, threads);
    return;
  }
  const c = collapseAxes(out._shape, [a._strides, out._strides]);
  runStrided(`${prefix}_unary_strided`, ELEMENTWISE[op].code, op, c.shape, c.strides, [addressOf(a), addressOf(out)], dtypeInfo(dtype).bytes, n, available);
}
