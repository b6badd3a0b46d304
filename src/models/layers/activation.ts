// Keras's Activation layer: a named activation on its own.
import type { Tensor } from "../../tensor.js";
import { applyActivation, parseActivationName, type ActivationName } from "../activations.js";
import { Layer, type CallContext, type LayerOptions } from "./layer.js";

/** The layer made by {@link activation}. */
export class ActivationLayer extends Layer {
  /** "activation". */
  readonly kind = "activation";
  /** "Activation". */
  readonly className = "Activation";
  /** The activation applied. */
  readonly activation: ActivationName;

  /** @internal Use layers.activation(). */
  constructor(name: ActivationName, options: LayerOptions = {}) {
    super(options, "activation");
    this.activation = parseActivationName(name ?? "", "activation");
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    return inputShape;
  }

  call(x: Tensor, _context: CallContext): Tensor {
    return applyActivation(this.activation, x);
  }

  override get outputActivation(): ActivationName {
    return this.activation;
  }

  override callLogits(x: Tensor, _context: CallContext): Tensor {
    return x;
  }
}

/** Applies a named activation (Keras's `Activation("relu")`): "relu", "sigmoid", "tanh", "softmax" (last axis) or "linear". */
export function activation(name: ActivationName, options: LayerOptions = {}): ActivationLayer {
  return new ActivationLayer(name, options);
}
