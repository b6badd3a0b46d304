// stopGradient: the same values, cut off from every tape (a view made without recording,
// so nothing that uses it leads back to t). TF's tf.stop_gradient.
import { expectTensor } from "../ops/operand.js";
import type { Tensor } from "../tensor.js";

export function stopGradient(t: Tensor): Tensor {
  expectTensor(t, "stopGradient");
  return t.view(t.shape, t.strides);
}
