// Gradient of conv2d (with its optional fused bias and activation): both halves are GEMMs
// of their own (ops/conv.ts): dx = col2im(dpre · filterᵀ), dfilter = colsᵀ · dpre, and the
// bias gets dpre summed over every axis but the channels.
// Second order: conv2d(x, f) is bilinear, so ⟨dy, conv2d(x, f)⟩ = ⟨x, conv2dInputGrad(dy, f)⟩
// = ⟨f, conv2dFilterGrad(x, dy)⟩, and each half's gradient for an upstream g is one of the
// three passes with the same geometry:
//   conv2dInputGrad(dy, f):  d(dy) = conv2d(g, f)            d(f) = conv2dFilterGrad(g, dy)
//   conv2dFilterGrad(x, dy): d(x) = conv2dInputGrad(dy, g)   d(dy) = conv2d(x, g)
import { conv2dFilterGrad, conv2dInputGrad, conv2dWith, type ConvAttrs, type ConvGeometry } from "../../ops/conv.js";
import { sum } from "../../ops/reduce.js";
import type { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { throughActivation } from "./activation.js";
import { defineRule, type GradientThunk } from "./rule.js";

export const conv2dGrad = defineRule<ConvAttrs>({
  saveInputs: [0, 1],
  saveOutput: true,
  grad: (dy, { inputs, output, attrs: { geometry, activation } }) => {
    const [x, filter, bias] = inputs as Tensor[];
    const pre = castTo(throughActivation(dy, output, activation), output.dtype);
    const thunks: GradientThunk[] = [
      () => castTo(conv2dInputGrad(pre, filter, geometry), x.dtype),
      () => castTo(conv2dFilterGrad(x, pre, geometry), filter.dtype),
    ];
    if (bias !== undefined) thunks.push(() => castTo(sum(pre, [0, 1, 2]), bias.dtype));
    return thunks;
  },
});

export const conv2dInputGradRule = defineRule<ConvGeometry>({
  saveInputs: [0, 1],
  grad: (g, { inputs, attrs }) => {
    const [dy, filter] = inputs as Tensor[];
    return [() => castTo(conv2dWith(g, filter, attrs), dy.dtype), () => castTo(conv2dFilterGrad(g, dy, attrs), filter.dtype)];
  },
});

export const conv2dFilterGradRule = defineRule<ConvGeometry>({
  saveInputs: [0, 1],
  grad: (g, { inputs, attrs }) => {
    const [x, dy] = inputs as Tensor[];
    return [() => castTo(conv2dInputGrad(dy, g, attrs), x.dtype), () => castTo(conv2dWith(x, g, attrs), dy.dtype)];
  },
});
