// Dispatch for the bool-valued kernels (assembly/compare/): comparisons, logical ops,
// value tests and where, over contiguous blocks of one size (the op layer lays broadcast
// and strided operands out first), cut into one range per thread when large.
import { dtypeInfo, type KernelDType } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { KERNEL_PREFIX } from "./elementwise.js";
import type { KernelName } from "./kernel-exports.js";
import { runSplit } from "./threads.js";

/**
 * Calls `kernel(...lead, ...pointers + start·bytes, count, ...tail)` over n elements, cut
 * into ranges starting on 16-element boundaries (every share keeps its 16-wide SIMD loop).
 */
function splitCall(kernel: KernelName, lead: readonly number[], pointers: readonly number[], bytes: readonly number[], n: number, tail: readonly number[], available: number): void {
  const threads = sharesFor(available, n, tuning.elementwisePerThread);
  const call = (start: number, count: number) => [...lead, ...pointers.map((p, j) => p + start * bytes[j]), count, ...tail];
  if (threads === 1) {
    (kernels.exports[kernel] as (...args: number[]) => void)(...call(0, n));
    return;
  }
  runSplit(splitRange(n, threads, 16).map(([start, count]) => ({ kernel, args: call(start, count) })));
}

/** out (bool) = a (code) b, a and b contiguous of out's size in `dtype`. */
export function runCompare(code: number, dtype: KernelDType, a: Tensor, b: Tensor, out: Tensor, available: number): void {
  const bytes = dtypeInfo(dtype).bytes;
  splitCall(`${KERNEL_PREFIX[dtype]}_compare`, [code], [addressOf(a), addressOf(b), addressOf(out)], [bytes, bytes, 1], out.size, [], available);
}

/** out (bool) = a (code) s, a contiguous of out's size in `dtype`. */
export function runCompareScalar(code: number, dtype: KernelDType, a: Tensor, s: number, out: Tensor, available: number): void {
  const n = out.size;
  const bytes = dtypeInfo(dtype).bytes;
  const kernel = `${KERNEL_PREFIX[dtype]}_compare_scalar` as const;
  const threads = sharesFor(available, n, tuning.elementwisePerThread);
  const pa = addressOf(a), po = addressOf(out);
  if (threads === 1) kernels.exports[kernel](code, pa, s, po, n);
  else runSplit(splitRange(n, threads, 16).map(([start, count]) => ({ kernel, args: [code, pa + start * bytes, s, po + start, count] })));
}

/** out = a (code) b over bool bytes; b is null for logicalNot. */
export function runLogical(code: number, a: Tensor, b: Tensor | null, out: Tensor, available: number): void {
  splitCall("bool_logical", [code], [addressOf(a), b === null ? 0 : addressOf(b), addressOf(out)], [1, b === null ? 0 : 1, 1], out.size, [], available);
}

/** out (bool) = test(a), a a contiguous float block of out's size. */
export function runValueTest(code: number, a: Tensor, out: Tensor, available: number): void {
  const dtype = a.dtype === "float64" ? "float64" : "float32";
  splitCall(`${KERNEL_PREFIX[dtype]}_test`, [code], [addressOf(a), addressOf(out)], [dtypeInfo(dtype).bytes, 1], out.size, [], available);
}

/** out = cond ? a : b, all contiguous of out's size; a, b and out in `dtype`, cond bool. */
export function runWhere(dtype: KernelDType, cond: Tensor, a: Tensor, b: Tensor, out: Tensor, available: number): void {
  const bytes = dtypeInfo(dtype).bytes;
  splitCall(`${KERNEL_PREFIX[dtype]}_where`, [], [addressOf(cond), addressOf(a), addressOf(b), addressOf(out)], [1, bytes, bytes, bytes], out.size, [], available);
}
