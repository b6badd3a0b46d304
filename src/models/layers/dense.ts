// Keras's Dense: act(x · kernel + bias) over the last axis, one fused `linear` call when the
// activation is relu, sigmoid or tanh (the GEMM applies it as it stores each tile); softmax
// is applied after the fused product.
import { linear } from "../../ops/linear.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../autodiff/variable.js";
import type { Activation } from "../../manifest.js";
import { KernelLayer, type KernelLayerOptions } from "./kernel-layer.js";
import { positiveInteger } from "./layer.js";

/** Options of {@link dense}. */
export interface DenseOptions extends KernelLayerOptions {}

/** The densely connected layer made by {@link dense}. */
export class Dense extends KernelLayer {
  /** "dense". */
  readonly kind = "dense";
  /** "Dense". */
  readonly className = "Dense";
  /** Output features. */
  readonly units: number;

  /** @internal Use layers.dense(). */
  constructor(units: number, options: DenseOptions = {}) {
    super(options, "dense");
    this.units = positiveInteger(units, "units", "dense");
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    if (inputShape.length === 0) throw this.shapeError("the input must have a features axis, got scalars per example");
    return [...inputShape.slice(0, -1), this.units];
  }

  /** (inputs, units). */
  protected kernelShape(inputShape: readonly number[]): number[] {
    return [inputShape[inputShape.length - 1], this.units];
  }

  protected product(x: Tensor, kernel: Variable, bias: Variable | undefined, activation: Activation | undefined): Tensor {
    return linear(x, kernel, bias, { activation });
  }
}

/**
 * A densely connected layer (Keras's `Dense(units, activation=...)`): act(x · kernel + bias)
 * over the last axis, kernel (inputs, units) and bias (units) created when the input shape
 * is known. relu, sigmoid and tanh are fused into the matrix product (one {@link linear} call).
 *
 * ```ts
 * const model = st.sequential([st.layers.dense(16, { activation: "relu", inputShape: [100] }), st.layers.dense(1, { activation: "sigmoid" })]);
 * ```
 */
export function dense(units: number, options: DenseOptions = {}): Dense {
  return new Dense(units, options);
}
