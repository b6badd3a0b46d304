// Random tensors: randomGenerator(seed), a stream of draws that successive calls continue,
// and the one-shot randomUniform / randomNormal, which are a fresh generator's first draw.
// Every value is drawn in JS from src/random.ts's xoshiro128**, one element after another,
// so a seed gives the same values on every kernel build and thread count.
import { dtypeInfo, isInt32Value, parseDType, type DType } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { Random, seedOrRandom } from "../random.js";
import { parseShape, sizeOf } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { describe } from "../engine/operand.js";
import { fromValues } from "./creation.js";

/** Options of {@link RandomGenerator.uniform}. */
export interface UniformOptions {
  /** Lower bound, included (default 0), a finite number. */
  min?: number;
  /** Upper bound, excluded (default 1), a finite number >= min (min = max gives min everywhere). */
  max?: number;
  /** dtype of the result (default "float32"; not bool); int32 and uint8 truncate each draw toward zero. */
  dtype?: DType;
}

/** Options of {@link RandomGenerator.normal}. */
export interface NormalOptions {
  /** Mean of the distribution (default 0), a finite number. */
  mean?: number;
  /** Standard deviation (default 1), a finite number >= 0 (0 gives `mean` everywhere). */
  std?: number;
  /** dtype of the result (default "float32"); int32 truncates each draw toward zero. */
  dtype?: DType;
}

/** Options of {@link randomUniform}: {@link UniformOptions} and a seed. */
export interface RandomUniformOptions extends UniformOptions {
  /** Same seed, same values (any safe integer). Default: a fresh seed from Math.random on every call. */
  seed?: number;
}

/** Options of {@link randomNormal}: {@link NormalOptions} and a seed. */
export interface RandomNormalOptions extends NormalOptions {
  /** Same seed, same values (any safe integer). Default: a fresh seed from Math.random on every call. */
  seed?: number;
}

function finite(op: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new InvalidArgumentError(`${op}: ${name} must be a finite number, got ${describe(value)}`);
  return value;
}

function realDType(op: string, dtype: unknown): DType {
  const dt = parseDType(dtype, op);
  if (dt === "bool") throw new InvalidArgumentError(`${op}: dtype bool has no random values of its own; use bernoulli(shape, p) or compare (less(randomUniform(shape), p))`);
  return dt;
}

/**
 * A seeded stream of random tensors (numpy's Generator, Keras's SeedGenerator): each call
 * continues where the previous one stopped, so a generator made with the same seed gives
 * the same sequence of tensors. Values are drawn in JS, element by element in row-major
 * order, identical on every kernel build and thread count. Make one with {@link randomGenerator}.
 */
export class RandomGenerator {
  /** The seed the stream started from (given, or drawn from Math.random). */
  readonly seed: number;
  readonly #rng: Random;

  /** @param seed any safe integer; omitted: a fresh one from Math.random. */
  constructor(seed?: number) {
    this.seed = seedOrRandom(seed, "randomGenerator");
    this.#rng = new Random(this.seed);
  }

  /** Uniform values in [min, max) (53 random bits a draw; half-open after rounding to float32 too). */
  uniform(shape: readonly number[], options: UniformOptions = {}): Tensor {
    return this.drawUniform("uniform", shape, options);
  }

  /** Normally distributed values, N(mean, std²) (Box–Muller: each pair of uniforms gives two values). */
  normal(shape: readonly number[], options: NormalOptions = {}): Tensor {
    return this.drawNormal("normal", shape, options);
  }

  /**
   * int32 integers uniform in [low, high) (high excluded): both integers, low < high,
   * low >= -2^31, high <= 2^31. Rejection sampling, so no value is favoured (no modulo bias).
   */
  integers(low: number, high: number, shape: readonly number[] = []): Tensor {
    if (typeof low !== "number" || !isInt32Value(low)) throw new InvalidArgumentError(`integers: low must be an integer in [-2^31, 2^31), got ${describe(low)}`);
    if (typeof high !== "number" || !Number.isInteger(high) || high > 2 ** 31) throw new InvalidArgumentError(`integers: high must be an integer <= 2^31 (it is excluded), got ${describe(high)}`);
    if (!(high > low)) throw new InvalidArgumentError(`integers: high (${high}) must be greater than low (${low})`);
    const s = parseShape(shape, "integers");
    const values = new Int32Array(sizeOf(s));
    for (let i = 0; i < values.length; i++) values[i] = low + this.below(high - low);
    return fromValues(values, s, "int32");
  }

