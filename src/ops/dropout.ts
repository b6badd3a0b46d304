// Inverted dropout (Keras's): each element kept with probability 1 - rate and divided by
// 1 - rate, so the expected value is unchanged and inference needs no rescaling. Composed
// as where(mask, x / (1 - rate), 0) with a constant mask, so the gradient is the same mask
// and scale, through the rules of where and div.
import { isFloatDType } from "../dtype.js";
import { DTypeError, InvalidArgumentError } from "../errors.js";
import { describe, expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import type { Tensor } from "../tensor.js";
import { where } from "./compare.js";
import { div } from "./elementwise.js";
import { reshape } from "./movement.js";
import { seedOrRandom } from "../random.js";
import { RandomGenerator } from "./random.js";

/** Options of {@link dropout}: where the mask's randomness comes from (at most one of the two). */
export interface DropoutOptions {
  /** Draw the mask from this generator (continuing its stream). */
  generator?: RandomGenerator;
  /** Draw the mask from a fresh generator with this seed (same seed, same mask). */
  seed?: number;
}

/**
 * Inverted dropout, as Keras's Dropout layer in training: each element of `x` (float32 or
 * float64) is kept with probability 1 - rate and scaled by 1 / (1 - rate), the others set
 * to 0. `rate` in [0, 1); rate 0 gives x's values (a view, no draw). Differentiable: the
 * gradient is the same mask times 1 / (1 - rate). The mask comes from `generator`, or from
 * `seed`, or from a fresh random seed.
 */
export function dropout(x: Tensor, rate: number, options: DropoutOptions = {}): Tensor {
  const t = expectTensor(x, "dropout", "x");
  if (!isFloatDType(t.dtype)) throw new DTypeError(`dropout: x must be float32 or float64, got ${t.dtype}`);
  if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new InvalidArgumentError(`dropout: rate must be in [0, 1), got ${describe(rate)}`);
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`dropout: options must be an object, got ${describe(options)}`);
  const { generator, seed } = options;
  if (generator !== undefined && !(generator instanceof RandomGenerator)) {
    throw new InvalidArgumentError(`dropout: generator must be a RandomGenerator (from randomGenerator(seed)), got ${describe(generator)}`);
  }
  if (generator !== undefined && seed !== undefined) throw new InvalidArgumentError("dropout: pass a generator or a seed, not both");
  if (rate === 0) return reshape(t, t._shape.slice());
  const rng = generator ?? new RandomGenerator(seedOrRandom(seed, "dropout"));
  return tidy(() => where(rng.bernoulli(t._shape.slice(), 1 - rate), div(t, 1 - rate), 0));
}
