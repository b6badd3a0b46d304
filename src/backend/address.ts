// Byte addresses of tensors, for kernels and for reads and writes of tensor memory. Every
// pointer comes from here, so this is where a deferred element-wise call
// (deferred-call.ts) runs before anyone could see it has not: a read runs the call that
// writes the block; a write also runs the calls that still have to read the block.
import { dtypeInfo } from "../dtype.js";
import type { Storage } from "../memory/storage.js";
import type { Tensor } from "../tensor.js";

/**
 * Runs the waiting calls that read a block about to be written: installed by
 * deferred-call.ts when it loads (it calls this module, so it cannot be imported from here).
 */
let settleReadersOf: (s: Storage) => void = () => {};

/** deferred-call.ts installs its settleReadersOf. */
export function installSettleReaders(fn: (s: Storage) => void): void {
  settleReadersOf = fn;
}

/** Byte address of a live view's first element, to read it. Callers have checked that it is live. */
export function addressOf(t: Tensor): number {
  const s = t.storage!;
  s.pending?.settle();
  // Multiply, never shift: a byte offset can pass 2^31.
  return s.ptr + t.offset * dtypeInfo(t.dtype).bytes;
}

/** Byte address of a live view's first element, to write it (a kernel's output, a copy's destination). */
export function addressForWrite(t: Tensor): number {
  const s = t.storage!;
  s.pending?.settle();
  if (s.pendingReads > 0) settleReadersOf(s);
  return s.ptr + t.offset * dtypeInfo(t.dtype).bytes;
}
