// Movement ops. All are O(rank) metadata changes that return views sharing storage,
// except reshape of a layout that cannot be re-strided (then it copies once, like numpy).
import { ShapeError } from "../errors.js";
import { normalizeAxis, normalizePermutation } from "../shape/axis.js";
import { broadcastStrides } from "../shape/broadcast.js";
import { resolveReshape, reshapeStrides } from "../shape/reshape.js";
import { formatShape, parseShape } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { expectTensor } from "./operand.js";
import { isRecording, record } from "../engine/recording.js";

/** The same values in a new shape; one axis may be -1 (inferred). A view when the layout allows. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  expectTensor(t, "reshape");
  if (!Array.isArray(shape)) throw new ShapeError(`reshape: shape must be an array of integers, got ${String(shape)}`);
  const target = resolveReshape(t.shape, shape, "reshape");
  const strides = reshapeStrides(t.shape, t.strides, target);
  const out = strides !== null ? t.view(target, strides) : reshapeCopy(t, target);
  if (isRecording()) record("reshape", [t], out);
  return out;
}

function reshapeCopy(t: Tensor, target: readonly number[]): Tensor {
  const packed = t.contiguous();
  try {
    return packed.view(target, reshapeStrides(packed.shape, packed.strides, target)!, 0);
  } finally {
    packed.dispose();
  }
}

/** Permutes the axes; reverses them when perm is omitted (numpy.transpose). */
export function transpose(t: Tensor, perm?: readonly number[]): Tensor {
  expectTensor(t, "transpose");
  const rank = t.rank;
  const p = perm === undefined ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : normalizePermutation(perm, rank, "transpose");
  const out = t.view(
    p.map((a) => t.shape[a]),
    p.map((a) => t.strides[a]),
  );
  if (isRecording()) record("transpose", [t], out, { perm: p });
  return out;
}

/** Inserts a size-1 axis at `axis` (in [-rank-1, rank]). */
export function expandDims(t: Tensor, axis: number): Tensor {
  expectTensor(t, "expandDims");
  const a = normalizeAxis(axis, t.rank + 1, "expandDims");
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  // The stride a contiguous layout would have, so contiguous stays contiguous-looking.
  const stride = a < t.rank ? t.shape[a] * t.strides[a] : 1;
  shape.splice(a, 0, 1);
  strides.splice(a, 0, stride);
  const out = t.view(shape, strides);
  if (isRecording()) record("expandDims", [t], out);
  return out;
}

/** Removes size-1 axes: the given ones (each must have size 1), or all of them. */
export function squeeze(t: Tensor, axis?: number | readonly number[]): Tensor {
  expectTensor(t, "squeeze");
  let drop: Set<number>;
  if (axis === undefined) {
    drop = new Set(t.shape.flatMap((d, i) => (d === 1 ? [i] : [])));
  } else {
    drop = new Set((typeof axis === "number" ? [axis] : axis).map((a) => normalizeAxis(a, t.rank, "squeeze")));
    for (const a of drop) {
      if (t.shape[a] !== 1) {
        throw new ShapeError(`squeeze: cannot squeeze axis ${a} of shape ${formatShape(t.shape)}: its size is ${t.shape[a]}, not 1`);
      }
    }
  }
  const out = t.view(
    t.shape.filter((_, i) => !drop.has(i)),
    t.strides.filter((_, i) => !drop.has(i)),
  );
  if (isRecording()) record("squeeze", [t], out);
  return out;
}

/** A read-only-in-spirit view with `shape`: stretched axes get stride 0 (no copy). */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  expectTensor(t, "broadcastTo");
  const target = parseShape(shape, "broadcastTo");
  const out = t.view(target, broadcastStrides(t.shape, t.strides, target, "broadcastTo"));
  if (isRecording()) record("broadcastTo", [t], out);
  return out;
}
