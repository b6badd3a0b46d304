// Keras's Conv2D on NHWC batches: one `conv2d` call with the bias and a relu, sigmoid or
// tanh applied in the GEMM's epilogue; softmax after it.
import { InvalidArgumentError } from "../../errors.js";
import type { RandomGenerator } from "../../ops/random.js";
import { conv2d as conv2dOp } from "../../ops/conv.js";
import { parsePair, windowGeometry, type Padding } from "../../shape/window.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../autodiff/variable.js";
import { applyActivation, fusedActivation, parseActivationName, type ActivationName } from "../activations.js";
import { quoted } from "../by-name.js";
import { parseInitializer, type Initializer } from "../initializers.js";
import { Layer, positiveInteger, type CallContext, type LayerOptions } from "./layer.js";

/** Options of {@link conv2d}. */
export interface Conv2dLayerOptions extends LayerOptions {
  /** Steps between windows, one number or [rows, columns] (default 1). */
  strides?: number | readonly [number, number];
  /** "valid" (default) or "same", TensorFlow's output sizes. */
  padding?: Padding;
  /** Spacing of the kernel taps, one number or [rows, columns] (default 1; Keras's dilation_rate). */
  dilationRate?: number | readonly [number, number];
  /** Applied to the output (default "linear": none). */
  activation?: ActivationName;
  /** Add a bias per filter (default true). */
  useBias?: boolean;
  /** How the kernel (kh, kw, inChannels, filters) is drawn (default "glorotUniform"). */
  kernelInitializer?: Initializer;
  /** How the bias is drawn (default "zeros"). */
  biasInitializer?: Initializer;
}

/** The 2-D convolution layer made by {@link conv2d}. */
export class Conv2D extends Layer {
  /** "conv2d". */
  readonly kind = "conv2d";
  /** "Conv2D". */
  readonly className = "Conv2D";
  /** Output channels. */
  readonly filters: number;
  /** The window [rows, columns]. */
  readonly kernelSize: readonly [number, number];
  /** Steps between windows [rows, columns]. */
  readonly strides: readonly [number, number];
  /** "valid" or "same". */
  readonly padding: Padding;
  /** Spacing of the taps [rows, columns]. */
  readonly dilationRate: readonly [number, number];
  /** The activation applied to the output. */
  readonly activation: ActivationName;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  readonly #kernelInit: Initializer;
  readonly #biasInit: Initializer;
  #kernel: Variable | undefined;
  #bias: Variable | undefined;

  /** @internal Use layers.conv2d(). */
  constructor(filters: number, kernelSize: number | readonly [number, number], options: Conv2dLayerOptions = {}) {
    super(options, "conv2d");
    this.filters = positiveInteger(filters, "filters", "conv2d");
    this.kernelSize = parsePair(kernelSize ?? null, "kernelSize", "conv2d", 0);
    this.strides = parsePair(options.strides, "strides", "conv2d", 1);
    this.dilationRate = parsePair(options.dilationRate, "dilationRate", "conv2d", 1);
    const padding = options.padding ?? "valid";
    if (padding !== "valid" && padding !== "same") throw new InvalidArgumentError(`conv2d: padding must be "valid" or "same", got ${quoted(padding)}`);
    this.padding = padding;
    this.activation = parseActivationName(options.activation, "conv2d");
    if (options.useBias !== undefined && typeof options.useBias !== "boolean") throw new InvalidArgumentError(`conv2d: useBias must be a boolean, got ${quoted(options.useBias)}`);
    this.useBias = options.useBias ?? true;
    this.#kernelInit = parseInitializer(options.kernelInitializer ?? "glorotUniform", "conv2d");
    this.#biasInit = parseInitializer(options.biasInitializer ?? "zeros", "conv2d");
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    if (inputShape.length !== 3) throw this.shapeError(`expects images (height, width, channels) per example, got shape (${inputShape.join(", ")})`);
    const g = windowGeometry(inputShape.slice(0, 2), this.kernelSize, { strides: this.strides, padding: this.padding, dilations: this.dilationRate }, this.label);
    return [g.out[0], g.out[1], this.filters];
  }

  protected override makeWeights(inputShape: readonly number[], generator: RandomGenerator): void {
    this.#kernel = this.addWeight("kernel", [this.kernelSize[0], this.kernelSize[1], inputShape[2], this.filters], this.#kernelInit, generator);
    if (this.useBias) this.#bias = this.addWeight("bias", [this.filters], this.#biasInit, generator);
  }

  call(x: Tensor, _context: CallContext): Tensor {
    const fused = fusedActivation(this.activation);
    const y = this.convolve(x, fused);
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
    return this.convolve(x, undefined);
  }

  private convolve(x: Tensor, activation: ReturnType<typeof fusedActivation>): Tensor {
    return conv2dOp(x, this.#kernel!, { strides: this.strides, padding: this.padding, dilations: this.dilationRate, bias: this.#bias, activation });
  }
}

/**
 * A 2-D convolution layer over NHWC images (Keras's `Conv2D(filters, kernel_size, ...)`):
 * kernel (kh, kw, inChannels, filters) and bias (filters), created when the input shape is
 * known; the bias and a relu, sigmoid or tanh are applied inside the convolution's GEMM.
 */
export function conv2d(filters: number, kernelSize: number | readonly [number, number], options: Conv2dLayerOptions = {}): Conv2D {
  return new Conv2D(filters, kernelSize, options);
}
