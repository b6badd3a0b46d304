// 2-D pooling on NHWC tensors (batch, height, width, channels): maxPool2d and avgPool2d,
// TensorFlow's semantics (tf.nn.max_pool2d / avg_pool2d): "valid" or "same" padding with
// TF's output sizes and padding split; padded cells are never part of a window (max over
// the valid cells, avg divides by their count). One wasm pass each, SIMD over channels
// (assembly/pool/pool.ts). The gradients are ops of their own (a backward kernel each), and
// each of those has a gradient too, so nested tapes differentiate them again:
//   maxPool2d  → maxPool2dGrad(x, dy)   (dy to each window's first maximum)
//   maxPool2dGrad → maxPool2dPick(x, v) (v at those cells: its adjoint in dy) and back
//   avgPool2d  → avgPool2dGrad(dy)      (dy / count to each valid cell) → avgPool2d
import { DTypeError, InvalidArgumentError, ShapeError } from "../errors.js";
import { parsePair, windowGeometry } from "../shape/window.js";
import type { DType } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { runPool, runPoolGrad, runPoolPick, type PoolGeometry, type PoolKind } from "../backend/pool.js";
import { withContiguous } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { expectTensor } from "../engine/operand.js";

export type { PoolGeometry } from "../backend/pool.js";

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2dOptions {
  /** The window: one number for a square window, or [height, width]. Positive integers. */
  size: number | readonly [number, number];
  /** The step between windows, as `size`; defaults to `size` (windows side by side). */
  strides?: number | readonly [number, number];
  /**
   * "valid" (default): only windows that fit inside the input, out = ceil((in - size + 1) / stride)
   * (0 when the window is larger than the input: an empty result). "same": out = ceil(in / stride),
   * windows running off the edge, padding split as TensorFlow's (the extra cell after).
   */
  padding?: "valid" | "same";
}

/** Checks x and the options; the geometry of the windows. */
export function poolGeometry(x: Tensor, options: Pool2dOptions, op: string): PoolGeometry {
  if (x.rank !== 4) throw new ShapeError(`${op}: x must be 4-D (batch, height, width, channels), got shape [${x.shape.join(", ")}]`);
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError(`${op}: options must be an object with a size, got ${String(options)}`);
  const [kh, kw] = parsePair(options.size ?? null, "size", op, 0);
  const [n, h, w, c] = x._shape;
  const g = windowGeometry([h, w], [kh, kw], { strides: options.strides, padding: options.padding }, op, { defaultStrides: [kh, kw], empty: true });
  return { n, h, w, c, oh: g.out[0], ow: g.out[1], kh, kw, sh: g.strides[0], sw: g.strides[1], pt: g.padBefore[0], pl: g.padBefore[1] };
}

const outShape = (g: PoolGeometry) => [g.n, g.oh, g.ow, g.c];
const inShape = (g: PoolGeometry) => [g.n, g.h, g.w, g.c];

function poolOp(name: "maxPool2d" | "avgPool2d", kind: PoolKind) {
  return computeOp<PoolGeometry, { shape: number[]; dtype: DType; g: PoolGeometry; saved: PoolGeometry }>({
    name,
    differentiable: true,
    operands: ["x"],
    plan: ([x], g) => ({ shape: outShape(g), dtype: x.dtype, g, saved: g }),
    compute: ([x], out, { g }, threads) => withContiguous(x, out.dtype, threads, (src) => runPool(kind, src, out, g, threads)),
  });
}

const MAX_POOL = poolOp("maxPool2d", "max");
const AVG_POOL = poolOp("avgPool2d", "avg");

const MAX_POOL_GRAD = computeOp<PoolGeometry, { shape: number[]; dtype: DType; g: PoolGeometry; saved: PoolGeometry }>({
  name: "maxPool2dGrad",
  differentiable: true,
  operands: ["x", "dy"],
  plan: ([, dy], g) => ({ shape: inShape(g), dtype: dy.dtype, g, saved: g }),
  compute: ([x, dy], dx, { g }, threads) =>
    withContiguous(x, dx.dtype, threads, (xs) => withContiguous(dy, dx.dtype, threads, (dys) => runPoolGrad("max", xs, dys, dx, g, threads))),
});

