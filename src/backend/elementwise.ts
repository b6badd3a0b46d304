// Picks the element-wise kernel entry point for a set of views:
// contiguous fast path, scalar (JS number) path, or the N-D strided walk.
import { broadcastStrides } from "../shape/broadcast.js";
import { collapseAxes } from "../shape/collapse.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { BinaryOp, UnaryOp, type BinaryOpName, type UnaryOpName } from "./opcodes.js";
import { writeDescriptor, writeScalarSlot } from "./strided-descriptor.js";

/** out = a (op) b, where out is contiguous with the broadcast shape of a and b. */
export function runBinary(op: BinaryOpName, a: Tensor, b: Tensor, out: Tensor): void {
  const k = kernels.elementwise[out.dtype];
  const n = out.size;
  if (n === 0) return;
  if (a.isContiguousLayout && b.isContiguousLayout && a.size === n && b.size === n) {
    k.binary(BinaryOp[op], addressOf(a), addressOf(b), addressOf(out), n);
    return;
  }
  const c = collapseAxes(out.shape, [
    broadcastStrides(a.shape, a.strides, out.shape, op),
    broadcastStrides(b.shape, b.strides, out.shape, op),
    out.strides,
  ]);
  k.binaryStrided(BinaryOp[op], writeDescriptor(c.shape, c.strides, [addressOf(a), addressOf(b), addressOf(out)]));
}

/** out = a (op) s, or s (op) a when scalarOnLeft; out is contiguous with a's shape. */
export function runBinaryScalar(op: BinaryOpName, a: Tensor, s: number, scalarOnLeft: boolean, out: Tensor): void {
  const k = kernels.elementwise[out.dtype];
  const n = out.size;
  if (n === 0) return;
  if (a.isContiguousLayout) {
    k.binaryScalar(BinaryOp[op], addressOf(a), s, addressOf(out), n, scalarOnLeft ? 1 : 0);
    return;
  }
  // A strided view: the scalar becomes a stride-0 operand in the scratch slot.
  const slot = writeScalarSlot(out.dtype, s);
  const zero = new Array<number>(out.rank).fill(0);
  const c = scalarOnLeft
    ? collapseAxes(out.shape, [zero, a.strides, out.strides])
    : collapseAxes(out.shape, [a.strides, zero, out.strides]);
  const ptrs = scalarOnLeft ? [slot, addressOf(a), addressOf(out)] : [addressOf(a), slot, addressOf(out)];
  k.binaryStrided(BinaryOp[op], writeDescriptor(c.shape, c.strides, ptrs));
}

/** out = op(a); out is contiguous with a's shape. */
export function runUnary(op: UnaryOpName, a: Tensor, out: Tensor): void {
  const k = kernels.elementwise[out.dtype];
  const n = out.size;
  if (n === 0) return;
  if (a.isContiguousLayout) {
    k.unary(UnaryOp[op], addressOf(a), addressOf(out), n);
    return;
  }
  const c = collapseAxes(out.shape, [a.strides, out.strides]);
  k.unaryStrided(UnaryOp[op], writeDescriptor(c.shape, c.strides, [addressOf(a), addressOf(out)]));
}
