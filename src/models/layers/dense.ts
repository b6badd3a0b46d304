// Keras's Dense: act(x · kernel + bias) over the last axis, one fused `linear` call when the
// activation is relu, sigmoid or tanh (the GEMM applies it as it stores each tile); softmax
// is applied after the fused product.
import type { RandomGenerator } from "../../ops/random.js";
import { linear } from "../../ops/linear.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../autodiff/variable.js";
import { applyActivation, fusedActivation, parseActivationName, type ActivationName } from "../activations.js";
import { parseInitializer, type Initializer } from "../initializers.js";
import { Layer, positiveInteger, type CallContext, type LayerOptions } from "./layer.js";
import { InvalidArgumentError } from "../../errors.js";
import { quoted } from "../by-name.js";

/** Options of {@link dense}. */
export interface DenseOptions extends LayerOptions {
  /** Applied to the output (default "linear": none). */
  activation?: ActivationName;
  /** Add a bias vector (default true). */
  useBias?: boolean;
  /** How the kernel (inputs, units) is drawn (default "glorotUniform"). */
  kernelInitializer?: Initializer;
  /** How the bias is drawn (default "zeros"). */
  biasInitializer?: Initializer;
}

/** The densely connected layer made by {@link dense}. */
export class Dense extends Layer {
  /** "dense". */
  readonly kind = "dense";
  /** "Dense". */
  readonly className = "Dense";
  /** Output features. */
  readonly units: number;
  /** The activation applied to the output. */
  readonly activation: ActivationName;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  readonly #kernelInit: Initializer;
  readonly #biasInit: Initializer;
  #kernel: Variable | undefined;
  #bias: Variable | undefined;

  /** @internal Use layers.dense(). */
  constructor(units: number, options: DenseOptions = {}) {
    super(options, "dense");
    this.units = positiveInteger(units, "units", "dense");
    this.activation = parseActivationName(options.activation, "dense");
    if (options.useBias !== undefined && typeof options.useBias !== "boolean") throw new InvalidArgumentError(`dense: useBias must be a boolean, got ${quoted(options.useBias)}`);
    this.useBias = options.useBias ?? true;
    this.#kernelInit = parseInitializer(options.kernelInitializer ?? "glorotUniform", "dense");
    this.#biasInit = parseInitializer(options.biasInitializer ?? "zeros", "dense");
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    if (inputShape.length === 0) throw this.shapeError("the input must have a features axis, got scalars per example");
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override makeWeights(inputShape: readonly number[], generator: RandomGenerator): void {
    this.#kernel = this.addWeight("kernel", [inputShape[inputShape.length - 1], this.units], this.#kernelInit, generator);
    if (this.useBias) this.#bias = this.addWeight("bias", [this.units], this.#biasInit, generator);
  }

  call(x: Tensor, _context: CallContext): Tensor {
    const fused = fusedActivation(this.activation);
    const y = linear(x, this.#kernel!, this.#bias, { activation: fused });
    return fused === undefined ? applyActivation(this.activation, y) : y;
  }

  /** The kernel variable (Keras's `layer.kernel`); the layer must be built. */
  get kernel(): Variable {
    if (this.#kernel === undefined) throw this.unbuilt("kernel");
    return this.#kernel;
  }

  /** The bias variable, or undefined with useBias false; the layer must be built. */
  get bias(): Variable | undefined {
    if (this.#kernel === undefined) throw this.unbuilt("bias");
    return this.#bias;
  }

  override get outputActivation(): ActivationName {
    return this.activation;
  }

  override callLogits(x: Tensor, _context: CallContext): Tensor {
    return linear(x, this.#kernel!, this.#bias);
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
