// Stochastic gradient descent with optional (Nesterov) momentum, Keras's formulation:
//   velocity = momentum · velocity - learningRate · g
//   w += velocity                                  (plain momentum)
//   w += momentum · velocity - learningRate · g    (nesterov)
import { add, mul, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../variable.js";
import { checkRate, Optimizer } from "./optimizer.js";

export interface SGDOptions {
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor({ learningRate = 0.01, momentum = 0, nesterov = false }: SGDOptions = {}) {
    super("sgd");
    this.learningRate = checkRate("sgd", "learningRate", learningRate);
    this.momentum = checkRate("sgd", "momentum", momentum, { maxExclusive: 1 });
    this.nesterov = nesterov === true;
  }

  protected update(v: Variable, g: Tensor): void {
    const step = mul(g, this.learningRate);
    if (this.momentum === 0) {
      v.assign(sub(v, step));
      return;
    }
    const velocity = this.slot(v, "velocity");
    velocity.assign(sub(mul(velocity, this.momentum), step));
    v.assign(this.nesterov ? add(v, sub(mul(velocity, this.momentum), step)) : add(v, velocity));
  }
}

export function sgd(options: SGDOptions = {}): SGD {
  return new SGD(options);
}
