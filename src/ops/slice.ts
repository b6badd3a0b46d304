// Slicing: views (O(rank) metadata), never copies.
import { InvalidArgumentError } from "../errors.js";
import { formatShape } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { run } from "../engine/engine.js";
import { viewOp } from "../engine/op.js";

function checkIndexList(values: unknown, name: string, rank: number, op: string): number[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== "number" || !Number.isInteger(v))) {
    throw new InvalidArgumentError(`${op}: ${name} must be an array of integers, got ${String(values)}`);
  }
  if (values.length > rank) throw new InvalidArgumentError(`${op}: ${name} has ${values.length} entries, the tensor has rank ${rank}`);
  return values;
}

/**
 * tf.slice: `size[i]` elements from `begin[i]` along each axis (missing entries: the whole
 * axis; size -1: to the end). A negative begin counts from the end. A view.
 */
export function slice(t: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  return run(SLICE, [t], { begin, size });
}

const SLICE = viewOp<{ begin: readonly number[]; size: readonly number[] | undefined }>({
  name: "slice",
  differentiable: true,
  plan(t, { begin, size }) {
    const b = checkIndexList(begin, "begin", t.rank, "slice");
    const s = size === undefined ? [] : checkIndexList(size, "size", t.rank, "slice");
    const shape: number[] = [];
    const starts: number[] = [];
    let offset = t.offset;
    for (let axis = 0; axis < t.rank; axis++) {
      const n = t._shape[axis];
      let start = b[axis] ?? 0;
      if (start < 0) start += n;
      const len = s[axis] === undefined || s[axis] === -1 ? n - start : s[axis];
      if (start < 0 || start > n || len < 0 || start + len > n) {
        throw new InvalidArgumentError(
          `slice: begin ${b[axis] ?? 0} with size ${s[axis] ?? -1} is out of range for axis ${axis} of shape ${formatShape(t._shape)}`,
        );
      }
      shape.push(len);
      starts.push(start);
      offset += start * t._strides[axis];
    }
    return { shape, strides: t._strides.slice(), offset, saved: { starts } };
  },
});

/**
 * numpy's basic slicing `t[start:stop:step, ...]` per axis: negative indices count from the
 * end, out-of-range bounds clamp, a negative step walks backwards; null (or a missing
 * entry) takes numpy's default for that position. A view.
 */
export function stridedSlice(
  t: Tensor,
  begin: readonly (number | null)[],
  end: readonly (number | null)[],
  step: readonly (number | null)[] = [],
): Tensor {
  return run(STRIDED_SLICE, [t], { begin, end, step });
}

type Bounds = readonly (number | null)[];

const STRIDED_SLICE = viewOp<{ begin: Bounds; end: Bounds; step: Bounds }>({
  name: "stridedSlice",
  differentiable: true,
  plan(t, { begin, end, step }) {
    for (const [name, list] of [["begin", begin], ["end", end], ["step", step]] as const) {
      if (!Array.isArray(list) || list.length > t.rank || list.some((v) => v !== null && (typeof v !== "number" || !Number.isInteger(v)))) {
        throw new InvalidArgumentError(`stridedSlice: ${name} must be an array of at most ${t.rank} integers or nulls`);
      }
    }
    const shape: number[] = [];
    const strides: number[] = [];
    const starts: number[] = [];
    const steps: number[] = [];
    let offset = t.offset;
    for (let axis = 0; axis < t.rank; axis++) {
      const n = t._shape[axis];
      const st = step[axis] ?? 1;
      if (st === 0) throw new InvalidArgumentError(`stridedSlice: step must not be zero (axis ${axis})`);
      // numpy's PySlice_AdjustIndices.
      const clamp = (v: number | null | undefined, dflt: number): number => {
        if (v === null || v === undefined) return dflt;
        if (v < 0) v += n;
        if (st > 0) return Math.min(Math.max(v, 0), n);
        return Math.min(Math.max(v, -1), n - 1);
      };
      const start = clamp(begin[axis], st > 0 ? 0 : n - 1);
      const stop = clamp(end[axis], st > 0 ? n : -1);
      const len = st > 0 ? Math.max(0, Math.ceil((stop - start) / st)) : Math.max(0, Math.ceil((start - stop) / -st));
      shape.push(len);
      strides.push(t._strides[axis] * st);
      starts.push(start);
      steps.push(st);
      if (len > 0) offset += start * t._strides[axis];
    }
    return { shape, strides, offset, saved: { starts, steps } };
  },
});
