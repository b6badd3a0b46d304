// Gradients of the element-wise ops. Binary ops broadcast, so each operand's gradient goes
// through unbroadcast (summed back to its shape, cast to its dtype). A plain-number operand
// is a constant and gets no gradient.
//
// Ties and kinks (documented choices):
//   relu'(0) = 0, abs'(0) = 0 (subgradients, as TF and PyTorch);
//   maximum(a, b) with a == b sends the whole gradient to a (TF's rule: a >= b picks a),
//   minimum likewise (a <= b picks a).
import { add, cos, div, floorDiv, mul, neg, sigmoid, sin, square, sub } from "../../ops/elementwise.js";
import { zeros } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import { unbroadcast } from "../unbroadcast.js";
import { greater, positive, sign } from "./masks.js";
import { defineRule, type GradientRule, type Operand } from "./rule.js";

/** The gradient `g` (of the op's broadcast shape) for operand `x`. */
function to(x: Operand, g: Tensor): Tensor {
  const t = x as Tensor;
  return unbroadcast(g, t._shape, t.dtype);
}

export const addGrad = defineRule({
  grad: (dy, { inputs: [a, b] }) => [() => to(a, dy), () => to(b, dy)],
});

export const subGrad = defineRule({
  grad: (dy, { inputs: [a, b] }) => [() => to(a, dy), () => to(b, neg(dy))],
});

export const mulGrad = defineRule({
  saveInputs: [0, 1],
  grad: (dy, { inputs: [a, b] }) => [() => to(a, mul(dy, b)), () => to(b, mul(dy, a))],
});

/** d(a/b) = da/b - a·db/b² (divided twice rather than by b², which can overflow). */
export const divGrad = defineRule({
  saveInputs: [0, 1],
  grad: (dy, { inputs: [a, b] }) => [() => to(a, div(dy, b)), () => to(b, neg(div(div(mul(dy, a), b), b)))],
});

export const maximumGrad = defineRule({
  saveInputs: [0, 1],
  grad: (dy, { inputs: [a, b] }) => {
    const bWins = greater(b, a); // 1 where b > a: ties go to a
    return [() => to(a, mul(dy, sub(1, bWins))), () => to(b, mul(dy, bWins))];
  },
});

export const minimumGrad = defineRule({
  saveInputs: [0, 1],
  grad: (dy, { inputs: [a, b] }) => {
    const bWins = greater(a, b); // 1 where b < a: ties go to a
    return [() => to(a, mul(dy, sub(1, bWins))), () => to(b, mul(dy, bWins))];
  },
});

/** TF's FloorMod: a mod b = a - floorDiv(a, b)·b, with floorDiv piecewise constant. */
export const modGrad = defineRule({
  saveInputs: [0, 1],
  grad: (dy, { inputs: [a, b] }) => [() => to(a, dy), () => to(b, neg(mul(dy, floorDiv(a, b))))],
});

/** floorDiv is piecewise constant: zero gradients, as floor's. */
export const floorDivGrad = defineRule({
  grad: (_dy, { inputs: [a, b] }) => [() => zeros((a as Tensor)._shape, (a as Tensor).dtype), () => zeros((b as Tensor)._shape, (b as Tensor).dtype)],
});

/** A unary rule from the derivative's formula. */
function unaryRule(save: "input" | "output", grad: (dy: Tensor, value: Tensor) => Tensor): GradientRule {
  return save === "input"
    ? defineRule({ saveInputs: [0], grad: (dy, { inputs: [x] }) => [() => grad(dy, x as Tensor)] })
    : defineRule({ saveOutput: true, grad: (dy, { output }) => [() => grad(dy, output)] });
}

export const negGrad = defineRule({ grad: (dy) => [() => neg(dy)] });
/** sign is flat wherever it is differentiable (TF's rule: zeros everywhere). */
export const signGrad = defineRule({ grad: (dy) => [() => zeros(dy._shape, dy.dtype)] });
/** floor, ceil and round are piecewise constant: gradient 0 (TF's choice too). */
export const stepGrad = signGrad;
/** d(1/x) = -dy / x² = -dy · y²: from the result. */
export const reciprocalGrad = unaryRule("output", (dy, y) => neg(mul(dy, square(y))));
export const reluGrad = unaryRule("input", (dy, x) => mul(dy, positive(x)));
export const absGrad = unaryRule("input", (dy, x) => mul(dy, sign(x)));
export const squareGrad = unaryRule("input", (dy, x) => mul(dy, mul(x, 2)));
/** d sqrt(x) = dy / (2 sqrt(x)): from the result. */
export const sqrtGrad = unaryRule("output", (dy, y) => div(dy, mul(y, 2)));
/** d exp(x) = dy · exp(x): from the result. */
export const expGrad = unaryRule("output", (dy, y) => mul(dy, y));
export const logGrad = unaryRule("input", (dy, x) => div(dy, x));
/** d tanh(x) = dy · (1 - tanh²(x)). */
export const tanhGrad = unaryRule("output", (dy, y) => mul(dy, sub(1, square(y))));
/** d sigmoid(x) = dy · σ(x) · (1 - σ(x)). */
export const sigmoidGrad = unaryRule("output", (dy, y) => mul(dy, mul(y, sub(1, y))));
/** d log1p(x) = dy / (1 + x). */
export const log1pGrad = unaryRule("input", (dy, x) => div(dy, add(x, 1)));
/** d expm1(x) = dy · e^x = dy · (expm1(x) + 1): from the result. */
export const expm1Grad = unaryRule("output", (dy, y) => mul(dy, add(y, 1)));
/** d softplus(x) = dy · sigmoid(x). */
export const softplusGrad = unaryRule("input", (dy, x) => mul(dy, sigmoid(x)));
export const sinGrad = unaryRule("input", (dy, x) => mul(dy, cos(x)));
export const cosGrad = unaryRule("input", (dy, x) => neg(mul(dy, sin(x))));
