// Movement ops. All are O(rank) metadata changes that return views sharing storage,
// except reshape of a layout that cannot be re-strided (then it copies once, like numpy).
import { AxisError, ShapeError } from "../errors.js";
import { normalizeAxis, normalizePermutation } from "../shape/axis.js";
import { broadcastStrides } from "../shape/broadcast.js";
import { resolveReshape, reshapeStrides } from "../shape/reshape.js";
import { formatShape, parseShape } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { run } from "../engine/engine.js";
import { viewOp } from "../engine/op.js";

const RESHAPE = viewOp<readonly number[]>({
  name: "reshape",
  differentiable: true,
  plan(t, shape) {
    if (!Array.isArray(shape)) throw new ShapeError(`reshape: shape must be an array of integers, got ${String(shape)}`);
    const target = resolveReshape(t._shape, shape, "reshape");
    return { shape: target, strides: reshapeStrides(t._shape, t._strides, target) };
  },
});

/** The same values in a new shape; one axis may be -1 (inferred). A view when the layout allows. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  return run(RESHAPE, [t], shape);
}

const TRANSPOSE = viewOp<readonly number[] | undefined>({
  name: "transpose",
  differentiable: true,
  plan(t, perm) {
    const rank = t.rank;
    const p = perm === undefined ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : normalizePermutation(perm, rank, "transpose");
    return { shape: p.map((a) => t._shape[a]), strides: p.map((a) => t._strides[a]), saved: { perm: p } };
  },
});

/** Permutes the axes; reverses them when perm is omitted (numpy.transpose). */
export function transpose(t: Tensor, perm?: readonly number[]): Tensor {
  return run(TRANSPOSE, [t], perm);
}

const EXPAND_DIMS = viewOp<number>({
  name: "expandDims",
  differentiable: true,
  plan(t, axis) {
    const a = normalizeAxis(axis, t.rank + 1, "expandDims");
    const shape = t._shape.slice();
    const strides = t._strides.slice();
    // The stride a contiguous layout would have, so contiguous stays contiguous-looking.
    const stride = a < t.rank ? t._shape[a] * t._strides[a] : 1;
    shape.splice(a, 0, 1);
    strides.splice(a, 0, stride);
    return { shape, strides };
  },
});

/** Inserts a size-1 axis at `axis` (in [-rank-1, rank]). */
export function expandDims(t: Tensor, axis: number): Tensor {
  return run(EXPAND_DIMS, [t], axis);
}

const SQUEEZE = viewOp<number | readonly number[] | undefined>({
  name: "squeeze",
  differentiable: true,
  plan(t, axis) {
    let drop: Set<number>;
    if (axis === undefined) {
      drop = new Set(t._shape.flatMap((d, i) => (d === 1 ? [i] : [])));
    } else {
      const axes = (typeof axis === "number" ? [axis] : axis).map((a) => normalizeAxis(a, t.rank, "squeeze"));
      drop = new Set(axes);
      if (drop.size !== axes.length) throw new AxisError(`squeeze: repeated axis in [${(axis as readonly number[]).join(", ")}]`);
      for (const a of drop) {
        if (t._shape[a] !== 1) {
          throw new ShapeError(`squeeze: cannot squeeze axis ${a} of shape ${formatShape(t._shape)}: its size is ${t._shape[a]}, not 1`);
        }
      }
    }
    return { shape: t._shape.filter((_, i) => !drop.has(i)), strides: t._strides.filter((_, i) => !drop.has(i)) };
  },
});

/** Removes size-1 axes: the given ones (each must have size 1), or all of them. */
export function squeeze(t: Tensor, axis?: number | readonly number[]): Tensor {
  return run(SQUEEZE, [t], axis);
}

const BROADCAST_TO = viewOp<readonly number[]>({
  name: "broadcastTo",
  differentiable: true,
  plan(t, shape) {
    const target = parseShape(shape, "broadcastTo");
    return { shape: target, strides: broadcastStrides(t._shape, t._strides, target, "broadcastTo") };
  },
});

/** A read-only-in-spirit view with `shape`: stretched axes get stride 0 (no copy). */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  return run(BROADCAST_TO, [t], shape);
}
