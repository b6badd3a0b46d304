// Gradient of conv2d (with its optional fused bias and activation): both halves are GEMMs
// of their own (ops/conv.ts): dx = col2im(dpre · filterᵀ), dfilter = colsᵀ · dpre, and the
// bias gets dpre summed over every axis but the channels.
import { conv2dFilterGrad, conv2dInputGrad, type ConvAttrs } from "../../ops/conv.js";
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
