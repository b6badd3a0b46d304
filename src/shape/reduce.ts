// Pure shape math of the axis reductions: which axes, the output shape, and the loop
// nest a kernel walks (assembly/reduce/reduce.ts explains the loops).
import { AxisError, InvalidArgumentError } from "../errors.js";
import { normalizeAxis } from "./axis.js";
import { collapseAxes } from "./collapse.js";
import { isContiguous, type Shape } from "./shape.js";

/** What the reductions accept as `axis`: one axis, several, or all (omitted or null). */
export type AxisSpec = number | readonly number[] | null | undefined;

/** The reduced axes in [0, rank), ascending; all of them when axis is omitted. */
export function normalizeAxes(axis: AxisSpec, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axis === "number") return [normalizeAxis(axis, rank, op)];
  if (!Array.isArray(axis)) {
    throw new InvalidArgumentError(`${op}: axis must be a number, an array of numbers or omitted, got ${describeAxis(axis)}`);
  }
  const seen = new Set<number>();
  for (const a of axis as readonly unknown[]) {
    if (typeof a !== "number") throw new InvalidArgumentError(`${op}: axis must be a number, an array of numbers or omitted, got [${axis.join(", ")}]`);
    const k = normalizeAxis(a, rank, op);
    if (seen.has(k)) throw new AxisError(`${op}: axis ${a} repeats in axis [${axis.join(", ")}] (rank ${rank})`);
    seen.add(k);
  }
  return [...seen].sort((x, y) => x - y);
}

/** One axis (argmax, argmin), or null for the flattened tensor. */
export function normalizeSingleAxis(axis: unknown, rank: number, op: string): number | null {
  if (axis === undefined || axis === null) return null;
  if (typeof axis !== "number") throw new InvalidArgumentError(`${op}: axis must be a single number or omitted, got ${describeAxis(axis)}`);
  return normalizeAxis(axis, rank, op);
}

function describeAxis(axis: unknown): string {
  return Array.isArray(axis) ? `[${axis.join(", ")}]` : `${typeof axis} ${String(axis)}`;
}

/** The result's shape: reduced axes dropped, or kept with size 1. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!axes.includes(i)) out.push(shape[i]);
    else if (keepdims) out.push(1);
  }
  return out;
}

/** How many elements each output element combines. */
export function reductionCount(shape: Shape, axes: readonly number[]): number {
  let n = 1;
  for (const a of axes) n *= shape[a];
  return n;
}

/**
 * The loop nest of a reduction over a non-empty view: axes ordered outermost first with
 * the input's smallest stride innermost, then collapsed. The accumulator is the
 * row-major output, so its stride is 0 on every reduced axis.
 */
export interface ReducePlan {
  /** The walk's axes; the last is the kernel's 1-D loop. At least one axis. */
  shape: number[];
  /** Input strides per walk axis, in elements (negative reduced strides are flipped). */
  inStrides: number[];
  /** Accumulator strides per walk axis, in elements (0 on reduced axes). */
  accStrides: number[];
  /** Element offset of the input's first walked element from the view's (flipping a negative stride moves it). */
  inOffset: number;
  /**
   * When the inner walk axis is kept and the next one is reduced, that reduced axis is
   * taken out of the walk and streamed by the kernel: `rows` rows `rowStride` apart.
   * Otherwise rows = 1, rowStride = 0.
   */
  rows: number;
  rowStride: number;
}

export function reducePlan(shape: Shape, strides: Shape, axes: readonly number[]): ReducePlan {
  return contiguousRunPlan(shape, strides, axes) ?? generalPlan(shape, strides, axes);
}

/**
 * The common case without the general machinery (it costs about a microsecond): a
 * row-major view reduced over consecutive axes is (outer, reduced, inner) after collapsing.
 * Returns null for anything else.
 */
