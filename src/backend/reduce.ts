// Dispatch for the axis reductions: the loop nest from src/shape/reduce.ts becomes a
// descriptor, the accumulator is filled with the op's identity, one kernel call reduces
// every axis at once (assembly/reduce/reduce.ts), and a float32 sum or any mean is
// finished from its float64 accumulator.
import { dtypeInfo } from "../dtype.js";
import { heap } from "../memory/heap.js";
import { argReducePlan, reducePlan } from "../shape/reduce.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { writeDescriptor } from "./strided-descriptor.js";

// Op codes; must match assembly/reduce/opcodes.ts.
export const ReduceOp = { sum: 0, prod: 1, max: 2, min: 3 } as const;
export type ReduceOpName = keyof typeof ReduceOp;
export const ArgReduceOp = { argmax: 0, argmin: 1 } as const;
export type ArgReduceOpName = keyof typeof ArgReduceOp;

const IDENTITY: Record<ReduceOpName, { float: number; int32: number }> = {
  sum: { float: 0, int32: 0 },
  prod: { float: 1, int32: 1 },
  max: { float: -Infinity, int32: -2147483648 },
  min: { float: Infinity, int32: 2147483647 },
};

const f32Bits = new Float32Array(1);
const f32AsInt = new Int32Array(f32Bits.buffer);

function fillRaw(ptr: number, n: number, dtype: Tensor["dtype"] | "acc64", value: number): void {
  const e = kernels.exports;
  if (dtype === "float64" || dtype === "acc64") {
    e.fill64(ptr, value, n);
  } else if (dtype === "float32") {
    f32Bits[0] = value;
    e.fill32(ptr, f32AsInt[0], n);
  } else {
    e.fill32(ptr, value | 0, n);
  }
}

/**
 * out = op over `axes` of t (a non-empty reduction: every reduced axis has length > 0),
 * divided by `divisor` when given (the mean; float dtypes only). out is contiguous with
 * the reduced shape and t's dtype.
 */
export function runReduce(op: ReduceOpName, t: Tensor, axes: readonly number[], out: Tensor, divisor?: number): void {
  const n = out.size;
  if (n === 0) return;
  const e = kernels.exports;
  const dtype = t.dtype;
  // The float32 sum (and mean) accumulates in float64; everything else in its own dtype.
  const wide = dtype === "float32" && op === "sum";
  const accBytes = n * 8;
  const acc = wide ? heap.alloc(accBytes) : addressOf(out);
  try {
    fillRaw(acc, n, wide ? "acc64" : dtype, dtype === "int32" ? IDENTITY[op].int32 : IDENTITY[op].float);
    const plan = reducePlan(t.shape, t.strides, axes);
    // Accumulator strides in units of the input element (assembly/reduce/reduce.ts).
    const accStrides = wide ? plan.accStrides.map((s) => 2 * s) : plan.accStrides;
    const input = addressOf(t) + plan.inOffset * dtypeInfo(dtype).bytes;
    const desc = writeDescriptor(plan.shape, [plan.inStrides, accStrides], [input, acc]);
    const kernel = dtype === "float32" ? e.f32_reduce : dtype === "float64" ? e.f64_reduce : e.i32_reduce;
    kernel(ReduceOp[op], desc, plan.rows, plan.rowStride);
    if (wide) e.f64_to_f32_div(acc, addressOf(out), n, divisor ?? 1);
    else if (divisor !== undefined) e.f64_div_inplace(acc, n, divisor);
  } finally {
    if (wide) heap.free(acc, accBytes);
  }
}

/**
 * out (int32, contiguous, the kept axes in order) = index of the max/min along `axis`
 * of t; the axis must be non-empty.
 */
export function runArgReduce(op: ArgReduceOpName, t: Tensor, axis: number, out: Tensor): void {
  if (out.size === 0) return;
  const e = kernels.exports;
  const plan = argReducePlan(t.shape, t.strides, axis);
  const bestBytes = plan.vertical ? plan.shape[plan.shape.length - 1] * dtypeInfo(t.dtype).bytes : 0;
  const best = plan.vertical ? heap.alloc(bestBytes) : 0;
  try {
    const desc = writeDescriptor(plan.shape, [plan.strides], [addressOf(t)]);
    const kernel = t.dtype === "float32" ? e.f32_argreduce : t.dtype === "float64" ? e.f64_argreduce : e.i32_argreduce;
    kernel(ArgReduceOp[op], desc, addressOf(out), plan.n, plan.stride, plan.vertical ? 1 : 0, best);
  } finally {
    if (plan.vertical) heap.free(best, bestBytes);
  }
}
