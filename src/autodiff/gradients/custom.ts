// The rule behind customGrad (functional.ts): the user's gradFunc, run on the upstream
// gradient and the tensors the forward function saved.
import { InvalidArgumentError } from "../../errors.js";
import { reshape } from "../../ops/movement.js";
import { formatShape, shapesEqual } from "../../shape/shape.js";
import { Tensor } from "../../tensor.js";
import { castTo } from "../unbroadcast.js";
import { defineRule } from "./rule.js";

/**
 * The backward half of a {@link customGrad} function: given `dy`, the gradient of the
 * result, and the tensors the forward function passed to `save` (in that order), returns
 * the gradient of each input: one tensor per input, each of that input's shape (a single
 * tensor is allowed for one input); each is then cast to its input's dtype. Anything else
 * throws {@link InvalidArgumentError} when the gradient is computed. Written with public ops,
 * it is itself recorded by an outer tape, so higher-order gradients work.
 */
export type GradFunc = (dy: Tensor, saved: Tensor[]) => Tensor | readonly Tensor[];

export const customGradRule = defineRule<{ gradFunc: GradFunc }>({
  grad: (dy, { inputs, saved, attrs: { gradFunc } }) => {
    const result = gradFunc(dy, saved.slice());
    const grads = result instanceof Tensor ? [result] : result;
    if (!Array.isArray(grads) || grads.length !== inputs.length) {
      throw new InvalidArgumentError(`customGrad: gradFunc must return one gradient per input (${inputs.length}), got ${Array.isArray(grads) ? grads.length : typeof grads}`);
    }
    return inputs.map((input, i) => () => {
      const x = input as Tensor;
      const g = grads[i];
      if (!(g instanceof Tensor)) throw new InvalidArgumentError(`customGrad: gradFunc result ${i} must be a Tensor`);
      if (!shapesEqual(g._shape, x._shape)) {
        throw new InvalidArgumentError(`customGrad: gradFunc result ${i} has shape ${formatShape(g._shape)}, input ${i} has shape ${formatShape(x._shape)}`);
      }
      // A tensor the caller already holds (dy, a saved tensor) is handed on as a new view,
      // so that disposing one gradient never frees another tensor.
      const fresh = g === dy || saved.includes(g) || inputs.includes(g) ? reshape(g, g._shape) : g;
      return castTo(fresh, x.dtype);
    });
  },
});
