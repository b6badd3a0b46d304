// Dispatch for the bool-valued kernels (assembly/compare/): comparisons, logical ops,
// value tests and where. Operands that are all contiguous blocks of the output's size run
// the contiguous kernels; any broadcast or strided one runs the N-D walk
// (assembly/compare/strided.ts), which reads every operand in place. Either is cut into
// one share per thread when large. The operands arrive in the kernel's dtype already.
import { dtypeInfo, type KernelDType } from "../dtype.js";
import { COMPARISONS, LOGICAL, type ComparisonOp, type LogicalOp } from "../manifest.js";
import { broadcastStrides } from "../shape/broadcast.js";
import { collapseAxes } from "../shape/collapse.js";
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { KERNEL_PREFIX } from "./elementwise.js";
import type { KernelName } from "./kernel-exports.js";
import { writeDescriptor, writeScalarSlot, writeSplitDescriptors } from "./strided-descriptor.js";
import { runSplit } from "./threads.js";

/** One operand of a walk: byte address, strides over the output's shape (elements; 0 on broadcast axes), element size. */
interface WalkOperand {
  ptr: number;
  strides: readonly number[];
  bytes: number;
}

function operandOf(t: Tensor, out: Tensor, op: string): WalkOperand {
  return { ptr: addressOf(t), strides: broadcastStrides(t._shape, t._strides, out._shape, op), bytes: dtypeInfo(t.dtype).bytes };
}

/** A JS number as an operand: one value in the scratch slot, stride 0 on every axis (read-only, so threads share it). */
function scalarOperand(dtype: KernelDType, s: number, out: Tensor): WalkOperand {
  return { ptr: writeScalarSlot(dtype, s), strides: new Array<number>(out.rank).fill(0), bytes: dtypeInfo(dtype).bytes };
}

/** Whether every operand is a contiguous block of out's size (so the contiguous kernels apply). */
function allContiguous(ts: readonly Tensor[], out: Tensor): boolean {
  return ts.every((t) => t.isContiguousLayout && t.size === out.size);
}

/**
 * The collapsed walk of `operands` and the (contiguous) output, strides turned into bytes:
 * the operands differ in element size, so the kernels walk bytes (assembly/compare/strided.ts).
 */
function collapsedWalk(operands: readonly WalkOperand[], out: Tensor): { shape: number[]; strides: number[][]; pointers: number[] } {
  const all = [...operands, { ptr: addressOf(out), strides: out._strides, bytes: dtypeInfo(out.dtype).bytes }];
  const c = collapseAxes(out._shape, all.map((o) => o.strides));
  return { shape: c.shape, strides: c.strides.map((s, j) => s.map((x) => x * all[j].bytes)), pointers: all.map((o) => o.ptr) };
}

/** Runs `kernel(...lead, desc)` over a collapsed walk, cut along its outer axis into one share per thread when large. */
function runWalk(kernel: KernelName, lead: readonly number[], walk: { shape: number[]; strides: number[][]; pointers: number[] }, n: number, available: number): void {
  const { shape, strides, pointers } = walk;
  const threads = sharesFor(available, n, tuning.elementwisePerThread, shape[0]);
  const call = kernels.exports[kernel] as (...args: number[]) => void;
  if (threads === 1) {
    call(...lead, writeDescriptor(shape, strides, pointers));
    return;
  }
  const descs = writeSplitDescriptors(shape, strides, pointers, pointers.map(() => 1), threads); // strides already in bytes
  runSplit(descs.map((desc) => ({ kernel, args: [...lead, desc] })));
}

/** The innermost stride (elements) of operand j of a collapsed walk. */
const innerStride = (walk: { strides: number[][] }, j: number): number => walk.strides[j][walk.strides[j].length - 1];

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

/**
 * The walk of a comparison: when only the first operand is one value per row (inner stride
 * 0), the operands swap and the op becomes its mirror (a < b is b > a, NaN included), so
 * the kernel's stride-0 fast path serves both sides.
 */
function compareWalk(op: ComparisonOp, dtype: KernelDType, a: WalkOperand, b: WalkOperand, out: Tensor, available: number): void {
  let walk = collapsedWalk([a, b], out);
  let code = COMPARISONS[op].code;
  if (innerStride(walk, 0) === 0 && innerStride(walk, 1) !== 0) {
    walk = collapsedWalk([b, a], out);
    code = COMPARISONS[COMPARISONS[op].swapped].code;
  }
  runWalk(`${KERNEL_PREFIX[dtype]}_compare_strided`, [code], walk, out.size, available);
}

