// What Dense and Conv2D share: a kernel and an optional bias (Variables made when the input
// shape is known), and an activation passed to the product (linear, conv2d) when its GEMM
// can apply it as it stores each tile; softmax is applied after the product.
import { InvalidArgumentError } from "../../errors.js";
import type { Activation } from "../../manifest.js";
import type { RandomGenerator } from "../../ops/random.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../autodiff/variable.js";
import { applyActivation, fusedActivation, parseActivationName, type ActivationName } from "../activations.js";
import { quoted } from "../by-name.js";
import { parseInitializer, type Initializer } from "../initializers.js";
import { Layer, type CallContext, type LayerOptions } from "./layer.js";

/** The options every kernel layer takes. */
export interface KernelLayerOptions extends LayerOptions {
  /** Applied to the output (default "linear": none). */
  activation?: ActivationName;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** How the kernel is drawn (default "glorotUniform"). */
  kernelInitializer?: Initializer;
  /** How the bias is drawn (default "zeros"). */
  biasInitializer?: Initializer;
}

/** A layer computing act(product(x, kernel) + bias): the base of {@link Dense} and {@link Conv2D}. */
export abstract class KernelLayer extends Layer {
  /** The activation applied to the output. */
  readonly activation: ActivationName;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  readonly #kernelInit: Initializer;
  readonly #biasInit: Initializer;
  #kernel: Variable | undefined;
  #bias: Variable | undefined;

  protected constructor(options: KernelLayerOptions, where: string) {
    super(options, where);
    this.activation = parseActivationName(options.activation, where);
    if (options.useBias !== undefined && typeof options.useBias !== "boolean") throw new InvalidArgumentError(`${where}: useBias must be a boolean, got ${quoted(options.useBias)}`);
    this.useBias = options.useBias ?? true;
    this.#kernelInit = parseInitializer(options.kernelInitializer ?? "glorotUniform", where);
    this.#biasInit = parseInitializer(options.biasInitializer ?? "zeros", where);
  }

  /** The kernel's shape for inputs of this per-example shape; its last axis is the bias's length. */
  protected abstract kernelShape(inputShape: readonly number[]): number[];

  /** product(x, kernel) + bias with `activation` (fused by the op, or undefined for none). */
  protected abstract product(x: Tensor, kernel: Variable, bias: Variable | undefined, activation: Activation | undefined): Tensor;

  protected override makeWeights(inputShape: readonly number[], generator: RandomGenerator): void {
    const shape = this.kernelShape(inputShape);
    this.#kernel = this.addWeight("kernel", shape, this.#kernelInit, generator);
    if (this.useBias) this.#bias = this.addWeight("bias", [shape[shape.length - 1]], this.#biasInit, generator);
  }

  call(x: Tensor, _context: CallContext): Tensor {
    const fused = fusedActivation(this.activation);
    const y = this.product(x, this.kernel, this.#bias, fused);
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
    return this.product(x, this.kernel, this.#bias, undefined);
  }
}
