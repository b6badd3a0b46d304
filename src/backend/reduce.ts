// Dispatch for the axis reductions: the loop nest from src/shape/reduce.ts becomes a
// descriptor, the accumulator is filled with the op's identity, one kernel call reduces
// every axis at once (assembly/reduce/reduce.ts), and a float32 sum or any mean is
// finished from its float64 accumulator. Large reductions are cut over threads with a
// fixed combination order (part 0, then 1, ...): for a given thread count the result is
// always the same; between thread counts it differs only by float rounding.
import { dtypeInfo } from "../dtype.js";
import { heap } from "../memory/heap.js";
import { argReducePlan, reducePlan, type ReducePlan } from "../shape/reduce.js";
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { runShares } from "./threads.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { computedIn, KERNEL_PREFIX } from "./elementwise.js";
import { ARG_REDUCTIONS, ELEMENTWISE, REDUCTIONS, type ArgReduceOpName, type ReduceOpName } from "../manifest.js";
import { writeDescriptor, writeDescriptorAt } from "./strided-descriptor.js";

export type { ArgReduceOpName, ReduceOpName } from "../manifest.js";

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
export function runReduce(op: ReduceOpName, t: Tensor, axes: readonly number[], out: Tensor, available: number, divisor?: number): void {
  const n = out.size;
  if (n === 0) return;
  const e = kernels.exports;
  const dtype = computedIn(t);
  // The float32 sum (and mean) accumulates in float64; everything else in its own dtype.
  const wide = dtype === "float32" && op === "sum";
  const accType = wide ? "acc64" : dtype;
  const accBytes = n * (wide ? 8 : dtypeInfo(dtype).bytes);
  const acc = wide ? heap.alloc(accBytes) : addressOf(out);
  const privateAccs: number[] = [];
  try {
    const identity = dtype === "int32" ? REDUCTIONS[op].identity.int32 : REDUCTIONS[op].identity.float;
    fillRaw(acc, n, accType, identity);
    const plan = reducePlan(t._shape, t._strides, axes);
    // Accumulator strides in units of the input element (assembly/reduce/reduce.ts).
    const accStrides = wide ? plan.accStrides.map((s) => 2 * s) : plan.accStrides;
    const inBytes = dtypeInfo(dtype).bytes;
    const input = addressOf(t) + plan.inOffset * inBytes;
    const kernel = dtype === "float32" ? "f32_reduce" : dtype === "float64" ? "f64_reduce" : "i32_reduce";
    const parts = splitReduction(plan, accStrides, input, acc, inBytes, sharesFor(available, t.size, tuning.reducePerThread));
    if (parts.length === 1) {
      e[kernel](REDUCTIONS[op].code, writeDescriptor(plan.shape, [plan.inStrides, accStrides], [input, acc]), plan.rows, plan.rowStride);
    } else {
      // Parts that reduce the same outputs get private accumulators, combined below in part order.
      const descs = parts.map((part, p) => {
        let partAcc = acc;
        if (part.privateAcc) {
          partAcc = heap.alloc(accBytes);
          privateAccs.push(partAcc);
          fillRaw(partAcc, n, accType, identity);
        }
        return writeDescriptorAt(p, part.shape, [plan.inStrides, accStrides], [part.input, partAcc + part.accOffset]);
      });
      runShares(parts.map((part, p) => [{ kernel, args: [REDUCTIONS[op].code, descs[p], part.rows, plan.rowStride] }]));
      const combine = `${wide ? "f64" : KERNEL_PREFIX[dtype]}_binary` as const;
      for (const other of privateAccs) e[combine](ELEMENTWISE[REDUCTIONS[op].combine].code, acc, other, acc, n);
    }
    if (wide) e.f64_to_f32_div(acc, addressOf(out), n, divisor ?? 1);
    else if (divisor !== undefined) e.f64_div_inplace(acc, n, divisor);
  } finally {
    if (wide) heap.free(acc, accBytes);
    for (const p of privateAccs) heap.free(p, accBytes);
  }
}


interface ReducePart {
  shape: number[];
  input: number;
  accOffset: number;
  rows: number;
  privateAcc: boolean;
}

/**
 * Cuts a reduction walk into `threads` parts. Streamed rows (a leading reduced axis) are
 * cut first: each part then reads one contiguous block into private accumulators, where
 * cutting the kept columns instead would have every thread stride through every row
 * (sum(x, 0) of a (1000,1000) matrix: 0.9× on 2 threads against 1.7× for rows).
 * Otherwise the outer walk axis is cut (a kept axis gives each part its own outputs; a
 * reduced one, private accumulators). One part when neither can be cut.
 */
function splitReduction(plan: ReducePlan, accStrides: number[], input: number, acc: number, inBytes: number, threads: number): ReducePart[] {
  const whole: ReducePart = { shape: plan.shape, input, accOffset: 0, rows: plan.rows, privateAcc: false };
  if (threads === 1) return [whole];
  if (plan.rows < threads * 4) {
    const ranges = splitRange(plan.shape[0], threads);
    if (ranges.length === 1) return [whole];
    return ranges.map(([start, count], p) => ({
      shape: [count, ...plan.shape.slice(1)],
      input: input + start * plan.inStrides[0] * inBytes,
      accOffset: start * accStrides[0] * inBytes,
      rows: plan.rows,
      privateAcc: accStrides[0] === 0 && p > 0,
    }));
  }
  return splitRange(plan.rows, threads).map(([start, count], p) => ({
    shape: plan.shape,
    input: input + start * plan.rowStride * inBytes,
    accOffset: 0,
    rows: count,
    privateAcc: p > 0,
  }));
}
/**
 * out (int32, contiguous, the kept axes in order) = index of the max/min along `axis`
 * of t; the axis must be non-empty.
 */
export function runArgReduce(op: ArgReduceOpName, t: Tensor, axis: number, out: Tensor): void {
  if (out.size === 0) return;
  const e = kernels.exports;
  const dtype = computedIn(t);
  const plan = argReducePlan(t._shape, t._strides, axis);
  const bestBytes = plan.vertical ? plan.shape[plan.shape.length - 1] * dtypeInfo(dtype).bytes : 0;
  const best = plan.vertical ? heap.alloc(bestBytes) : 0;
  try {
    const desc = writeDescriptor(plan.shape, [plan.strides], [addressOf(t)]);
    const kernel = dtype === "float32" ? e.f32_argreduce : dtype === "float64" ? e.f64_argreduce : e.i32_argreduce;
    kernel(ARG_REDUCTIONS[op].code, desc, addressOf(out), plan.n, plan.stride, plan.vertical ? 1 : 0, best);
  } finally {
    if (plan.vertical) heap.free(best, bestBytes);
  }
}
