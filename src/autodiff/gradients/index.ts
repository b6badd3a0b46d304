// The gradient table: op name → rule. Its keys are the op-name vocabulary shared with the
// ops (each calls record(name, …)), so an op without a rule does not type-check.
import { astypeGrad } from "./cast.js";
import { customGradRule } from "./custom.js";
import * as elementwise from "./elementwise.js";
import { concatGrad } from "./join.js";
import { matmulGrad } from "./linalg.js";
import { broadcastToGrad, reshapeGrad, transposeGrad } from "./movement.js";
import { extremumGrad, meanGrad, prodGrad, sumGrad } from "./reduce.js";
import type { GradientRule } from "./rule.js";
import { powGrad } from "./pow.js";
import { sliceGrad } from "./slice.js";
import { whereGrad } from "./select.js";
import { gatherGrad } from "./indexing.js";
import { cumprodGrad, cumsumGrad } from "./cumulative.js";
import { takeAlongLastAxisGrad } from "./sort.js";
import { conv2dFilterGradRule, conv2dGrad, conv2dInputGradRule } from "./conv.js";
import { linearGrad } from "./linear.js";
import { avgPool2dGradGrad, avgPool2dGradRule, maxPool2dGradGrad, maxPool2dGradRule, maxPool2dPickGrad } from "./pool.js";

export const GRADIENTS = {
  add: elementwise.addGrad,
  sub: elementwise.subGrad,
  mul: elementwise.mulGrad,
  div: elementwise.divGrad,
  maximum: elementwise.maximumGrad,
  minimum: elementwise.minimumGrad,
  pow: powGrad,
  mod: elementwise.modGrad,
  floorDiv: elementwise.floorDivGrad,
  relu: elementwise.reluGrad,
  neg: elementwise.negGrad,
  abs: elementwise.absGrad,
  square: elementwise.squareGrad,
  sqrt: elementwise.sqrtGrad,
  exp: elementwise.expGrad,
  log: elementwise.logGrad,
  tanh: elementwise.tanhGrad,
  sigmoid: elementwise.sigmoidGrad,
  sign: elementwise.signGrad,
  floor: elementwise.stepGrad,
  ceil: elementwise.stepGrad,
  round: elementwise.stepGrad,
  reciprocal: elementwise.reciprocalGrad,
  log1p: elementwise.log1pGrad,
  expm1: elementwise.expm1Grad,
  softplus: elementwise.softplusGrad,
  sin: elementwise.sinGrad,
  cos: elementwise.cosGrad,
  reshape: reshapeGrad,
  expandDims: reshapeGrad,
  squeeze: reshapeGrad,
  transpose: transposeGrad,
  broadcastTo: broadcastToGrad,
  slice: sliceGrad,
  stridedSlice: sliceGrad,
  concat: concatGrad,
  matmul: matmulGrad,
  astype: astypeGrad,
  sum: sumGrad,
  mean: meanGrad,
  max: extremumGrad,
  min: extremumGrad,
  prod: prodGrad,
  where: whereGrad,
  gather: gatherGrad,
  cumsum: cumsumGrad,
  cumprod: cumprodGrad,
  takeAlongLastAxis: takeAlongLastAxisGrad,
  conv2d: conv2dGrad,
  conv2dInputGrad: conv2dInputGradRule,
  conv2dFilterGrad: conv2dFilterGradRule,
  linear: linearGrad,
  maxPool2d: maxPool2dGradRule,
  maxPool2dGrad: maxPool2dGradGrad,
  maxPool2dPick: maxPool2dPickGrad,
  avgPool2d: avgPool2dGradRule,
  avgPool2dGrad: avgPool2dGradGrad,
  customGrad: customGradRule,
} satisfies Record<string, GradientRule<any>>;

/** Every op name that can be recorded on a tape. */
export type RecordedOp = keyof typeof GRADIENTS;
