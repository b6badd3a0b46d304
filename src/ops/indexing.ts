// Indexing: gather (numpy.take along an axis), oneHot, booleanMask (numpy's t[mask]), and
// reading one element. A gather copies whole rows (one memory.copy per index, in wasm);
// its gradient adds each row of the gradient back into the row it came from.
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { normalizeAxis } from "../shape/axis.js";
import { formatShape, sizeOf } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { fill } from "../backend/layout.js";
import { runGather, runScatterAdd } from "../backend/indexing.js";
import { withContiguous } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { equal, where } from "./compare.js";
import { astype } from "./cast.js";
import { tensor, arange } from "./creation.js";
import { expandDims, reshape } from "./movement.js";
import { slice } from "./slice.js";
import type { DType } from "../dtype.js";

/** Indices as a fresh int32 tensor, each checked against `n` and made non-negative. */
function checkedIndices(indices: Tensor | ArrayLike<number>, n: number, op: string): Tensor {
  let values: ArrayLike<number>;
  let shape: readonly number[];
  if (indices instanceof Tensor) {
    indices.live(op);
    if (indices.dtype !== "int32" && indices.dtype !== "uint8") throw new InvalidArgumentError(`${op}: indices must be int32 (or uint8), got ${indices.dtype}`);
    values = indices.data();
    shape = indices._shape;
  } else if (Array.isArray(indices) || (ArrayBuffer.isView(indices) && !(indices instanceof DataView))) {
    values = indices as ArrayLike<number>;
    shape = [values.length];
  } else {
    throw new InvalidArgumentError(`${op}: indices must be an int32 tensor or an array of integers, got ${String(indices)}`);
  }
  const fixed = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v) || v < -n || v >= n) {
      throw new InvalidArgumentError(`${op}: index ${String(v)} (at position ${i}) is out of range for an axis of length ${n}`);
    }
    fixed[i] = v < 0 ? v + n : v;
  }
  return tensor(fixed, shape.slice(), "int32");
}

interface GatherPlan {
  shape: number[];
  dtype: DType;
  outer: number;
  axisLen: number;
  inner: number;
  saved: { axis: number };
}

/** The primitive: operands (source, checked int32 indices). */
const GATHER = computeOp<number, GatherPlan>({
  name: "gather",
  differentiable: true,
  operands: ["argument", "indices"],
  plan([t, idx], axis) {
    const shape = [...t._shape.slice(0, axis), ...idx._shape, ...t._shape.slice(axis + 1)];
    return { shape, dtype: t.dtype, outer: sizeOf(t._shape.slice(0, axis)), axisLen: t._shape[axis], inner: sizeOf(t._shape.slice(axis + 1)), saved: { axis } };
  },
  compute: ([t, idx], out, { outer, axisLen, inner }, threads) =>
    withContiguous(t, t.dtype, threads, (src) => runGather(src, outer, axisLen, inner, idx, out)),
});

/**
 * numpy.take: the elements (rows, slabs) of `t` at `indices` along `axis` (default 0);
 * indices an int32 tensor or an array of integers, negative counting from the end. The
 * result's shape is t's with that axis replaced by the indices' shape. Differentiable in t.
 */
export function gather(t: Tensor, indices: Tensor | ArrayLike<number>, axis = 0): Tensor {
  const x = expectTensor(t, "gather");
  const ax = normalizeAxis(axis, x.rank, "gather");
  const idx = checkedIndices(indices, x._shape[ax], "gather");
  try {
    return run(GATHER, [x, idx], ax);
  } finally {
    idx.dispose();
  }
}

/** The gradient of gather: `updates` added into zeros of `shape` at the indices (repeats add up). */
const SCATTER_ADD = computeOp<{ shape: readonly number[]; axis: number }, GatherPlan>({
  name: "scatterAdd",
  differentiable: false,
  operands: ["updates", "indices"],
  plan([u, idx], { shape, axis }) {
    return { shape: shape.slice(), dtype: u.dtype, outer: sizeOf(shape.slice(0, axis)), axisLen: shape[axis], inner: sizeOf(shape.slice(axis + 1)), saved: { axis } };
  },
  compute([u, idx], out, { outer, axisLen, inner }, threads) {
    fill(out, 0, threads);
    withContiguous(u, u.dtype, threads, (src) => runScatterAdd(src, outer, inner, idx, axisLen, out));
  },
});

