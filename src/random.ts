// Seeded pseudo-random numbers: xoshiro128** (32-bit state words, fast in JS), its state
// drawn from the seed by a Weyl sequence through MurmurHash3's finaliser, so that nearby
// seeds give unrelated streams.
import { InvalidArgumentError } from "./errors.js";

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // Seeds beyond 32 bits (and negative ones) differ from their low word: fold the high
    // word in. Seeds in [0, 2^32) keep the streams they always had.
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    if (high !== 0) {
      x ^= high;
      this.s0 ^= next();
      this.s2 ^= next();
    }
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return (this.nextUint32() * 2 ** 21 + (this.nextUint32() >>> 11)) * 2 ** -53;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The seed an op was given (a safe integer: another value is an error naming `op`, so two
 * different non-integers can never share a stream silently), or a fresh one.
 */
export function seedOrRandom(seed: unknown, op: string): number {
  if (seed === undefined) return Math.floor(Math.random() * 2 ** 32);
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError(`${op}: seed must be an integer, got ${typeof seed === "string" ? JSON.stringify(seed) : String(seed)}`);
  }
  return seed;
}
