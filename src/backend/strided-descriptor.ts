// Writes the N-D iteration descriptor that the strided kernels read (layout documented
// in assembly/nd.ts) into the scratch area of wasm memory.
import { heap, SCRATCH_BYTE_OFFSET, SCRATCH_BYTES } from "../memory/heap.js";
import { ShapeError } from "../errors.js";

// Cached for the life of the process: the scratch area lies in the initial pages of a
// shared memory, which never detaches or moves, so this view can never go stale.
const words = new Int32Array(heap.memory.buffer, SCRATCH_BYTE_OFFSET, SCRATCH_BYTES / 4);

/** Scratch slot (16 bytes, in the guard page) for a JS number used as a stride-0 operand. */
export const SCALAR_SLOT = 512;
const scalarSlot = {
  float32: new Float32Array(heap.memory.buffer, SCALAR_SLOT, 1),
  float64: new Float64Array(heap.memory.buffer, SCALAR_SLOT, 1),
  int32: new Int32Array(heap.memory.buffer, SCALAR_SLOT, 1),
};

export function writeScalarSlot(dtype: keyof typeof scalarSlot, value: number): number {
  scalarSlot[dtype][0] = value;
  return SCALAR_SLOT;
}

/**
 * shape: collapsed iteration shape (rank >= 1, no zero-size axis);
 * strides: per operand, in elements; pointers: per operand, byte addresses.
 * Returns the descriptor's byte address.
 */
export function writeDescriptor(shape: readonly number[], strides: readonly (readonly number[])[], pointers: readonly number[]): number {
  const r = shape.length;
  const k = pointers.length;
  const needed = 2 + 2 * r + k * r + k;
  if (needed > words.length) throw new ShapeError(`tensor rank ${r} is too large for the strided kernels`);
  words[0] = r;
  words[1] = k;
  for (let i = 0; i < r; i++) words[2 + i] = shape[i];
  for (let j = 0; j < k; j++) {
    const s = strides[j];
    const base = 2 + r + j * r;
    for (let i = 0; i < r; i++) words[base + i] = s[i];
  }
  const ptrBase = 2 + 2 * r + k * r;
  for (let j = 0; j < k; j++) words[ptrBase + j] = pointers[j] | 0;
  return SCRATCH_BYTE_OFFSET;
}
