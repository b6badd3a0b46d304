// Stochastic gradient descent with optional (Nesterov) momentum, Keras's formulation:
//   velocity = momentum · velocity - learningRate · g
//   w += velocity                                  (plain momentum)
//   w += momentum · velocity - learningRate · g    (nesterov)
import { mul, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { checkRate, Optimizer, type ClipOptions } from "./optimizer.js";

/** Options of {@link sgd} and the {@link SGD} constructor. */
export interface SGDOptions extends ClipOptions {
  /** Step size, a finite number >= 0 (default 0.01). */
  learningRate?: number;
  /** Momentum factor in [0, 1) (default 0: plain gradient descent, no velocity state). */
  momentum?: number;
  /** Use Nesterov momentum (default false); only `true` enables it, and it has no effect when momentum is 0. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, Keras's formulation:
 * `velocity = momentum · velocity - learningRate · g`, then `w += velocity`, or with
 * Nesterov `w += momentum · velocity - learningRate · g`. Without momentum,
 * `w -= learningRate · g`. Usually made with {@link sgd}.
 */
export class SGD extends Optimizer {
  /** Step size (from the options, default 0.01). */
  readonly learningRate: number;
  /** Momentum factor in [0, 1) (from the options, default 0). */
  readonly momentum: number;
  /** Whether Nesterov momentum is used (from the options, default false). */
  readonly nesterov: boolean;

  constructor({ learningRate = 0.01, momentum = 0, nesterov = false, ...clipping }: SGDOptions = {}) {
    super("sgd", clipping);
    this.learningRate = checkRate("sgd", "learningRate", learningRate);
    this.momentum = checkRate("sgd", "momentum", momentum, { maxExclusive: 1 });
    this.nesterov = nesterov === true;
  }

  protected update(v: Variable, g: Tensor): void {
    const step = mul(g, this.learningRate);
    if (this.momentum === 0) {
      v.assignSub(step);
      return;
    }
    const velocity = this.slot(v, "velocity");
    velocity.assign(sub(mul(velocity, this.momentum), step));
    v.assignAdd(this.nesterov ? sub(mul(velocity, this.momentum), step) : velocity);
  }
}

/** A new {@link SGD} optimizer (`new SGD(options)`); throws InvalidArgumentError for an option out of range. */
export function sgd(options: SGDOptions = {}): SGD {
  return new SGD(options);
}