/** @internal gather's gradient rule: `updates` (float) scattered-and-added into zeros of `shape` along `axis` at the checked int32 `indices`. */
export function scatterAdd(updates: Tensor, indices: Tensor, shape: readonly number[], axis: number): Tensor {
  return run(SCATTER_ADD, [updates, indices], { shape, axis });
}

/**
 * tf.oneHot: a new last axis of length `depth` with 1 at each index and 0 elsewhere;
 * `indices` an int32 tensor or an array. An index outside [0, depth) gives a row of zeros.
 */
export function oneHot(indices: Tensor | ArrayLike<number>, depth: number, dtype: DType = "float32"): Tensor {
  if (!Number.isInteger(depth) || depth < 0) throw new InvalidArgumentError(`oneHot: depth must be a non-negative integer, got ${String(depth)}`);
  if (!(indices instanceof Tensor)) {
    if (!Array.isArray(indices) && !ArrayBuffer.isView(indices)) throw new InvalidArgumentError(`oneHot: indices must be an int32 tensor or an array of integers, got ${String(indices)}`);
    const list = indices as ArrayLike<unknown>;
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (typeof v !== "number" || !Number.isInteger(v) || Math.abs(v) >= 2 ** 31) throw new InvalidArgumentError(`oneHot: index ${String(v)} (at position ${i}) is not an int32`);
    }
  }
  return tidy(() => {
    const idx = indices instanceof Tensor ? expectTensor(indices, "oneHot", "indices") : tensor(Array.from(indices as ArrayLike<number>), "int32");
    if (idx.dtype !== "int32" && idx.dtype !== "uint8") throw new InvalidArgumentError(`oneHot: indices must be int32 (or uint8), got ${idx.dtype}`);
    return astype(where(equal(expandDims(idx, -1), arange(0, depth, 1, "int32")), 1, 0), dtype);
  });
}

/**
 * numpy's t[mask]: the elements (or slabs) of `t` where `mask` (bool, t's leading axes'
 * shape) is true, in row-major order, as one new leading axis. Reads the mask to count.
 */
export function booleanMask(t: Tensor, mask: Tensor): Tensor {
  const x = expectTensor(t, "booleanMask");
  const m = expectTensor(mask, "booleanMask", "mask");
  const lead = m._shape;
  if (lead.length > x.rank || lead.some((d, k) => d !== x._shape[k])) {
    throw new ShapeError(`booleanMask: mask of shape ${formatShape(lead)} does not match the leading axes of shape ${formatShape(x._shape)}`);
  }
  const bits = m.dtype === "bool" ? m.data() : tidy(() => astype(m, "bool").data());
  const picked: number[] = [];
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) picked.push(i);
  return tidy(() => gather(reshape(x, [sizeOf(lead), ...x._shape.slice(lead.length)]), picked, 0));
}

/** One index per axis of `t`, each in range (negative counting from the end), made non-negative. */
export function checkIndex(t: Tensor, index: readonly number[], op: string): number[] {
  if (index.length !== t.rank) throw new InvalidArgumentError(`${op}: expected ${t.rank} indices for shape ${formatShape(t._shape)}, got ${index.length}`);
  return index.map((v, k) => {
    const n = t._shape[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < -n || v >= n) throw new InvalidArgumentError(`${op}: index ${String(v)} is out of range for axis ${k} of length ${n}`);
    return v < 0 ? v + n : v;
  });
}

/** One element's value: t.get(i, j, …), one index per axis, negative counting from the end (a bool gives 1 or 0). */
export function elementAt(t: Tensor, index: readonly number[]): number {
  const x = expectTensor(t, "get");
  const begin = checkIndex(x, index, "get");
  return tidy(() => slice(x, begin, begin.map(() => 1)).data()[0]);
}
