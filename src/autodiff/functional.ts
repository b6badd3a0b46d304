// The functional face of the tape (tfjs / JAX style): functions that return gradient
// functions. Each call runs f on a fresh tape inside tidy, so f's temporaries are freed
// and only the value (when asked for) and the gradients come back. A gradient of an input
// f does not depend on is zeros. They nest: grad(grad(f)) is the second derivative.
import { InvalidArgumentError } from "../errors.js";
import { tidy } from "../memory/tidy.js";
import { describe, expectTensor } from "../engine/operand.js";
import { Tensor } from "../tensor.js";
import type { GradFunc } from "./gradients/custom.js";
import { GradientTape } from "./gradient-tape.js";
import { isRecording, record, withoutRecording } from "./tape.js";

function checkInputs(xs: unknown, name: string): Tensor[] {
  if (!Array.isArray(xs)) throw new InvalidArgumentError(`${name}: expected an array of tensors, got ${describe(xs)}`);
  return xs.map((x, i) => expectTensor(x, name, `inputs[${i}]`));
}

function run(name: string, f: (...xs: Tensor[]) => Tensor, xs: Tensor[], dy: Tensor | undefined, withValue: boolean): { value?: Tensor; grads: Tensor[] } {
  if (typeof f !== "function") throw new InvalidArgumentError(`${name}: expected a function, got ${describe(f)}`);
  return tidy(() => {
    const tape = new GradientTape();
    try {
      tape.watch(xs);
      const value = tape.record(() => f(...xs));
      if (!(value instanceof Tensor)) throw new InvalidArgumentError(`${name}: f must return a Tensor, got ${describe(value)}`);
      const grads = tape.gradient(value, xs, { outputGradients: dy, unconnectedGradients: "zero" });
      return withValue ? { value, grads } : { grads };
    } finally {
      tape.dispose();
    }
  });
}

/** x => df/dx (of sum(f(x)) when f(x) is not a scalar; dy weights the outputs instead). */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => run("grad", f, [expectTensor(x, "grad", "x")], dy, false).grads[0];
}

/** [x1, x2, …] => [df/dx1, df/dx2, …]. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => run("grads", f, checkInputs(xs, "grads"), dy, false).grads;
}

/** x => { value: f(x), grad: df/dx }. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => {
  /** f(x), owned by the caller. */
  value: Tensor;
  /** df/dx (of sum(f(x)), or weighted by dy), shape of x; zeros if f does not depend on x. */
  grad: Tensor;
} {
  return (x, dy) => {
    const r = run("valueAndGrad", f, [expectTensor(x, "valueAndGrad", "x")], dy, true);
    return { value: r.value!, grad: r.grads[0] };
  };
}

/** [x1, …] => { value: f(x1, …), grads: [df/dx1, …] }. */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => {
  /** f(x1, …), owned by the caller. */
  value: Tensor;
  /** df/dxi for each input, in order, each of its input's shape; zeros for an input f does not use. */
  grads: Tensor[];
} {
  return (xs, dy) => {
    const r = run("valueAndGrads", f, checkInputs(xs, "valueAndGrads"), dy, true);
    return { value: r.value!, grads: r.grads };
  };
}

/** Hands tensors the forward function computed to gradFunc (the tape keeps them alive). */
export type SaveFunction = (tensors: readonly Tensor[]) => void;

/** What the forward function given to {@link customGrad} returns. */
export interface CustomGradientResult {
  /** The forward result, computed off every tape; the custom-gradient function returns it (as a new view when it is one of the inputs or saved tensors). */
  value: Tensor;
  /** Gradients of the inputs (one per input, each of its shape) from the gradient of value and the saved tensors. */
  gradFunc: GradFunc;
}

/**
 * A function with a gradient of your own (tfjs's customGrad): f receives the inputs and a
 * `save` function, and returns { value, gradFunc }. The forward ops are not recorded; the
 * tape records one op whose gradient is gradFunc(dy, saved). Write gradFunc with public ops
 * and it nests like every other gradient.
 */
export function customGrad(f: (...args: any[]) => CustomGradientResult): (...inputs: Tensor[]) => Tensor {
  if (typeof f !== "function") throw new InvalidArgumentError(`customGrad: expected a function, got ${describe(f)}`);
  return (...inputs) => {
    inputs.forEach((x, i) => expectTensor(x, "customGrad", `input ${i}`));
    let saved: Tensor[] = [];
    const save: SaveFunction = (tensors) => {
      saved = checkInputs(tensors, "customGrad save");
    };
    const result = withoutRecording(() => f(...inputs, save));
    if (result === null || typeof result !== "object" || !(result.value instanceof Tensor) || typeof result.gradFunc !== "function") {
      throw new InvalidArgumentError("customGrad: f must return { value: Tensor, gradFunc: (dy, saved) => Tensor[] }");
    }
    // The result must be a tensor of its own: a node's result cannot be one of its operands.
    const value = inputs.includes(result.value) || saved.includes(result.value) ? result.value.view(result.value._shape, result.value._strides) : result.value;
    if (isRecording()) record("customGrad", inputs, value, { gradFunc: result.gradFunc }, saved);
    return value;
  };
}