const MAX_POOL_PICK = computeOp<PoolGeometry, { shape: number[]; dtype: DType; g: PoolGeometry; saved: PoolGeometry }>({
  name: "maxPool2dPick",
  differentiable: true,
  operands: ["x", "v"],
  plan: ([, v], g) => ({ shape: outShape(g), dtype: v.dtype, g, saved: g }),
  compute: ([x, v], out, { g }, threads) =>
    withContiguous(x, out.dtype, threads, (xs) => withContiguous(v, out.dtype, threads, (vs) => runPoolPick(xs, vs, out, g, threads))),
});

const AVG_POOL_GRAD = computeOp<PoolGeometry, { shape: number[]; dtype: DType; g: PoolGeometry; saved: PoolGeometry }>({
  name: "avgPool2dGrad",
  differentiable: true,
  operands: ["dy"],
  plan: ([dy], g) => ({ shape: inShape(g), dtype: dy.dtype, g, saved: g }),
  compute: ([dy], dx, { g }, threads) => withContiguous(dy, dx.dtype, threads, (dys) => runPoolGrad("avg", null, dys, dx, g, threads)),
});

/** @internal maxPool2d's gradient: dx (x's shape, dy's dtype) with each dy element added at its window's first maximum of x (a NaN counts as the maximum). */
export const maxPool2dGrad = (x: Tensor, dy: Tensor, g: PoolGeometry): Tensor => run(MAX_POOL_GRAD, [x, dy], g);
/** @internal v (x's shape) read at each window's first maximum of x: maxPool2dGrad's adjoint in dy. */
export const maxPool2dPick = (x: Tensor, v: Tensor, g: PoolGeometry): Tensor => run(MAX_POOL_PICK, [x, v], g);
/** @internal avgPool2d's gradient: dy / (the window's count of valid cells) added to each of those cells. */
export const avgPool2dGrad = (dy: Tensor, g: PoolGeometry): Tensor => run(AVG_POOL_GRAD, [dy], g);
/** @internal avgPool2d with the geometry already checked (the gradient rules). */
export const avgPool2dWith = (dy: Tensor, g: PoolGeometry): Tensor => run(AVG_POOL, [dy], g);

/**
 * 2-D max pooling of an NHWC tensor (batch, height, width, channels), as TensorFlow's
 * `tf.nn.max_pool2d`: the maximum of each `size` window, windows `strides` apart (default
 * `size`), padding "valid" (default) or "same" (padded cells are never the maximum).
 * float32, float64 and int32 (exact); a NaN in a window gives NaN. Differentiable: the
 * gradient goes to the first maximum of each window (row-major within it, as TF's),
 * accumulating where windows overlap.
 *
 * ```ts
 * const x = st.randomUniform([8, 28, 28, 16]);
 * st.maxPool2d(x, { size: 2 }).shape;                                  // [8, 14, 14, 16]
 * st.maxPool2d(x, { size: 3, strides: 2, padding: "same" }).shape;     // [8, 14, 14, 16]
 * ```
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const t = expectTensor(x, "maxPool2d", "x");
  if (t.dtype !== "float32" && t.dtype !== "float64" && t.dtype !== "int32") {
    throw new DTypeError(`maxPool2d: x is ${t.dtype}; pooling takes float32, float64 or int32 (convert with astype first)`);
  }
  return run(MAX_POOL, [t], poolGeometry(t, options, "maxPool2d"));
}

/**
 * 2-D average pooling of an NHWC tensor (batch, height, width, channels), as TensorFlow's
 * `tf.nn.avg_pool2d`: the mean of each window's valid cells (under "same" padding an edge
 * window divides by the cells inside the input, not the full window size). float32 and
 * float64 only, as TF (int32 throws a DTypeError: convert with astype). Differentiable:
 * each output's gradient is spread evenly over the cells it averaged.
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const t = expectTensor(x, "avgPool2d", "x");
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new DTypeError(`avgPool2d: x is ${t.dtype}; average pooling takes float32 or float64 (as TensorFlow's), convert with astype(x, "float32") first`);
  }
  return run(AVG_POOL, [t], poolGeometry(t, options, "avgPool2d"));
}
