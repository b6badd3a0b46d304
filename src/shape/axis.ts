import { AxisError } from "../errors.js";

/** Maps an axis in [-rank, rank) to [0, rank), or throws naming the axis and the rank. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new AxisError(`${op}: axis ${axis} is out of bounds for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** A permutation of 0..rank-1 (negative axes allowed), or throws. */
export function normalizePermutation(perm: readonly number[], rank: number, op: string): number[] {
  if (perm.length !== rank) {
    throw new AxisError(`${op}: permutation [${perm.join(", ")}] has ${perm.length} axes, the tensor has rank ${rank}`);
  }
  const seen = new Array<boolean>(rank).fill(false);
  return perm.map((axis) => {
    const a = normalizeAxis(axis, rank, op);
    if (seen[a]) throw new AxisError(`${op}: axis ${axis} repeats in permutation [${perm.join(", ")}]`);
    seen[a] = true;
    return a;
  });
}
