// AdamW (Loshchilov & Hutter), Keras 3's: decoupled weight decay applied to the variable
// before the Adam step (keras/src/optimizers/base_optimizer.py, _apply_weight_decay):
//   w -= w·weightDecay·learningRate, then Adam's update with the gradient unchanged.
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { mul } from "../../ops/elementwise.js";
import { Adam, type AdamOptions } from "./adam.js";
import { checkRate } from "./optimizer.js";

/** Options of {@link adamw} and the {@link AdamW} constructor: Adam's (Keras's defaults) and the weight decay. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay rate, a finite number >= 0 (default 0.004, Keras 3's). */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay, Keras 3's AdamW: each step first shrinks the variable,
 * `w -= w·weightDecay·learningRate`, then takes the {@link Adam} step (the decay does not
 * pass through the moments). Usually made with {@link adamw}.
 */
export class AdamW extends Adam {
  /** Decoupled weight decay rate (default 0.004). */
  readonly weightDecay: number;

  constructor({ weightDecay = 0.004, ...adam }: AdamWOptions = {}) {
    super(adam, "adamw");
    this.weightDecay = checkRate("adamw", "weightDecay", weightDecay);
  }

  protected override update(v: Variable, g: Tensor): void {
    if (this.weightDecay !== 0) v.assignSub(mul(v, this.weightDecay * this.learningRate));
    super.update(v, g);
  }
}

/** A new {@link AdamW} optimizer (`new AdamW(options)`); throws InvalidArgumentError for an option out of range. */
export function adamw(options: AdamWOptions = {}): AdamW {
  return new AdamW(options);
}
