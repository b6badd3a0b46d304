// Moving bytes between views, and between wasm memory and JS.
import { dtypeInfo, type TypedArray } from "../dtype.js";
import { heap } from "../memory/heap.js";
import { collapseAxes } from "../shape/collapse.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { writeDescriptor } from "./strided-descriptor.js";

/** Copies any view into any view of the same shape and dtype (the blocks must not overlap). */
export function copyInto(src: Tensor, dst: Tensor): void {
  if (src.size === 0) return;
  const bytes = dtypeInfo(src.dtype).bytes;
  if (src.isContiguousLayout && dst.isContiguousLayout) {
    kernels.exports.copy_bytes(addressOf(dst), addressOf(src), src.size * bytes);
    return;
  }
  const c = collapseAxes(src.shape, [src.strides, dst.strides]);
  if (isTransposeCopy(c.shape, c.strides[0], c.strides[1])) {
    const r = c.shape.length;
    const batch = r === 3 ? c.shape[0] : 1;
    const sb = r === 3 ? c.strides[0][0] : 0;
    const copy = bytes === 4 ? kernels.exports.copy32_transpose : kernels.exports.copy64_transpose;
    copy(batch, c.shape[r - 2], c.shape[r - 1], addressOf(src), sb, c.strides[0][r - 1], addressOf(dst));
    return;
  }
  const desc = writeDescriptor(c.shape, c.strides, [addressOf(src), addressOf(dst)]);
  if (bytes === 4) kernels.exports.copy32_strided(desc);
  else kernels.exports.copy64_strided(desc);
}

/**
 * A (batch of) transposed matrices into contiguous rows: the source steps by 1 down the
 * destination's columns. Such a copy strided row by row would touch a new cache line per
 * element; the blocked transpose kernel reads and writes whole lines.
 */
function isTransposeCopy(shape: readonly number[], src: readonly number[], dst: readonly number[]): boolean {
  const r = shape.length;
  if (r !== 2 && r !== 3) return false;
  const rows = shape[r - 2], cols = shape[r - 1];
  const dstContiguous = dst[r - 1] === 1 && dst[r - 2] === cols && (r === 2 || dst[0] === rows * cols);
  return dstContiguous && src[r - 2] === 1 && rows >= 4 && cols >= 4;
}

/** A fresh TypedArray copy of a contiguous view's values. */
export function readContiguous(t: Tensor): TypedArray {
  const info = dtypeInfo(t.dtype);
  // A fresh view of memory.buffer each time: after a growth the old buffer object is shorter.
  return new info.array(heap.memory.buffer, addressOf(t), t.size).slice();
}

/** Writes values (already converted to the dtype's range) into a contiguous view. */
export function writeContiguous(t: Tensor, values: ArrayLike<number>): void {
  const info = dtypeInfo(t.dtype);
  new info.array(heap.memory.buffer, addressOf(t), t.size).set(values);
}

const f32Bits = new Float32Array(1);
const f32AsInt = new Int32Array(f32Bits.buffer);

/** Sets every element of a contiguous view to value. */
export function fill(t: Tensor, value: number): void {
  if (t.size === 0) return;
  const e = kernels.exports;
  switch (t.dtype) {
    case "float32":
      f32Bits[0] = value;
      e.fill32(addressOf(t), f32AsInt[0], t.size);
      break;
    case "int32":
      e.fill32(addressOf(t), value | 0, t.size);
      break;
    case "float64":
      e.fill64(addressOf(t), value, t.size);
      break;
  }
}
