// RMSprop, Keras 3's formulation (keras/src/optimizers/rmsprop.py):
//   v = ρ·v + (1-ρ)·g²
//   centered: mg = ρ·mg + (1-ρ)·g, denominator v - mg² + ε; else v + ε
//   increment = lr·g / sqrt(denominator)
//   momentum > 0: m = momentum·m + increment, w -= m; else w -= increment
// (tfjs's centered form puts ε inside the subtraction, √(v - (mg² + ε)); Keras's is followed.)
import { add, div, mul, sqrt, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { checkRate, Optimizer, type ClipOptions } from "./optimizer.js";

/** Options of {@link rmsprop} and the {@link RMSprop} constructor (Keras 3's defaults). */
export interface RMSpropOptions extends ClipOptions {
  /** Step size, a finite number >= 0 (default 0.001). */
  learningRate?: number;
  /** Decay rate of the moving averages, in [0, 1) (default 0.9). */
  rho?: number;
  /** Momentum factor in [0, 1) (default 0: no momentum state). */
  momentum?: number;
  /** Added to the mean square under the square root, a finite number >= 0 (default 1e-7). */
  epsilon?: number;
  /** Normalise by the estimated variance of the gradient (v - mg²) instead of its mean square (default false). */
  centered?: boolean;
}

/**
 * RMSprop in Keras 3's formulation: `v = ρ·v + (1-ρ)·g²`; centered, `mg = ρ·mg + (1-ρ)·g`
 * and the denominator `sqrt(v - mg² + ε)`, else `sqrt(v + ε)`; `increment = lr·g / denominator`;
 * with momentum `m = momentum·m + increment`, `w -= m`, else `w -= increment`. State is kept
 * per variable. Usually made with {@link rmsprop}.
 */
export class RMSprop extends Optimizer {
  /** Step size (from the options, default 0.001). */
  readonly learningRate: number;
  /** Moving-average decay ρ (default 0.9). */
  readonly rho: number;
  /** Momentum factor (default 0). */
  readonly momentum: number;
  /** ε under the square root (default 1e-7). */
  readonly epsilon: number;
  /** Whether the centred variant is used (default false). */
  readonly centered: boolean;

  constructor({ learningRate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false, ...clipping }: RMSpropOptions = {}) {
    super("rmsprop", clipping);
    this.learningRate = checkRate("rmsprop", "learningRate", learningRate);
    this.rho = checkRate("rmsprop", "rho", rho, { maxExclusive: 1 });
    this.momentum = checkRate("rmsprop", "momentum", momentum, { maxExclusive: 1 });
    this.epsilon = checkRate("rmsprop", "epsilon", epsilon);
    this.centered = centered === true;
  }

  protected update(v: Variable, g: Tensor): void {
    const velocity = this.slot(v, "velocity");
    velocity.assign(add(mul(velocity, this.rho), mul(square(g), 1 - this.rho)));
    let denominator: Tensor;
    if (this.centered) {
      const mg = this.slot(v, "averageGradient");
      mg.assign(add(mul(mg, this.rho), mul(g, 1 - this.rho)));
      denominator = add(sub(velocity, square(mg)), this.epsilon);
    } else {
      denominator = add(velocity, this.epsilon);
    }
    const increment = div(mul(g, this.learningRate), sqrt(denominator));
    if (this.momentum > 0) {
      const m = this.slot(v, "momentum");
      m.assign(add(mul(m, this.momentum), increment));
      v.assignSub(m);
    } else {
      v.assignSub(increment);
    }
  }
}

/** A new {@link RMSprop} optimizer (`new RMSprop(options)`); throws InvalidArgumentError for an option out of range. */
export function rmsprop(options: RMSpropOptions = {}): RMSprop {
  return new RMSprop(options);
}
