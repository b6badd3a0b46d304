// Adam (Kingma & Ba), Keras's formulation with the bias correction folded into the step:
//   m = β1·m + (1-β1)·g,  v = β2·v + (1-β2)·g²
//   w -= lr · sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε)
import { add, div, mul, sqrt, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { checkRate, Optimizer } from "./optimizer.js";

/** Options of {@link adam} and the {@link Adam} constructor (Keras's defaults). */
export interface AdamOptions {
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
 * Adam (Kingma & Ba) in Keras's formulation, the bias correction folded into the step:
 * `m = β1·m + (1-β1)·g`, `v = β2·v + (1-β2)·g²`,
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

  constructor({ learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 }: AdamOptions = {}) {
    super("adam");
    this.learningRate = checkRate("adam", "learningRate", learningRate);
    this.beta1 = checkRate("adam", "beta1", beta1, { maxExclusive: 1 });
    this.beta2 = checkRate("adam", "beta2", beta2, { maxExclusive: 1 });
    this.epsilon = checkRate("adam", "epsilon", epsilon);
  }

  protected update(v: Variable, g: Tensor): void {
    const t = this.iterations + 1;
    const m = this.slot(v, "m");
    const s = this.slot(v, "v");
    m.assign(add(mul(m, this.beta1), mul(g, 1 - this.beta1)));
    s.assign(add(mul(s, this.beta2), mul(square(g), 1 - this.beta2)));
    const rate = (this.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    v.assign(sub(v, div(mul(m, rate), add(sqrt(s), this.epsilon))));
  }
}

/** A new {@link Adam} optimizer (`new Adam(options)`); throws InvalidArgumentError for an option out of range. */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
