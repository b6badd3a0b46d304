// The gate between tensors and their memory. Kernels see a block only through the engine,
// and the engine comes here first, so a kernel call the engine let wait for relu
// (fusion.ts) has run before anyone can read what it writes or overwrite what it reads.
// Ops pass their operands through forRead (engine.ts); the rest of the package reads and
// writes values through the functions below.
import type { TypedArray } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { copyInto, heapBytesOf, readContiguous } from "../backend/layout.js";
import { availableThreads } from "../backend/threads.js";
import { settleAccessTo, settleWriterOf } from "./fusion.js";

/** Makes a live tensor's values readable: runs the waiting call that writes its block. */
export function forRead(t: Tensor): void {
  settleWriterOf(t.storage!);
}

/** Makes a live tensor writable in place: runs the waiting calls that write or read its block. */
export function forWrite(t: Tensor): void {
  settleAccessTo(t.storage!);
}

/** A fresh TypedArray copy of a contiguous view's values. */
export function readValues(t: Tensor): TypedArray {
  forRead(t);
  return readContiguous(t);
}

/** Copies `src`'s values into `dst`, live views of one shape and dtype whose blocks do not overlap. */
export function copyValues(src: Tensor, dst: Tensor): void {
  forRead(src);
  forWrite(dst);
  copyInto(src, dst, availableThreads());
}

/**
 * Hands `use` a contiguous live view's bytes in the heap (little-endian, size × itemsize),
 * made current first: for serialising with no intermediate copy. `use` must only read them.
 */
export function readBytes(t: Tensor, use: (bytes: Uint8Array) => void): void {
  forRead(t);
  use(heapBytesOf(t));
}
