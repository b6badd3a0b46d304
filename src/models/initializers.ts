// Weight initialisers by name, Keras 3's formulas (keras/src/initializers), every draw from
// the model's RandomGenerator, so a seed gives the same weights on every build and thread
// count. Fans as Keras's compute_fans: a (in, out) matrix has fanIn = in, fanOut = out; a
// convolution kernel (kh, kw, cin, cout) multiplies both by kh·kw.
import { fromValues, ones, zeros } from "../ops/creation.js";
import type { RandomGenerator } from "../ops/random.js";
import type { Tensor } from "../tensor.js";
import { byName } from "./by-name.js";

/** The initialisers a layer takes by name. */
export type InitializerName = "glorotUniform" | "heNormal" | "zeros" | "ones" | "randomNormal";

/** An initialiser by name, or a function drawing a float32 tensor of `shape` (from `generator`, for reproducible weights). */
export type Initializer = InitializerName | ((shape: readonly number[], generator: RandomGenerator) => Tensor);

/** Keras's compute_fans. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

/** Normal values cut at two standard deviations (redrawn beyond), as Keras's TruncatedNormal. */
function truncatedNormal(shape: readonly number[], std: number, generator: RandomGenerator): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  const values = new Float32Array(size);
  let pending = Array.from({ length: size }, (_, i) => i);
  while (pending.length > 0) {
    const draw = generator.normal([pending.length]);
    const z = draw.data();
    draw.dispose();
    const again: number[] = [];
    pending.forEach((at, i) => {
      if (Math.abs(z[i]) <= 2) values[at] = z[i] * std;
      else again.push(at);
    });
    pending = again;
  }
  return fromValues(values, shape.slice(), "float32");
}

const INITIALIZERS: Readonly<Record<InitializerName, (shape: readonly number[], generator: RandomGenerator) => Tensor>> = {
  /** U(-limit, limit), limit = sqrt(6 / (fanIn + fanOut)). */
  glorotUniform(shape, generator) {
    const { fanIn, fanOut } = fans(shape);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return generator.uniform(shape, { min: -limit, max: limit });
  },
  /** Truncated normal, std sqrt(2 / fanIn) / 0.8796 (the truncation's variance made up, as Keras). */
  heNormal(shape, generator) {
    return truncatedNormal(shape, Math.sqrt(2 / fans(shape).fanIn) / 0.87962566103423978, generator);
  },
  zeros: (shape) => zeros(shape.slice()),
  ones: (shape) => ones(shape.slice()),
  /** N(0, 0.05²), Keras's RandomNormal default. */
  randomNormal: (shape, generator) => generator.normal(shape, { std: 0.05 }),
};

/** Checks an initialiser option: a name or a function. */
export function parseInitializer(value: unknown, where: string): Initializer {
  if (typeof value === "function") return value as Initializer;
  byName(INITIALIZERS, value, "initializer", where);
  return value as InitializerName;
}

/** A float32 tensor of `shape` drawn by `init`. */
export function initialize(init: Initializer, shape: readonly number[], generator: RandomGenerator): Tensor {
  const fn = typeof init === "function" ? init : INITIALIZERS[init];
  return fn(shape, generator);
}

