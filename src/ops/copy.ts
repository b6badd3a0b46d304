// Writing a tensor's values into another in place: Variable.assign and its constructor.
import { copyValues } from "../engine/access.js";
import type { Tensor } from "../tensor.js";

/**
 * Copies `src`'s values into `dst`, live views of one shape and dtype (the caller has
 * checked: Variable.assign names the variable in its errors). When the two share a block
 * (dst's own transpose, say), src is packed first, so overlapping views copy right.
 */
export function writeInto(dst: Tensor, src: Tensor): void {
  if (src.storage !== dst.storage) {
    copyValues(src, dst);
    return;
  }
  const packed = src.contiguous();
  try {
    copyValues(packed, dst);
  } finally {
    packed.dispose();
  }
}
