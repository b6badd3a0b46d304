// Joining: concat and stack copy each input into its place in the output with one
// strided-copy kernel call per input (not per element).
import { promoteTypes, type DType } from "../dtype.js";
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { normalizeAxis } from "../shape/axis.js";
import { formatShape } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { castValues } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";
import { expandDims } from "./movement.js";

const CONCAT = computeOp<number, { shape: number[]; dtype: DType; saved: { axis: number } }>({
  name: "concat",
  differentiable: true,
  operands: "variadic",
  plan(list, axis) {
    const first = list[0];
    if (first.rank === 0) throw new ShapeError("concat: zero-dimensional tensors cannot be concatenated (use stack)");
    const ax = normalizeAxis(axis, first.rank, "concat");
    let total = 0;
    let dtype = first.dtype;
    for (const t of list) {
      const compatible = t.rank === first.rank && t._shape.every((d, i) => i === ax || d === first._shape[i]);
      if (!compatible) {
        throw new ShapeError(`concat: shapes ${formatShape(first._shape)} and ${formatShape(t._shape)} differ outside axis ${ax}`);
      }
      total += t._shape[ax];
      dtype = promoteTypes(dtype, t.dtype);
    }
    const shape = first._shape.slice();
    shape[ax] = total;
    return { shape, dtype, saved: { axis: ax } };
  },
  compute(list, out, { saved: { axis } }, threads) {
    let start = 0;
    for (const t of list) {
      const part = out.view(t._shape, out._strides, start * out._strides[axis]);
      try {
        castValues(t, part, threads);
      } finally {
        part.dispose();
      }
      start += t._shape[axis];
    }
  },
});

/** Joins tensors along an existing axis; all other axes must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  return run(CONCAT, tensors, axis);
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new InvalidArgumentError("stack: expected a non-empty array of tensors");
  const list = tensors.map((t, i) => expectTensor(t, "stack", `tensors[${i}]`));
  const first = list[0];
  for (const t of list) {
    if (t.rank !== first.rank || t._shape.some((d, i) => d !== first._shape[i])) {
      throw new ShapeError(`stack: all tensors must have the same shape, got ${formatShape(first._shape)} and ${formatShape(t._shape)}`);
    }
  }
  const ax = normalizeAxis(axis, first.rank + 1, "stack");
  const expanded = list.map((t) => expandDims(t, ax));
  try {
    return concat(expanded, ax);
  } finally {
    for (const e of expanded) e.dispose();
  }
}
