// compile's `optimizer`: a name, with Keras's default learning rates (rmsprop 0.001, adam
// 0.001, sgd 0.01; adamw 0.001), or an optimizer object made with st.optimizers.
import { Optimizer } from "../autodiff/optimizers/optimizer.js";
import { adam } from "../autodiff/optimizers/adam.js";
import { adamw } from "../autodiff/optimizers/adamw.js";
import { rmsprop } from "../autodiff/optimizers/rmsprop.js";
import { sgd } from "../autodiff/optimizers/sgd.js";
import { byName } from "./by-name.js";

/** The optimizers {@link Model.compile} takes by name, each with Keras's defaults. */
export type OptimizerName = "rmsprop" | "adam" | "sgd" | "adamw";

const OPTIMIZERS: Readonly<Record<OptimizerName, () => Optimizer>> = {
  rmsprop: () => rmsprop(),
  adam: () => adam(),
  sgd: () => sgd(),
  adamw: () => adamw(),
};

/** An optimizer object as given, or a new one by name. */
export function resolveOptimizer(value: unknown, where: string): Optimizer {
  if (value instanceof Optimizer) return value;
  return byName(OPTIMIZERS, typeof value === "string" ? value.toLowerCase() : value, "optimizer", where)();
}
