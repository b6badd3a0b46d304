// stopGradient: the same values, cut off from every tape (a view made without recording,
// so nothing that uses it leads back to t). TF's tf.stop_gradient.
import { expectTensor } from "./operand.js";
import type { Tensor } from "../tensor.js";

/**
 * The same values as `t`, cut off from every tape (TF's tf.stop_gradient): a new view
 * sharing t's storage, made without recording, so gradients do not flow through it back
 * to `t`. Dispose it like any view.
 */
export function stopGradient(t: Tensor): Tensor {
  expectTensor(t, "stopGradient");
  return t.view(t.shape, t.strides);
}
