// Keras's Flatten: each example's axes as one (a reshape: a view when the batch is contiguous).
import { reshape } from "../../ops/movement.js";
import type { Tensor } from "../../tensor.js";
import { Layer, type CallContext, type LayerOptions } from "./layer.js";

/** The layer made by {@link flatten}. */
export class Flatten extends Layer {
  /** "flatten". */
  readonly kind = "flatten";
  /** "Flatten". */
  readonly className = "Flatten";

  /** @internal Use layers.flatten(). */
  constructor(options: LayerOptions = {}) {
    super(options, "flatten");
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    return [inputShape.reduce((p, d) => p * d, 1)];
  }

  call(x: Tensor, _context: CallContext): Tensor {
    return reshape(x, [x.shape[0], ...this.computeOutputShape(x.shape.slice(1))]);
  }
}

/** Flattens each example to one axis (Keras's `Flatten()`): (batch, h, w, c) → (batch, h·w·c). */
export function flatten(options: LayerOptions = {}): Flatten {
  return new Flatten(options);
}
