// Keras's Dropout: inverted dropout while training (fit), the identity otherwise.
import { InvalidArgumentError } from "../../errors.js";
import { dropout as dropoutOp } from "../../ops/dropout.js";
import { RandomGenerator } from "../../ops/random.js";
import type { Tensor } from "../../tensor.js";
import { quoted } from "../by-name.js";
import { Layer, type CallContext, type LayerOptions } from "./layer.js";

/** Options of {@link dropout}. */
export interface DropoutLayerOptions extends LayerOptions {
  /** The masks' own seed (default: drawn from the model's generator, seeded by `sequential`'s `seed`). */
  seed?: number;
}

/** The layer made by {@link dropout}. */
export class Dropout extends Layer {
  /** "dropout". */
  readonly kind = "dropout";
  /** "Dropout". */
  readonly className = "Dropout";
  /** The fraction of inputs zeroed while training, in [0, 1). */
  readonly rate: number;
  readonly #generator: RandomGenerator | undefined;

  /** @internal Use layers.dropout(). */
  constructor(rate: number, options: DropoutLayerOptions = {}) {
    super(options, "dropout");
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new InvalidArgumentError(`dropout: rate must be in [0, 1), got ${quoted(rate)}`);
    this.rate = rate;
    this.#generator = options.seed === undefined ? undefined : new RandomGenerator(options.seed);
  }

  computeOutputShape(inputShape: readonly number[]): readonly number[] {
    return inputShape;
  }

  call(x: Tensor, context: CallContext): Tensor {
    if (!context.training || this.rate === 0) return x;
    return dropoutOp(x, this.rate, { generator: this.#generator ?? context.generator });
  }
}

/**
 * Inverted dropout (Keras's `Dropout(rate)`): while training each input is zeroed with
 * probability `rate` and the others scaled by 1 / (1 - rate); at inference (predict,
 * evaluate) the layer passes its input through.
 */
export function dropout(rate: number, options: DropoutLayerOptions = {}): Dropout {
  return new Dropout(rate, options);
}
