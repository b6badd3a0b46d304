// Writes the N-D iteration descriptor that the strided kernels read (layout documented
// in assembly/nd.ts) into the scratch area of wasm memory.
import { heap, MAX_THREADS, SCRATCH_BYTE_OFFSET, SCRATCH_BYTES, WORKER_SCRATCH_OFFSET } from "../memory/heap.js";
import { ShapeError } from "../errors.js";
import { splitRange } from "../threads/split.js";

// Cached: the scratch slots lie in the initial pages of a shared memory, which never
// detaches or moves. An unshared heap (a browser page without cross-origin isolation)
// replaces its buffer when it grows, so the views are remade then.
let low: Int32Array;
let scalarSlot: { float32: Float32Array; float64: Float64Array; int32: Int32Array };
function makeViews(): void {
  const buffer = heap.memory.buffer;
  low = new Int32Array(buffer, 0, (WORKER_SCRATCH_OFFSET + (MAX_THREADS - 1) * SCRATCH_BYTES) / 4);
  scalarSlot = {
    float32: new Float32Array(buffer, SCALAR_SLOT, 1),
    float64: new Float64Array(buffer, SCALAR_SLOT, 1),
    int32: new Int32Array(buffer, SCALAR_SLOT, 1),
  };
}

/** Byte address of the descriptor slot of thread t (0: the calling thread, w: worker w). */
export function scratchFor(thread: number): number {
  return thread === 0 ? SCRATCH_BYTE_OFFSET : WORKER_SCRATCH_OFFSET + (thread - 1) * SCRATCH_BYTES;
}

/** Scratch slot (16 bytes, in the guard page) for a JS number used as a stride-0 operand. */
export const SCALAR_SLOT = 512;
makeViews();
heap.onGrow(makeViews);

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
  return writeDescriptorAt(0, shape, strides, pointers);
}

/** writeDescriptor into thread t's slot, so that threads walking parts of one op never share a descriptor. */
export function writeDescriptorAt(
  thread: number,
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  pointers: readonly number[],
): number {
  const r = shape.length;
  const k = pointers.length;
  const needed = 2 + 2 * r + k * r + k;
  if (needed > SCRATCH_BYTES / 4) throw new ShapeError(`tensor rank ${r} is too large for the strided kernels`);
  const at = scratchFor(thread);
  const w = at / 4;
  low[w] = r;
  low[w + 1] = k;
  for (let i = 0; i < r; i++) low[w + 2 + i] = shape[i];
  for (let j = 0; j < k; j++) {
    const s = strides[j];
    const base = 2 + r + j * r;
    for (let i = 0; i < r; i++) low[w + base + i] = s[i];
  }
  const ptrBase = 2 + 2 * r + k * r;
  for (let j = 0; j < k; j++) low[w + ptrBase + j] = pointers[j] | 0;
  return at;
}

/**
 * One descriptor per part of an N-D walk, cut along its outer axis into `parts` ranges:
 * part p walks shape[0] = its range length, with every pointer advanced to the range
 * start, in thread p's scratch slot. `bytes[j]` is the element size that turns operand
 * j's strides into bytes.
 */
export function writeSplitDescriptors(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  pointers: readonly number[],
  bytes: readonly number[],
  parts: number,
): number[] {
  return splitRange(shape[0], parts).map(([start, count], p) => {
    const partShape = [count, ...shape.slice(1)];
    const partPointers = pointers.map((ptr, j) => ptr + start * strides[j][0] * bytes[j]);
    return writeDescriptorAt(p, partShape, strides, partPointers);
  });
}
