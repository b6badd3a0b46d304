// 2-D convolution (tf.nn.conv2d / Keras Conv2D): NHWC input (N, H, W, Cin), filter
// (KH, KW, Cin, Cout), TensorFlow's output sizes and "same" padding split. Each pass is a
// GEMM on the packed kernels with the im2col rows gathered while packing
// (assembly/linalg/im2col.ts): forward, the filter gradient and the input gradient.
// The two gradients are ops with gradients of their own (autodiff/gradients/conv.ts), so
// nested tapes differentiate conv2d again.
import { isFloatDType, promoteTypes, type DType } from "../dtype.js";
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { ACTIVATIONS, type Activation } from "../manifest.js";
import { formatShape } from "../shape/shape.js";
import { windowGeometry, type Padding, type WindowOptions } from "../shape/window.js";
import type { Tensor } from "../tensor.js";
import { gemmSizes, runConv2d, runConv2dFilterGrad, runConv2dInputGrad, type ConvGeometry } from "../backend/conv.js";
import { withContiguous } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { describe, expectTensor } from "../engine/operand.js";
import { parseActivation } from "./activation.js";

export type { ConvGeometry } from "../backend/conv.js";

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** Steps between windows, one number or [rows, columns]. Default 1. */
  strides?: number | readonly [number, number];
  /** "valid" (no padding) or "same" (output ceil(size / stride), TF's split: the extra row or column after). Default "valid". */
  padding?: Padding;
  /** Spacing of the filter taps, one number or [rows, columns]. Default 1. */
  dilations?: number | readonly [number, number];
}

/** What the convolution primitives record: the geometry and the fused activation. */
export interface ConvAttrs {
  readonly geometry: ConvGeometry;
  /** An ACTIVATIONS name applied in the GEMM's epilogue, or undefined. */
  readonly activation?: Activation;
}

interface ConvPlan {
  shape: readonly number[];
  dtype: DType;
  saved: ConvAttrs;
}

/** The dtype a convolution computes in: float32 for integer and bool operands. */
function floatOf(dtype: DType): DType {
  return isFloatDType(dtype) ? dtype : "float32";
}

/** The geometry of conv2d(x, filter, options), every argument checked. */
export function convGeometry(x: Tensor, filter: Tensor, options: Conv2dOptions, op: string): ConvGeometry {
  if (x.rank !== 4) throw new ShapeError(`${op}: the input must be NHWC of rank 4, got shape ${formatShape(x._shape)}`);
  if (filter.rank !== 4) throw new ShapeError(`${op}: the filter must be (KH, KW, Cin, Cout) of rank 4, got shape ${formatShape(filter._shape)}`);
  const [n, h, w, cin] = x._shape;
  const [kh, kw, fcin, cout] = filter._shape;
  if (fcin !== cin) {
    throw new ShapeError(`${op}: the filter's input channels (${fcin}, axis 2 of ${formatShape(filter._shape)}) differ from the input's (${cin}, axis 3 of ${formatShape(x._shape)})`);
  }
  const win = windowGeometry([h, w], [kh, kw], options as WindowOptions, op);
  return { n, h, w, cin, kh, kw, cout, oh: win.out[0], ow: win.out[1], strides: win.strides, dilations: win.dilations, padBefore: win.padBefore };
}

function planConv(x: Tensor, filter: Tensor, attrs: ConvAttrs): ConvPlan {
  const g = attrs.geometry;
  return { shape: [g.n, g.oh, g.ow, g.cout], dtype: floatOf(promoteTypes(x.dtype, filter.dtype)), saved: attrs };
}

function computeConv([x, filter, bias]: readonly Tensor[], out: Tensor, { saved }: ConvPlan, threads: number): void {
  const act = saved.activation === undefined ? 0 : ACTIVATIONS[saved.activation].code;
  withContiguous(x, out.dtype, threads, (cx) =>
    withContiguous(filter, out.dtype, threads, (cf) => {
      if (bias === undefined) runConv2d(cx, cf, out, saved.geometry, undefined, act, threads);
      else withContiguous(bias, out.dtype, threads, (cb) => runConv2d(cx, cf, out, saved.geometry, cb, act, threads));
    }),
  );
}

const CONV2D = computeOp<ConvAttrs, ConvPlan>({
  name: "conv2d",
  differentiable: true,
  operands: ["input", "filter"],
  plan: ([x, filter], attrs) => planConv(x, filter, attrs),
  compute: computeConv,
});

/** conv2d + bias, then the activation, in the GEMM's epilogue (the Conv2D layer in one pass). */
const CONV2D_BIAS = computeOp<ConvAttrs, ConvPlan>({
  name: "conv2d",
  differentiable: true,
  operands: ["input", "filter", "bias"],
  plan: ([x, filter, bias], attrs) => {
    const cout = attrs.geometry.cout;
    if (bias.rank !== 1 || bias._shape[0] !== cout) throw new ShapeError(`conv2d: the bias must have shape [${cout}] (one per output channel), got ${formatShape(bias._shape)}`);
    const plan = planConv(x, filter, attrs);
    return { ...plan, dtype: floatOf(promoteTypes(plan.dtype, bias.dtype)) };
  },
  compute: computeConv,
});

