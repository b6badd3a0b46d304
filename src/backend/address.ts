// Byte addresses of tensors, for kernels and for reads and writes of tensor memory. Pure
// arithmetic: the engine (src/engine/access.ts) has already made sure that whatever
// memory it hands the backend holds its values.
import { dtypeInfo } from "../dtype.js";
import type { Tensor } from "../tensor.js";

/** Byte address of a live view's first element. Callers have checked that it is live. */
export function addressOf(t: Tensor): number {
  // Multiply, never shift: a byte offset can pass 2^31.
  return t.storage!.ptr + t.offset * dtypeInfo(t.dtype).bytes;
}
