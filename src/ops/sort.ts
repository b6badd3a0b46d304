// Sorting along an axis: argsort (a stable radix sort in wasm, NaN last, as numpy's stable
// sort), sort (the values taken by those indices) and topk (a selection of the k largest
// per row in wasm, no full sort). The axis is moved last and its rows laid out
// contiguously first; the result is moved back. sort's values differentiate through
// takeAlongLastAxis, topk's through a gather.
import { InvalidArgumentError } from "../errors.js";
import { kernelDType, type DType } from "../dtype.js";
import { normalizeAxis } from "../shape/axis.js";
import { sizeOf } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { runArgsort, runTakeRows, runTopk } from "../backend/sort.js";
import { withContiguous } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { reshape, transpose } from "./movement.js";
import { add, mul } from "./elementwise.js";
import { arange } from "./creation.js";
import { gather } from "./indexing.js";

/** Options of {@link sort} and {@link argsort}. */
export interface SortOptions {
  /** Largest first (default false); NaN stays last either way, and equal values keep their order. */
  descending?: boolean;
}

const ARGSORT = computeOp<boolean, { shape: readonly number[]; dtype: "int32"; rows: number; n: number; descending: boolean }>({
  name: "argsort",
  differentiable: false,
  operands: ["argument"],
  plan: ([t], descending) => ({ shape: t._shape, dtype: "int32", rows: sizeOf(t._shape.slice(0, -1)), n: t._shape[t.rank - 1], descending }),
  compute: ([t], out, { rows, n, descending }, threads) =>
    withContiguous(t, kernelDType(t.dtype), threads, (src) => runArgsort(src, rows, n, descending, out)),
});

const TAKE_ALONG_LAST_AXIS = computeOp<undefined, { shape: readonly number[]; dtype: DType; rows: number; n: number; m: number }>({
  name: "takeAlongLastAxis",
  differentiable: true,
  operands: ["argument", "indices"],
  plan: ([t, idx]) => ({ shape: idx._shape, dtype: t.dtype, rows: sizeOf(t._shape.slice(0, -1)), n: t._shape[t.rank - 1], m: idx._shape[idx.rank - 1] }),
  compute: ([t, idx], out, { rows, n, m }, threads) =>
    withContiguous(t, t.dtype, threads, (src) => withContiguous(idx, "int32", threads, (ix) => runTakeRows(src, n, ix, m, rows, out))),
});

/** @internal The values of `t` at int32 `indices` (in range, checked by the caller) along its last axis, row by row. */
export function takeAlongLastAxis(t: Tensor, indices: Tensor): Tensor {
  return run(TAKE_ALONG_LAST_AXIS, [t, indices], undefined);
}

/** @internal The stable ascending order of each last-axis row (an int32 tensor of t's shape). */
export function argsortLastAxis(t: Tensor, descending = false): Tensor {
  return run(ARGSORT, [t], descending);
}

/** `f` applied with `axis` moved last, its result moved back. */
function alongAxis(t: Tensor, axis: number, op: string, f: (x: Tensor) => Tensor): Tensor {
  const x = expectTensor(t, op);
  if (x.rank === 0) throw new InvalidArgumentError(`${op}: a 0-d tensor has no axis to sort along`);
  const ax = normalizeAxis(axis, x.rank, op);
  if (ax === x.rank - 1) return f(x);
  const perm = x._shape.map((_, k) => k).filter((k) => k !== ax).concat([ax]);
  const back = perm.map((_, k) => perm.indexOf(k));
  return tidy(() => transpose(f(transpose(x, perm)), back));
}

function descendingOf(options: SortOptions, op: string): boolean {
  const d = options.descending ?? false;
  if (typeof d !== "boolean") throw new InvalidArgumentError(`${op}: descending must be a boolean, got ${String(d)}`);
  return d;
}

/** The indices that sort `t` along `axis` (default the last), stable, NaN last (numpy's argsort with kind="stable"); int32. */
export function argsort(t: Tensor, axis = -1, options: SortOptions = {}): Tensor {
  const descending = descendingOf(options, "argsort");
  return alongAxis(t, axis, "argsort", (x) => argsortLastAxis(x, descending));
}

/** `t` sorted along `axis` (default the last), stable, NaN last; differentiable (the gradient goes back to each value's place). */
export function sort(t: Tensor, axis = -1, options: SortOptions = {}): Tensor {
  const descending = descendingOf(options, "sort");
  return alongAxis(t, axis, "sort", (x) => tidy(() => takeAlongLastAxis(x, argsortLastAxis(x, descending))));
}

/** Options of {@link topk}. */
export interface TopkOptions {
  /** Largest first (the default, and what is always returned: the selection keeps them in order). */
  sorted?: boolean;
}

/** What {@link topk} returns. */
export interface TopkResult {
  /** The k largest values of each row, largest first. */
  values: Tensor;
  /** Their int32 positions along the last axis. */
  indices: Tensor;
}

/**
 * tf.math.top_k: the k largest values along the last axis and their int32 indices
 * (`{ values, indices }`), largest first (`sorted`, the default; equal values in index
 * order). NaN comes after every number. Differentiable in the values.
 */
export function topk(t: Tensor, k: number, options: TopkOptions = {}): TopkResult {
  const x = expectTensor(t, "topk");
  if (x.rank === 0) throw new InvalidArgumentError("topk: a 0-d tensor has no last axis");
  const n = x._shape[x.rank - 1];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new InvalidArgumentError(`topk: k must be an integer in [0, ${n}], got ${String(k)}`);
  if (options.sorted !== undefined && typeof options.sorted !== "boolean") throw new InvalidArgumentError(`topk: sorted must be a boolean`);
  return tidy(() => {
    const indices = run(TOPK, [x], k);
    // The values by a gather over the flattened tensor (row r's index i is r·n + i), whose
    // gradient adds each back into its place.
    const rows = sizeOf(x._shape.slice(0, -1));
    const offsets = reshape(mul(arange(0, rows, 1, "int32"), n), [...x._shape.slice(0, -1), 1]);
    const flat = gather(reshape(x, [x.size]), reshape(add(indices, offsets), [rows * k]));
    return { values: reshape(flat, indices._shape), indices };
  });
}

/** The indices of each last-axis row's k largest values (a selection in wasm, one pass a row). */
const TOPK = computeOp<number, { shape: readonly number[]; dtype: "int32"; rows: number; n: number; k: number }>({
  name: "topk",
  differentiable: false,
  operands: ["argument"],
  plan: ([t], k) => ({ shape: [...t._shape.slice(0, -1), k], dtype: "int32", rows: sizeOf(t._shape.slice(0, -1)), n: t._shape[t.rank - 1], k }),
  compute: ([t], out, { rows, n, k }, threads) => withContiguous(t, kernelDType(t.dtype), threads, (src) => runTopk(src, rows, n, k, out)),
});