  /** A uniformly random permutation of 0, 1, …, n-1 (int32, shape (n,)), by a Fisher–Yates shuffle. */
  permutation(n: number): Tensor {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
      throw new InvalidArgumentError(`permutation: n must be a non-negative integer below 2^31, got ${describe(n)}`);
    }
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return fromValues(values, [n], "int32");
  }

  /** A bool tensor, each element true with probability p (in [0, 1]; default 0.5), independently. */
  bernoulli(shape: readonly number[], p = 0.5): Tensor {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new InvalidArgumentError(`bernoulli: p must be a probability in [0, 1], got ${describe(p)}`);
    const s = parseShape(shape, "bernoulli");
    const values = new Uint8Array(sizeOf(s));
    for (let i = 0; i < values.length; i++) values[i] = this.#rng.nextDouble() < p ? 1 : 0;
    return fromValues(values, s, "bool");
  }

  /** @internal uniform() with errors naming `op` (randomUniform shares it). */
  drawUniform(op: string, shape: readonly number[], options: UniformOptions): Tensor {
    const { min = 0, max = 1, dtype = "float32" } = options ?? {};
    finite(op, "min", min);
    finite(op, "max", max);
    if (!(max >= min)) throw new InvalidArgumentError(`${op}: max (${max}) must be >= min (${min})`);
    const s = parseShape(shape, op);
    const dt = realDType(op, dtype);
    const values = new (dtypeInfo(dt).array)(sizeOf(s));
    const span = max - min;
    for (let i = 0; i < values.length; i++) {
      values[i] = min + span * this.#rng.nextDouble();
      // Rounding to float32 can land exactly on max; keep the interval half-open.
      if (values[i] >= max && span > 0) values[i] = min;
    }
    return fromValues(values, s, dt);
  }

  /** @internal normal() with errors naming `op` (randomNormal shares it). */
  drawNormal(op: string, shape: readonly number[], options: NormalOptions): Tensor {
    const { mean = 0, std = 1, dtype = "float32" } = options ?? {};
    finite(op, "mean", mean);
    if (finite(op, "std", std) < 0) throw new InvalidArgumentError(`${op}: std must be >= 0, got ${std}`);
    const s = parseShape(shape, op);
    const dt = realDType(op, dtype);
    const values = new (dtypeInfo(dt).array)(sizeOf(s));
    for (let i = 0; i < values.length; i += 2) {
      const u = 1 - this.#rng.nextDouble(); // (0, 1]: log(u) is finite
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * this.#rng.nextDouble();
      values[i] = mean + std * r * Math.cos(theta);
      if (i + 1 < values.length) values[i + 1] = mean + std * r * Math.sin(theta);
    }
    return fromValues(values, s, dt);
  }

  /** A uniform integer in [0, span), span in [1, 2^32]: draws at or above the largest multiple of span are redrawn. */
  private below(span: number): number {
    const limit = 2 ** 32 - (2 ** 32 % span);
    let u: number;
    do u = this.#rng.nextUint32();
    while (u >= limit);
    return u % span;
  }
}

/** A new {@link RandomGenerator} starting from `seed` (any safe integer; omitted: a fresh seed from Math.random). */
export function randomGenerator(seed?: number): RandomGenerator {
  return new RandomGenerator(seed);
}

/** Uniform values in [min, max): the first draw of `randomGenerator(seed).uniform(shape, options)`. */
export function randomUniform(shape: readonly number[], options: RandomUniformOptions = {}): Tensor {
  return new RandomGenerator(seedOrRandom(options?.seed, "randomUniform")).drawUniform("randomUniform", shape, options);
}

/** Normally distributed values (Box–Muller): the first draw of `randomGenerator(seed).normal(shape, options)`. */
export function randomNormal(shape: readonly number[], options: RandomNormalOptions = {}): Tensor {
  return new RandomGenerator(seedOrRandom(options?.seed, "randomNormal")).drawNormal("randomNormal", shape, options);
}
