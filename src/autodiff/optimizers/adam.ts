// Adam (Kingma & Ba), Keras's formulation with the bias correction folded into the step:
//   m = β1·m + (1-β1)·g,  v = β2·v + (1-β2)·g²
//   w -= lr · sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε)
import { add, div, mul, sqrt, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { checkRate, Optimizer } from "./optimizer.js";

export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam extends Optimizer {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
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

export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