function contiguousRunPlan(shape: Shape, strides: Shape, axes: readonly number[]): ReducePlan | null {
  const k = axes.length;
  if (k === 0 || axes[k - 1] - axes[0] !== k - 1 || !isContiguous(shape, strides)) return null;
  let outer = 1, reduced = 1, inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < axes[0]) outer *= shape[i];
    else if (i <= axes[k - 1]) reduced *= shape[i];
    else inner *= shape[i];
  }
  if (reduced === 1) return null;
  if (inner === 1) {
    return outer === 1
      ? { shape: [reduced], inStrides: [1], accStrides: [0], inOffset: 0, rows: 1, rowStride: 0 }
      : { shape: [outer, reduced], inStrides: [reduced, 1], accStrides: [1, 0], inOffset: 0, rows: 1, rowStride: 0 };
  }
  return outer === 1
    ? { shape: [inner], inStrides: [1], accStrides: [1], inOffset: 0, rows: reduced, rowStride: inner }
    : { shape: [outer, inner], inStrides: [reduced * inner, 1], accStrides: [inner, 1], inOffset: 0, rows: reduced, rowStride: inner };
}

/** @internal Any view, any axes (exported for the tests, which compare it with the fast path). */
export function generalPlan(shape: Shape, strides: Shape, axes: readonly number[]): ReducePlan {
  const reduced = new Set(axes);
  const accStride = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1, s = 1; i >= 0; i--) {
    if (reduced.has(i)) continue;
    accStride[i] = s;
    s *= shape[i];
  }
  let inOffset = 0;
  const walk: { n: number; s: number; a: number }[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    let s = strides[i];
    // A reduced axis may be walked in either direction (only the rounding order changes).
    if (s < 0 && reduced.has(i)) {
      inOffset += (shape[i] - 1) * s;
      s = -s;
    }
    walk.push({ n: shape[i], s, a: accStride[i] });
  }
  // Largest input stride outermost. Broadcast axes (stride 0) go outside everything: the
  // inner loops then re-read one cache-resident block rather than one element.
  const key = (s: number) => (s === 0 ? Infinity : Math.abs(s));
  walk.sort((p, q) => key(q.s) - key(p.s) || 0); // stable: ties keep axis order
  const c = collapseAxes(
    walk.map((w) => w.n),
    [walk.map((w) => w.s), walk.map((w) => w.a)],
  );
  const [inStrides, accStrides] = c.strides;
  const r = c.shape.length;
  if (r >= 2 && accStrides[r - 1] !== 0 && accStrides[r - 2] === 0) {
    const rows = c.shape[r - 2];
    const rowStride = inStrides[r - 2];
    return {
      shape: c.shape.filter((_, i) => i !== r - 2),
      inStrides: inStrides.filter((_, i) => i !== r - 2),
      accStrides: accStrides.filter((_, i) => i !== r - 2),
      inOffset,
      rows,
      rowStride,
    };
  }
  return { shape: c.shape, inStrides, accStrides, inOffset, rows: 1, rowStride: 0 };
}

/** The loop nest of argmax/argmin over one axis of a non-empty view. */
export interface ArgReducePlan {
  /** Walk over the kept axes in output (row-major) order, collapsed; at least one axis. */
  shape: number[];
  strides: number[];
  /** The reduced axis: n elements `stride` apart. */
  n: number;
  stride: number;
  /** Stream rows of the reduced axis across a contiguous kept inner axis (see assembly/reduce/argreduce.ts). */
  vertical: boolean;
}

export function argReducePlan(shape: Shape, strides: Shape, axis: number): ArgReducePlan {
  const keptShape = shape.filter((_, i) => i !== axis);
  const keptStrides = strides.filter((_, i) => i !== axis);
  const c = collapseAxes(keptShape, [keptStrides]);
  const inner = c.shape.length - 1;
  const n = shape[axis];
  const stride = n === 1 ? 0 : strides[axis];
  const vertical = n > 1 && stride !== 1 && c.shape[inner] > 1 && c.strides[0][inner] === 1;
  return { shape: c.shape, strides: c.strides[0], n, stride, vertical };
}
