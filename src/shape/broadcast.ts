// numpy broadcasting: align shapes on the right; a size-1 (or missing) axis stretches.
// A stretched axis is a stride-0 axis: broadcasting never copies.
import { BroadcastError } from "../errors.js";
import { formatShape, type Shape } from "./shape.js";

export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = i <= a.length ? a[a.length - i] : 1;
    const db = i <= b.length ? b[b.length - i] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new BroadcastError(
        `${op}: operands could not be broadcast together with shapes ${formatShape(a)} ${formatShape(b)}`,
      );
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a (shape, strides) view as if it had shape `target` (0 on stretched axes). */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape, op: string): number[] {
  const lead = target.length - shape.length;
  if (lead < 0) throw new BroadcastError(`${op}: cannot broadcast shape ${formatShape(shape)} to ${formatShape(target)}`);
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === target[lead + i]) out[lead + i] = d === 1 ? 0 : strides[i];
    else if (d !== 1) throw new BroadcastError(`${op}: cannot broadcast shape ${formatShape(shape)} to ${formatShape(target)}`);
  }
  return out;
}
