import { dtypeInfo } from "../dtype.js";
import type { Tensor } from "../tensor.js";

/**
 * Byte address of a live view's first element. Callers have checked that it is live.
 * Every kernel and every read of tensor memory gets its pointers here, so this is where a
 * deferred element-wise call (deferred-call.ts) that writes or reads the block runs.
 */
export function addressOf(t: Tensor): number {
  const s = t.storage!;
  s.pending?.settle();
  // Multiply, never shift: a byte offset can pass 2^31.
  return s.ptr + t.offset * dtypeInfo(t.dtype).bytes;
}
