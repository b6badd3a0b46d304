// A tiny deterministic generator (mulberry32) for test data, independent of the
// library's own Random, so that a bug there cannot hide in the tests.
export class TestRng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** A float32 value in [lo, hi). */
  float32(lo = -10, hi = 10): number {
    return Math.fround(lo + (hi - lo) * this.next());
  }
}

/** IEEE special values that every kernel must carry through like numpy. */
export const SPECIALS: readonly number[] = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-40, 3.4e38, -3.4e38, 1, -1];

/**
 * n float32 values: mostly ordinary numbers of both signs, with special values dropped
 * at positions that land in vector bodies, one-vector loops and scalar tails alike.
 */
export function float32Values(n: number, seed: number, specials = true): Float32Array {
  const rng = new TestRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (specials && r < 0.12) out[i] = SPECIALS[rng.int(0, SPECIALS.length - 1)];
    else if (r < 0.17) out[i] = rng.int(-4, 4); // small integers: exact ties for max/min, zeros for div
    else out[i] = rng.float32();
  }
  return out;
}
