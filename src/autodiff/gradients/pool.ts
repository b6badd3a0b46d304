// Gradients of 2-D pooling. Each backward is an op with its own kernel (ops/pool.ts), and
// each of those is linear in its gradient operand, so its gradient is its adjoint:
//   maxPool2d:     dx = maxPool2dGrad(x, dy)    dy to each window's first maximum of x
//   maxPool2dGrad: d(dy) = maxPool2dPick(x, g)  g read back at those cells
//   maxPool2dPick: d(v) = maxPool2dGrad(x, g)
//   avgPool2d:     dx = avgPool2dGrad(dy)       dy / count to each valid cell
//   avgPool2dGrad: d(dy) = avgPool2d(g)
// Where the cells are depends on x only through comparisons: flat in x (zeros, as relu's
// mask), so nested tapes give the true higher-order gradients.
import { zeros } from "../../ops/creation.js";
import { avgPool2dGrad, avgPool2dWith, maxPool2dGrad, maxPool2dPick, type PoolGeometry } from "../../ops/pool.js";
import type { Tensor } from "../../tensor.js";
import { defineRule } from "./rule.js";

const flat = (x: Tensor) => () => zeros(x._shape, x.dtype);

export const maxPool2dGradRule = defineRule<PoolGeometry>({
  saveInputs: [0],
  grad: (dy, { inputs: [x], attrs }) => [() => maxPool2dGrad(x as Tensor, dy, attrs)],
});

export const maxPool2dGradGrad = defineRule<PoolGeometry>({
  saveInputs: [0],
  grad: (g, { inputs: [x], attrs }) => [flat(x as Tensor), () => maxPool2dPick(x as Tensor, g, attrs)],
});

export const maxPool2dPickGrad = defineRule<PoolGeometry>({
  saveInputs: [0],
  grad: (g, { inputs: [x], attrs }) => [flat(x as Tensor), () => maxPool2dGrad(x as Tensor, g, attrs)],
});

export const avgPool2dGradRule = defineRule<PoolGeometry>({
  grad: (dy, { attrs }) => [() => avgPool2dGrad(dy, attrs)],
});

export const avgPool2dGradGrad = defineRule<PoolGeometry>({
  grad: (g, { attrs }) => [() => avgPool2dWith(g, attrs)],
});
