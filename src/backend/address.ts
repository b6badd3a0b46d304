import { dtypeInfo } from "../dtype.js";
import type { Tensor } from "../tensor.js";

/** Byte address of a live view's first element. Callers have checked that it is live. */
export function addressOf(t: Tensor): number {
  // Multiply, never shift: a byte offset can pass 2^31.
  return t.storage!.ptr + t.offset * dtypeInfo(t.dtype).bytes;
}
