// numpy's shape ops, composed from views and joins, so each differentiates through the
// rules of its parts: flip, flatten, split and unstack are views; tile, repeat and pad
// copy once.
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { normalizeAxes, type AxisSpec } from "../shape/reduce.js";
import { normalizeAxis } from "../shape/axis.js";
import { formatShape } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { full } from "./creation.js";
import { concat } from "./join.js";
import { gather } from "./indexing.js";
import { broadcastTo, reshape, squeeze } from "./movement.js";
import { slice, stridedSlice } from "./slice.js";

function checkCount(n: unknown, what: string, op: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${op}: ${what} must be a non-negative integer, got ${String(n)}`);
  return n;
}

/** The elements in reverse order along `axis` (all axes when omitted): a view with negative strides (numpy.flip). */
export function flip(t: Tensor, axis?: AxisSpec): Tensor {
  const x = expectTensor(t, "flip");
  const axes = normalizeAxes(axis, x.rank, "flip");
  const step = x._shape.map((_, k) => (axes.includes(k) ? -1 : null));
  return stridedSlice(x, [], [], step);
}

/** The values as one axis (a view when the layout allows, as reshape). */
export function flatten(t: Tensor): Tensor {
  return reshape(expectTensor(t, "flatten"), [t.size]);
}

/**
 * Pieces along `axis`, as views (tf.split): a number cuts it into that many equal sections
 * (the length must divide), an array gives each piece's length (they must add up to it).
 */
export function split(t: Tensor, sectionsOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const x = expectTensor(t, "split");
  const ax = normalizeAxis(axis, x.rank, "split");
  const n = x._shape[ax];
  let sizes: number[];
  if (typeof sectionsOrSizes === "number") {
    const k = checkCount(sectionsOrSizes, "the number of sections", "split");
    if (k === 0 || n % k !== 0) throw new ShapeError(`split: axis ${ax} of length ${n} does not divide into ${k} equal sections`);
    sizes = new Array<number>(k).fill(n / k);
  } else {
    if (!Array.isArray(sectionsOrSizes)) throw new InvalidArgumentError(`split: expected a number of sections or an array of sizes, got ${String(sectionsOrSizes)}`);
    sizes = sectionsOrSizes.map((s) => checkCount(s, "each size", "split"));
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) throw new ShapeError(`split: sizes [${sizes.join(", ")}] add up to ${total}, axis ${ax} has length ${n}`);
  }
  const pieces: Tensor[] = [];
  let start = 0;
  for (const size of sizes) {
    const begin = x._shape.map((_, k) => (k === ax ? start : 0));
    const extent = x._shape.map((d, k) => (k === ax ? size : d));
    pieces.push(slice(x, begin, extent));
    start += size;
  }
  return pieces;
}

/** The slices along `axis`, each without that axis, as views (tf.unstack). */
export function unstack(t: Tensor, axis = 0): Tensor[] {
  const x = expectTensor(t, "unstack");
  const ax = normalizeAxis(axis, x.rank, "unstack");
  return tidy(() => split(x, x._shape[ax] === 0 ? [] : x._shape[ax], ax).map((p) => squeeze(p, ax)));
}

/** numpy.tile: the tensor repeated reps[i] times along each axis (reps may be longer than the rank: leading axes are added). */
export function tile(t: Tensor, reps: readonly number[]): Tensor {
  const x = expectTensor(t, "tile");
  if (!Array.isArray(reps)) throw new InvalidArgumentError(`tile: reps must be an array of non-negative integers, got ${String(reps)}`);
  const r = reps.map((v) => checkCount(v, "each rep", "tile"));
  const rank = Math.max(x.rank, r.length);
  const shape = [...new Array<number>(rank - x.rank).fill(1), ...x._shape];
  const counts = [...new Array<number>(rank - r.length).fill(1), ...r];
  // (…, 1, d, …) stretched to (…, r, d, …), then merged: each axis's copies side by side.
  return tidy(() => {
    const spread = reshape(x, shape.flatMap((d) => [1, d]));
    const stretched = broadcastTo(spread, shape.flatMap((d, k) => [counts[k], d]));
    return reshape(stretched, shape.map((d, k) => d * counts[k]));
  });
}

/**
 * numpy.repeat: each element repeated along `axis` (the flattened tensor when omitted),
 * `repeats` times, or repeats[i] times for element i (one count per element of the axis).
 */
export function repeat(t: Tensor, repeats: number | readonly number[], axis?: number): Tensor {
  const x = expectTensor(t, "repeat");
  if (Array.isArray(repeats)) {
    return tidy(() => {
      const src = axis === undefined ? reshape(x, [x.size]) : x;
      const ax = axis === undefined ? 0 : normalizeAxis(axis, x.rank, "repeat");
      const len = src._shape[ax];
      if (repeats.length !== len) throw new ShapeError(`repeat: ${repeats.length} counts for an axis of length ${len}`);
      const counts = repeats.map((r) => checkCount(r, "each count", "repeat"));
      const indices = counts.flatMap((c, i) => new Array<number>(c).fill(i));
      return gather(src, indices, ax);
    });
  }
  const n = checkCount(repeats, "repeats", "repeat");
  return tidy(() => {
    const src = axis === undefined ? reshape(x, [x.size]) : x;
    const ax = axis === undefined ? 0 : normalizeAxis(axis, x.rank, "repeat");
    const shape = src._shape;
    const spread = reshape(src, [...shape.slice(0, ax + 1), 1, ...shape.slice(ax + 1)]);
    const stretched = broadcastTo(spread, [...shape.slice(0, ax + 1), n, ...shape.slice(ax + 1)]);
    return reshape(stretched, shape.map((d, k) => (k === ax ? d * n : d)));
  });
}

/**
 * numpy.pad in constant mode: paddings[i] = [before, after] elements of `value` around
 * axis i (one pair per axis).
 */
export function pad(t: Tensor, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  const x = expectTensor(t, "pad");
  if (!Array.isArray(paddings) || paddings.length !== x.rank || paddings.some((p) => !Array.isArray(p) || p.length !== 2)) {
    throw new InvalidArgumentError(`pad: paddings must hold one [before, after] pair per axis (${x.rank} for shape ${formatShape(x._shape)})`);
  }
  const pairs = paddings.map(([b, a]) => [checkCount(b, "each padding", "pad"), checkCount(a, "each padding", "pad")]);
  if (typeof value !== "number") throw new InvalidArgumentError(`pad: value must be a number, got ${String(value)}`);
  return tidy(() => {
    let r = x;
    pairs.forEach(([before, after], ax) => {
      if (before === 0 && after === 0) return;
      const block = (n: number) => full(r._shape.map((d, k) => (k === ax ? n : d)), value, r.dtype);
      r = concat([...(before > 0 ? [block(before)] : []), r, ...(after > 0 ? [block(after)] : [])], ax);
    });
    return r === x ? reshape(x, x._shape) : r;
  });
}