/** out (bool) = a (op) b, a and b in `dtype`, any views broadcasting to out's shape. */
export function runCompare(op: ComparisonOp, dtype: KernelDType, a: Tensor, b: Tensor, out: Tensor, available: number): void {
  if (out.size === 0) return;
  if (!allContiguous([a, b], out)) {
    compareWalk(op, dtype, operandOf(a, out, op), operandOf(b, out, op), out, available);
    return;
  }
  const bytes = dtypeInfo(dtype).bytes;
  splitCall(`${KERNEL_PREFIX[dtype]}_compare`, [COMPARISONS[op].code], [addressOf(a), addressOf(b), addressOf(out)], [bytes, bytes, 1], out.size, [], available);
}

/** out (bool) = a (op) s, a in `dtype`, any view of out's shape. */
export function runCompareScalar(op: ComparisonOp, dtype: KernelDType, a: Tensor, s: number, out: Tensor, available: number): void {
  const n = out.size;
  if (n === 0) return;
  if (!allContiguous([a], out)) {
    compareWalk(op, dtype, operandOf(a, out, op), scalarOperand(dtype, s, out), out, available);
    return;
  }
  const code = COMPARISONS[op].code;
  const bytes = dtypeInfo(dtype).bytes;
  const kernel = `${KERNEL_PREFIX[dtype]}_compare_scalar` as const;
  const threads = sharesFor(available, n, tuning.elementwisePerThread);
  const pa = addressOf(a), po = addressOf(out);
  if (threads === 1) kernels.exports[kernel](code, pa, s, po, n);
  else runSplit(splitRange(n, threads, 16).map(([start, count]) => ({ kernel, args: [code, pa + start * bytes, s, po + start, count] })));
}

/** out = a (op) b over bool views broadcasting to out's shape; b is null for logicalNot. */
export function runLogical(op: LogicalOp, a: Tensor, b: Tensor | null, out: Tensor, available: number): void {
  if (out.size === 0) return;
  const code = LOGICAL[op].code;
  if (!allContiguous(b === null ? [a] : [a, b], out)) {
    // logicalNot walks a as its (unread) second operand too; and, or, xor commute, so a
    // first operand that is one value per row swaps to second (the kernel's stride-0 path).
    const oa = operandOf(a, out, op), ob = b === null ? oa : operandOf(b, out, op);
    let walk = collapsedWalk([oa, ob], out);
    if (innerStride(walk, 0) === 0 && innerStride(walk, 1) !== 0) walk = collapsedWalk([ob, oa], out);
    runWalk("bool_logical_strided", [code], walk, out.size, available);
    return;
  }
  splitCall("bool_logical", [code], [addressOf(a), b === null ? 0 : addressOf(b), addressOf(out)], [1, b === null ? 0 : 1, 1], out.size, [], available);
}

/** out (bool) = test(a), a a contiguous float block of out's size. */
export function runValueTest(code: number, a: Tensor, out: Tensor, available: number): void {
  const dtype = a.dtype === "float64" ? "float64" : "float32";
  splitCall(`${KERNEL_PREFIX[dtype]}_test`, [code], [addressOf(a), addressOf(out)], [dtypeInfo(dtype).bytes, 1], out.size, [], available);
}

/** out = cond ? a : b, any views broadcasting to out's shape; a, b and out in `dtype`, cond bool. */
export function runWhere(dtype: KernelDType, cond: Tensor, a: Tensor, b: Tensor, out: Tensor, available: number): void {
  if (out.size === 0) return;
  if (!allContiguous([cond, a, b], out)) {
    const walk = collapsedWalk([cond, a, b].map((t) => operandOf(t, out, "where")), out);
    runWalk(`${KERNEL_PREFIX[dtype]}_where_strided`, [], walk, out.size, available);
    return;
  }
  const bytes = dtypeInfo(dtype).bytes;
  splitCall(`${KERNEL_PREFIX[dtype]}_where`, [], [addressOf(cond), addressOf(a), addressOf(b), addressOf(out)], [1, bytes, bytes, bytes], out.size, [], available);
}
