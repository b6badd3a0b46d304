// stopGradient: the same values, cut off from every tape (a view the engine does not
// record, so nothing that uses it leads back to t). TF's tf.stop_gradient.
import type { Tensor } from "../tensor.js";
import { run } from "../engine/engine.js";
import { viewOp } from "../engine/op.js";

const STOP_GRADIENT = viewOp<undefined>({
  name: "stopGradient",
  differentiable: false,
  plan: (t) => ({ shape: t._shape, strides: t._strides }),
});

/**
 * The same values as `t`, cut off from every tape (TF's tf.stop_gradient): a new view
 * sharing t's storage, made without recording, so gradients do not flow through it back
 * to `t`. Dispose it like any view.
 */
export function stopGradient(t: Tensor): Tensor {
  return run(STOP_GRADIENT, [t], undefined);
}
