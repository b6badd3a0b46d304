// Keras's Rescaling: x · scale + offset, integer inputs (uint8 pixels) taken as float32.
import { isFloatDType } from "../../dtype.js";
import { InvalidArgumentError } from "../../errors.js";
import { astype } from "../../ops/cast.js";
import { add, mul } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import { quoted } from "../by-name.js";
import { Layer, type CallContext, type LayerOptions } from "./layer.js";

/** The layer made by {@link rescaling}. */
export class Rescaling extends Layer {
  /** "rescaling". */
  readonly kind = "rescaling";
  /** "Rescaling". */
  readonly className = "Rescaling";
  /** The factor. */
  readonly scale: number;
  /** Added after scaling. */
  readonly offset: number;

  /** @internal Use layers.rescaling(). */
  constructor(scale: number, offset = 0, options: LayerOptions = {}) {
    super(options, "rescaling");
    if (typeof scale !== "number" || !Number.isFinite(scale)) throw new InvalidArgumentError(`rescaling: scale must be a finite number, got ${quoted(scale)}`);
    if (typeof offset !== "number" || !Number.isFinite(offset)) throw new InvalidArgumentError(`rescaling: offset must be a finite number, got ${quoted(offset)}`);
    this.scale = scale;
    this.offset = offset;
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    return inputShape;
  }

  call(x: Tensor, _context: CallContext): Tensor {
    const xf = isFloatDType(x.dtype) ? x : astype(x, "float32");
    const scaled = mul(xf, this.scale);
    return this.offset === 0 ? scaled : add(scaled, this.offset);
  }
}

/** x · scale + offset (Keras's `Rescaling(1 / 255)`); integer inputs are converted to float32 first. */
export function rescaling(scale: number, offset = 0, options: LayerOptions = {}): Rescaling {
  return new Rescaling(scale, offset, options);
}
