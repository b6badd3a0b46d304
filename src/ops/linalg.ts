// Matrix products with numpy's semantics: matmul (batched, broadcast) and dot.
import type { DType } from "../dtype.js";
import { isFloatDType, promoteTypes } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, broadcastStrides } from "../shape/broadcast.js";
import { formatShape } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { runMatmul } from "../backend/linalg.js";
import { castValues, converted } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";
import { expandDims, reshape, squeeze, transpose } from "./movement.js";
import { tidy } from "../memory/tidy.js";

/** The dtype the GEMM runs in: integer and bool products are computed in float64 (exact below 2^53) and cast back (uint8 wraps, bool is x != 0, as numpy). */
function computeDType(dtype: DType): DType {
  return isFloatDType(dtype) ? dtype : "float64";
}

interface MatmulPlan {
  shape: number[];
  dtype: DType;
  /** The broadcast batch axes. */
  batch: number[];
}

/** a (…, m, k) @ b (…, k, n), both of rank >= 2: the primitive the engine runs. */
const MATMUL = computeOp<undefined, MatmulPlan>({
  name: "matmul",
  differentiable: true,
  operands: ["first operand", "second operand"],
  plan([a, b]) {
    const m = a._shape[a.rank - 2], k = a._shape[a.rank - 1];
    const k2 = b._shape[b.rank - 2], n = b._shape[b.rank - 1];
    if (k !== k2) {
      throw new ShapeError(`matmul: inner dimensions differ: ${formatShape(a._shape)} @ ${formatShape(b._shape)} (${k} != ${k2})`);
    }
    const batch = a.rank === 2 && b.rank === 2 ? [] : broadcastShapes(a._shape.slice(0, -2), b._shape.slice(0, -2), "matmul");
    return { shape: [...batch, m, n], dtype: promoteTypes(a.dtype, b.dtype), batch };
  },
  compute([a, b], out, { dtype, batch }, threads) {
    const work = computeDType(dtype);
    if (batch.length === 0 && a.dtype === work && b.dtype === work) {
      runMatmul(a, b, out, [], threads); // the common case, without views or conversions
      return;
    }
    const m = a._shape[a.rank - 2], k = a._shape[a.rank - 1], n = b._shape[b.rank - 1];
    const ca = converted(a, work, threads);
    const cb = converted(b, work, threads);
    const av = ca.view([...batch, m, k], broadcastStrides(ca._shape, ca._strides, [...batch, m, k], "matmul"));
    const bv = cb.view([...batch, k, n], broadcastStrides(cb._shape, cb._strides, [...batch, k, n], "matmul"));
    const product = work === dtype ? out : Tensor.empty(out._shape, work);
    try {
      runMatmul(av, bv, product, batch, threads);
      if (product !== out) castValues(product, out, threads);
    } finally {
      for (const t of [av, bv, ca, cb, product]) if (t !== a && t !== b && t !== out) t.dispose();
    }
  },
});

/**
 * numpy.matmul: 1-D operands are promoted (a row vector on the left, a column on the right)
 * and the added axis removed; batch axes broadcast ((4,1,5,6) @ (3,6,7) → (4,3,5,7)).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, "matmul", "first operand");
  expectTensor(b, "matmul", "second operand");
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(`matmul: scalar operands are not allowed (shapes ${formatShape(a._shape)} and ${formatShape(b._shape)}); use mul`);
  }
  if (a.rank >= 2 && b.rank >= 2) return run(MATMUL, [a, b], undefined);
  return tidy(() => {
    const a2 = a.rank === 1 ? expandDims(a, 0) : a;
    const b2 = b.rank === 1 ? expandDims(b, 1) : b;
    const out = run(MATMUL, [a2, b2], undefined);
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
    throw new ShapeError(`dot: scalar operands are not supported (shapes ${formatShape(a._shape)} and ${formatShape(b._shape)}); use mul`);
  }
  const k = a._shape[a.rank - 1];
  const kb = b.rank === 1 ? b._shape[0] : b._shape[b.rank - 2];
  if (k !== kb) {
    throw new ShapeError(`dot: shapes ${formatShape(a._shape)} and ${formatShape(b._shape)} not aligned: ${k} (dim ${a.rank - 1}) != ${kb} (dim ${Math.max(0, b.rank - 2)})`);
  }
  if (a.rank <= 2 && b.rank <= 2) return matmul(a, b);
  return tidy(() => {
    const lead = a._shape.slice(0, -1);
    // Explicit sizes, never -1: with k = 0 a -1 could not be inferred.
    const rows = lead.reduce((p, d) => p * d, 1);
    const a2 = reshape(a, [rows, k]);
    if (b.rank === 1) return reshape(matmul(a2, b), lead);
    // Bring b's contracted axis to the front and flatten the rest: (k, …b_batch, n) → (k, N).
    const r = b.rank;
    const perm = [r - 2, ...Array.from({ length: r - 2 }, (_, i) => i), r - 1];
    const cols = b._shape.reduce((p, d, i) => (i === r - 2 ? p : p * d), 1);
    const b2 = reshape(transpose(b, perm), [k, cols]);
    return reshape(matmul(a2, b2), [...lead, ...b._shape.slice(0, -2), b._shape[r - 1]]);
  });
}