/** Options of the fused convolution: {@link Conv2dOptions} plus a bias and an activation. */
export interface FusedConv2dOptions extends Conv2dOptions {
  /** Added per output channel (shape [Cout]). */
  bias?: Tensor;
  /** Applied after the bias: "relu", "sigmoid" or "tanh". */
  activation?: Activation;
}

/**
 * 2-D convolution (cross-correlation, as TensorFlow and Keras): `x` NHWC (N, H, W, Cin),
 * `filter` (KH, KW, Cin, Cout) → (N, OH, OW, Cout). `padding` "valid" or "same" with
 * TensorFlow's output sizes; `strides` and `dilations` one number or [rows, columns].
 * float32 and float64 (integer inputs compute in float32); differentiable in both operands,
 * twice and further (gradient penalties, Hessian-vector products).
 * With `bias` (per output channel) and `activation`, both are applied as each output tile
 * is stored, as Keras's Conv2D layer computes.
 */
export function conv2d(x: Tensor, filter: Tensor, options: FusedConv2dOptions = {}): Tensor {
  expectTensor(x, "conv2d", "input");
  expectTensor(filter, "conv2d", "filter");
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`conv2d: options must be an object, got ${describe(options)}`);
  const geometry = convGeometry(x, filter, options, "conv2d");
  const activation = parseActivation(options.activation, "conv2d");
  if (options.bias === undefined) return run(CONV2D, [x, filter], { geometry, activation });
  return run(CONV2D_BIAS, [x, filter, expectTensor(options.bias, "conv2d", "bias")], { geometry, activation });
}

/** @internal conv2d with the geometry already checked (the second-order gradient rules). */
export const conv2dWith = (x: Tensor, filter: Tensor, geometry: ConvGeometry): Tensor => run(CONV2D, [x, filter], { geometry });

interface GradPlan {
  shape: readonly number[];
  dtype: DType;
  geometry: ConvGeometry;
  saved: ConvGeometry;
}

/** The input gradient: dy (N, OH, OW, Cout) and the filter → dx (N, H, W, Cin). */
const CONV2D_INPUT_GRAD = computeOp<ConvGeometry, GradPlan>({
  name: "conv2dInputGrad",
  differentiable: true,
  operands: ["output gradient", "filter"],
  plan: ([dy, filter], g) => ({ shape: [g.n, g.h, g.w, g.cin], dtype: floatOf(promoteTypes(dy.dtype, filter.dtype)), geometry: g, saved: g }),
  compute([dy, filter], dx, { geometry: g }, threads) {
    const { k } = gemmSizes(g);
    withContiguous(dy, dx.dtype, threads, (cdy) =>
      withContiguous(filter, dx.dtype, threads, (cf) => {
        // The filter as (Cout, K): a transposed view of its (K, Cout) rows, packed.
        const view = cf.view([g.cout, k], [1, g.cout], cf.offset);
        try {
          withContiguous(view, dx.dtype, threads, (filterT) => runConv2dInputGrad(cdy, filterT, dx, g, threads));
        } finally {
          view.dispose();
        }
      }),
    );
  },
});

/** The filter gradient: the input and dy (N, OH, OW, Cout) → dfilter (KH, KW, Cin, Cout). */
const CONV2D_FILTER_GRAD = computeOp<ConvGeometry, GradPlan>({
  name: "conv2dFilterGrad",
  differentiable: true,
  operands: ["input", "output gradient"],
  plan: ([x, dy], g) => ({ shape: [g.kh, g.kw, g.cin, g.cout], dtype: floatOf(promoteTypes(x.dtype, dy.dtype)), geometry: g, saved: g }),
  compute([x, dy], dfilter, { geometry: g }, threads) {
    withContiguous(x, dfilter.dtype, threads, (cx) =>
      withContiguous(dy, dfilter.dtype, threads, (cdy) => runConv2dFilterGrad(cx, cdy, dfilter, g, threads)),
    );
  },
});

/** d conv2d / d input for an output gradient dy (the gradient rule's first half). */
export const conv2dInputGrad = (dy: Tensor, filter: Tensor, geometry: ConvGeometry): Tensor => run(CONV2D_INPUT_GRAD, [dy, filter], geometry);

/** d conv2d / d filter for an output gradient dy (the rule's second half). */
export const conv2dFilterGrad = (x: Tensor, dy: Tensor, geometry: ConvGeometry): Tensor => run(CONV2D_FILTER_GRAD, [x, dy], geometry);
