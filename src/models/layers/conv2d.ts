// Keras's Conv2D on NHWC batches: one `conv2d` call with the bias and a relu, sigmoid or
// tanh applied in the GEMM's epilogue; softmax after it.
import { conv2d as conv2dOp } from "../../ops/conv.js";
import { parsePadding, parsePair, windowGeometry, type Padding } from "../../shape/window.js";
import type { Tensor } from "../../tensor.js";
import type { Variable } from "../../autodiff/variable.js";
import type { Activation } from "../../manifest.js";
import { KernelLayer, type KernelLayerOptions } from "./kernel-layer.js";
import { positiveInteger } from "./layer.js";

/** Options of {@link conv2d}. */
export interface Conv2dLayerOptions extends KernelLayerOptions {
  /** Steps between windows, one number or [rows, columns] (default 1). */
  strides?: number | readonly [number, number];
  /** "valid" (default) or "same", TensorFlow's output sizes. */
  padding?: Padding;
  /** Spacing of the kernel taps, one number or [rows, columns] (default 1; Keras's dilation_rate). */
  dilationRate?: number | readonly [number, number];
}

/** The 2-D convolution layer made by {@link conv2d}. */
export class Conv2D extends KernelLayer {
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

  /** @internal Use layers.conv2d(). */
  constructor(filters: number, kernelSize: number | readonly [number, number], options: Conv2dLayerOptions = {}) {
    super(options, "conv2d");
    this.filters = positiveInteger(filters, "filters", "conv2d");
    this.kernelSize = parsePair(kernelSize ?? null, "kernelSize", "conv2d", 0);
    this.strides = parsePair(options.strides, "strides", "conv2d", 1);
    this.dilationRate = parsePair(options.dilationRate, "dilationRate", "conv2d", 1);
    this.padding = parsePadding(options.padding, "conv2d");
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    if (inputShape.length !== 3) throw this.shapeError(`expects images (height, width, channels) per example, got shape (${inputShape.join(", ")})`);
    const g = windowGeometry(inputShape.slice(0, 2), this.kernelSize, { strides: this.strides, padding: this.padding, dilations: this.dilationRate }, this.label);
    return [g.out[0], g.out[1], this.filters];
  }

  /** (kh, kw, inChannels, filters). */
  protected kernelShape(inputShape: readonly number[]): number[] {
    return [this.kernelSize[0], this.kernelSize[1], inputShape[2], this.filters];
  }

  protected product(x: Tensor, kernel: Variable, bias: Variable | undefined, activation: Activation | undefined): Tensor {
    return conv2dOp(x, kernel, { strides: this.strides, padding: this.padding, dilations: this.dilationRate, bias, activation });
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
