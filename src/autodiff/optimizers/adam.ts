// Adam (Kingma & Ba), Keras 3's formulation (keras/src/optimizers/adam.py) with the bias
// correction folded into the step, ε added to sqrt(v) (not to the corrected v̂, as tfjs):
//   m += (g - m)·(1-β1),  v += (g² - v)·(1-β2)
//   w -= lr · sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε)
import { add, div, mul, sqrt, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { checkRate, Optimizer, type ClipOptions } from "./optimizer.js";

/** Options of {@link adam} and the {@link Adam} constructor (Keras's defaults). */
export interface AdamOptions extends ClipOptions {
  /** Step size, a finite number >= 0 (default 0.001). */
  learningRate?: number;
  /** Decay rate of the first-moment (mean) estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay rate of the second-moment (uncentred variance) estimate, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to sqrt(v) in the denominator for numerical stability, a finite number >= 0 (default 1e-7, as Keras). */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba) in Keras 3's formulation, the bias correction folded into the step:
 * `m += (g - m)·(1-β1)`, `v += (g² - v)·(1-β2)`,
 * `w -= lr · sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε)` with t the 1-based step.
 * m and v are kept per variable. Usually made with {@link adam}.
 */
export class Adam extends Optimizer {
  /** Step size (from the options, default 0.001). */
  readonly learningRate: number;
  /** First-moment decay rate (from the options, default 0.9). */
  readonly beta1: number;
  /** Second-moment decay rate (from the options, default 0.999). */
  readonly beta2: number;
  /** Denominator stabiliser ε (from the options, default 1e-7). */
  readonly epsilon: number;

  /** @param name @internal The name in error messages ("adamw" for the subclass). */
  constructor({ learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, ...clipping }: AdamOptions = {}, name = "adam") {
    super(name, clipping);
    this.learningRate = checkRate(name, "learningRate", learningRate);
    this.beta1 = checkRate(name, "beta1", beta1, { maxExclusive: 1 });
    this.beta2 = checkRate(name, "beta2", beta2, { maxExclusive: 1 });
    this.epsilon = checkRate(name, "epsilon", epsilon);
  }

  protected update(v: Variable, g: Tensor): void {
    const t = this.iterations + 1;
    const m = this.slot(v, "m");
    const s = this.slot(v, "v");
    m.assignAdd(mul(sub(g, m), 1 - this.beta1));
    s.assignAdd(mul(sub(square(g), s), 1 - this.beta2));
    const rate = (this.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    v.assignSub(div(mul(m, rate), add(sqrt(s), this.epsilon)));
  }
}

/** A new {@link Adam} optimizer (`new Adam(options)`); throws InvalidArgumentError for an option out of range. */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
