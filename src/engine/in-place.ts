// In-place element-wise updates of a tensor's own block (Variable.assignAdd / assignSub):
// the kernel writes its result over its first operand, so an optimizer step allocates no
// new block for the variable. Element-wise kernels read each element before writing the
// same element, so out = a is safe; an operand that reads another layout of the same block
// (a transpose of the target) is packed first. Never recorded on a tape.
import { isByteDType, kernelDType } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { runBinary } from "../backend/elementwise.js";
import { availableThreads } from "../backend/threads.js";
import { forRead, forWrite } from "./access.js";
import { castValues, converted } from "./convert.js";
import { binary } from "./elementwise.js";
import { unrecorded } from "./recording.js";

/**
 * target = target (op) operand, written into target's block. `target` is live, contiguous
 * and owns its block, and `operand` broadcasts to target's shape (the caller checked both).
 * The operand is converted to target's dtype first, as Keras converts a value to the
 * variable's dtype before assign_add.
 */
export function updateInPlace(op: "add" | "sub", target: Tensor, operand: Tensor): void {
  if (target.size === 0) return;
  const threads = availableThreads();
  forRead(operand);
  forWrite(target);
  if (isByteDType(target.dtype)) {
    // uint8 and bool compute in int32 and convert back (wrap, x != 0): one temporary.
    unrecorded(() => {
      const b = converted(operand, target.dtype, threads);
      const r = binary(op, target, b);
      forRead(r);
      castValues(r, target, threads);
      r.dispose();
      if (b !== operand) b.dispose();
    });
    return;
  }
  let b = converted(operand, kernelDType(target.dtype), threads);
  if (b.storage === target.storage && b !== target) {
    const packed = b.contiguous();
    if (b !== operand) b.dispose();
    b = packed;
  }
  try {
    runBinary(op, target, b, target, threads);
  } finally {
    if (b !== operand) b.dispose();
  }
}
