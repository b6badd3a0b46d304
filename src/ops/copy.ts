// Writing a tensor's values into another in place: Variable.assign and its constructor.
import { copyInto } from "../backend/layout.js";
import { formatShape, shapesEqual } from "../shape/shape.js";
import { ShapeError, DTypeError } from "../errors.js";
import type { Tensor } from "../tensor.js";

/**
 * Copies `src`'s values into `dst`, any views of one shape and dtype. When the two share a
 * block (dst's own transpose, say), src is packed first, so overlapping views copy right.
 */
export function writeInto(dst: Tensor, src: Tensor, op = "writeInto"): void {
  dst.live(op);
  src.live(op);
  if (src.dtype !== dst.dtype) throw new DTypeError(`${op}: value has dtype ${src.dtype}, the target ${dst.dtype}`);
  if (!shapesEqual(src.shape, dst.shape)) throw new ShapeError(`${op}: value of shape ${formatShape(src.shape)} does not fit shape ${formatShape(dst.shape)}`);
  if (src.storage !== dst.storage) {
    copyInto(src, dst);
    return;
  }
  const packed = src.contiguous();
  try {
    copyInto(packed, dst);
  } finally {
    packed.dispose();
  }
}
