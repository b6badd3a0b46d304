// Keras's MaxPooling2D and AveragePooling2D: maxPool2d / avgPool2d over NHWC batches,
// strides defaulting to the pool size.
import { avgPool2d, maxPool2d } from "../../ops/pool.js";
import { parsePadding, parsePair, windowGeometry, type Padding } from "../../shape/window.js";
import type { Tensor } from "../../tensor.js";
import { Layer, type CallContext, type LayerOptions } from "./layer.js";

/** Options of {@link maxPooling2d} and {@link averagePooling2d}. */
export interface Pooling2dOptions extends LayerOptions {
  /** Steps between windows, one number or [rows, columns] (default: the pool size). */
  strides?: number | readonly [number, number];
  /** "valid" (default) or "same". */
  padding?: Padding;
}

/** The 2-D pooling layers made by {@link maxPooling2d} and {@link averagePooling2d}. */
export class Pooling2D extends Layer {
  /** "max_pooling2d" or "average_pooling2d". */
  readonly kind: "max_pooling2d" | "average_pooling2d";
  /** "MaxPooling2D" or "AveragePooling2D". */
  readonly className: "MaxPooling2D" | "AveragePooling2D";
  /** The window [rows, columns]. */
  readonly poolSize: readonly [number, number];
  /** Steps between windows [rows, columns]. */
  readonly strides: readonly [number, number];
  /** "valid" or "same". */
  readonly padding: Padding;

  /** @internal Use layers.maxPooling2d() or layers.averagePooling2d(). */
  constructor(kind: "max" | "average", poolSize: number | readonly [number, number], options: Pooling2dOptions = {}) {
    const where = kind === "max" ? "maxPooling2d" : "averagePooling2d";
    super(options, where);
    this.kind = kind === "max" ? "max_pooling2d" : "average_pooling2d";
    this.className = kind === "max" ? "MaxPooling2D" : "AveragePooling2D";
    this.poolSize = parsePair(poolSize, "poolSize", where, 2);
    this.strides = options.strides === undefined ? this.poolSize : parsePair(options.strides, "strides", where, 1);
    this.padding = parsePadding(options.padding, where);
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    if (inputShape.length !== 3) throw this.shapeError(`expects images (height, width, channels) per example, got shape (${inputShape.join(", ")})`);
    const g = windowGeometry(inputShape.slice(0, 2), this.poolSize, { strides: this.strides, padding: this.padding }, this.label, { defaultStrides: [...this.poolSize] as [number, number], empty: true });
    return [g.out[0], g.out[1], inputShape[2]];
  }

  call(x: Tensor, _context: CallContext): Tensor {
    const options = { size: this.poolSize, strides: this.strides, padding: this.padding };
    return this.kind === "max_pooling2d" ? maxPool2d(x, options) : avgPool2d(x, options);
  }
}

/** 2-D max pooling (Keras's `MaxPooling2D(pool_size=2)`): the maximum of each window, strides default to the pool size. */
export function maxPooling2d(poolSize: number | readonly [number, number] = 2, options: Pooling2dOptions = {}): Pooling2D {
  return new Pooling2D("max", poolSize, options);
}

/** 2-D average pooling (Keras's `AveragePooling2D(pool_size=2)`): the mean of each window, strides default to the pool size. */
export function averagePooling2d(poolSize: number | readonly [number, number] = 2, options: Pooling2dOptions = {}): Pooling2D {
  return new Pooling2D("average", poolSize, options);
}
