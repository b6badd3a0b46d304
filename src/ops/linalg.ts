// Matrix products with numpy's semantics: matmul (batched, broadcast) and dot.
import type { DType } from "../dtype.js";
import { promoteTypes } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, broadcastStrides } from "../shape/broadcast.js";
import { formatShape } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { runMatmul } from "../backend/linalg.js";
import { astype } from "./cast.js";
import { expandDims, reshape, squeeze, transpose } from "./movement.js";
import { expectTensor } from "./operand.js";
import { tidy } from "../memory/tidy.js";
import { isRecording, record } from "../engine/recording.js";

/** The dtype the GEMM runs in: int32 products are computed in float64 (exact below 2^53) and cast back. */
function computeDType(dtype: DType): DType {
  return dtype === "int32" ? "float64" : dtype;
}

/** a (…, m, k) @ b (…, k, n) with both ranks >= 2. */
function batchedMatmul(a: Tensor, b: Tensor, op: string): Tensor {
  const m = a.shape[a.rank - 2], k = a.shape[a.rank - 1];
  const k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1];
  if (k !== k2) {
    throw new ShapeError(`${op}: inner dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)} (${k} != ${k2})`);
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  const work = computeDType(dtype);
  if (a.rank === 2 && b.rank === 2 && a.dtype === work && b.dtype === work) {
    // The common case, without the batch views and the scope: ~0.5 µs instead of ~2 µs a call.
    const out = Tensor.empty([m, n], work);
    runMatmul(a, b, out, []);
    if (isRecording()) record("matmul", [a, b], out);
    return out;
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op);
  const result = tidy(() => {
    const ca = a.dtype === work ? a : astype(a, work);
    const cb = b.dtype === work ? b : astype(b, work);
    const out = Tensor.empty([...batch, m, n], work);
    const av = ca.view([...batch, m, k], broadcastStrides(ca.shape, ca.strides, [...batch, m, k], op));
    const bv = cb.view([...batch, k, n], broadcastStrides(cb.shape, cb.strides, [...batch, k, n], op));
    runMatmul(av, bv, out, batch);
    return work === dtype ? out : astype(out, dtype);
  });
  if (isRecording()) record("matmul", [a, b], result);
  return result;
}

/**
 * numpy.matmul: 1-D operands are promoted (a row vector on the left, a column on the right)
 * and the added axis removed; batch axes broadcast ((4,1,5,6) @ (3,6,7) → (4,3,5,7)).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, "matmul", "first operand");
  expectTensor(b, "matmul", "second operand");
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(`matmul: scalar operands are not allowed (shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}); use mul`);
  }
  if (a.rank >= 2 && b.rank >= 2) return batchedMatmul(a, b, "matmul");
  return tidy(() => {
    const a2 = a.rank === 1 ? expandDims(a, 0) : a;
    const b2 = b.rank === 1 ? expandDims(b, 1) : b;
    const out = batchedMatmul(a2, b2, "matmul");
    const drop: number[] = [];
    if (a.rank === 1) drop.push(out.rank - 2);
    if (b.rank === 1) drop.push(out.rank - 1);
    return squeeze(out, drop);
  });
}

/**
 * numpy.dot: 1-D·1-D → 0-d; 2-D·2-D → matrix product; N-D·1-D → sum over the last axis;
 * N-D·M-D → sum over the last axis of a and the second-to-last of b, result shape
 * a.shape[:-1] + b.shape[:-2] + b.shape[-1:].
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, "dot", "first operand");
  expectTensor(b, "dot", "second operand");
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(`dot: scalar operands are not supported (shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}); use mul`);
  }
  const k = a.shape[a.rank - 1];
  const kb = b.rank === 1 ? b.shape[0] : b.shape[b.rank - 2];
  if (k !== kb) {
    throw new ShapeError(`dot: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} not aligned: ${k} (dim ${a.rank - 1}) != ${kb} (dim ${Math.max(0, b.rank - 2)})`);
  }
  if (a.rank <= 2 && b.rank <= 2) return matmul(a, b);
  return tidy(() => {
    const lead = a.shape.slice(0, -1);
    const a2 = reshape(a, [-1, k]);
    if (b.rank === 1) return reshape(matmul(a2, b), lead);
    // Bring b's contracted axis to the front and flatten the rest: (k, …b_batch, n) → (k, N).
    const r = b.rank;
    const perm = [r - 2, ...Array.from({ length: r - 2 }, (_, i) => i), r - 1];
    const b2 = reshape(transpose(b, perm), [k, -1]);
    return reshape(matmul(a2, b2), [...lead, ...b.shape.slice(0, -2), b.shape[r - 1]]);
  });
}
