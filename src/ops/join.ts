// Joining: concat and stack copy each input into its place in the output with one
// strided-copy kernel call per input (not per element).
import { promoteTypes } from "../dtype.js";
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { normalizeAxis } from "../shape/axis.js";
import { formatShape } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { copyInto } from "../backend/layout.js";
import { astype } from "./cast.js";
import { expandDims } from "./movement.js";
import { expectTensor } from "./operand.js";
import { isRecording, record } from "../engine/recording.js";

function checkList(tensors: unknown, op: string): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new InvalidArgumentError(`${op}: expected a non-empty array of tensors`);
  return tensors.map((t, i) => expectTensor(t, op, `tensors[${i}]`));
}

/** Joins tensors along an existing axis; all other axes must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const list = checkList(tensors, "concat");
  const first = list[0];
  if (first.rank === 0) throw new ShapeError("concat: zero-dimensional tensors cannot be concatenated (use stack)");
  const ax = normalizeAxis(axis, first.rank, "concat");
  let total = 0;
  let dtype = first.dtype;
  for (const t of list) {
    const compatible = t.rank === first.rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!compatible) {
      throw new ShapeError(`concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${ax}`);
    }
    total += t.shape[ax];
    dtype = promoteTypes(dtype, t.dtype);
  }
  const shape = first.shape.slice();
  shape[ax] = total;
  const out = Tensor.empty(shape, dtype);
  let start = 0;
  for (const t of list) {
    const src = t.dtype === dtype ? t : astype(t, dtype);
    const part = out.view(t.shape, out.strides, start * out.strides[ax]);
    copyInto(src, part);
    part.dispose();
    if (src !== t) src.dispose();
    start += t.shape[ax];
  }
  if (isRecording()) record("concat", list, out, { axis: ax });
  return out;
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const list = checkList(tensors, "stack");
  const first = list[0];
  for (const t of list) {
    if (t.rank !== first.rank || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(`stack: all tensors must have the same shape, got ${formatShape(first.shape)} and ${formatShape(t.shape)}`);
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
