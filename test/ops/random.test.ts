// randomGenerator: each distribution's statistics on 1e5 draws (within a few standard
// errors), streams that continue and repeat by seed, on one thread or two, and the
// argument errors. randomUniform / randomNormal are a fresh generator's first draw.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as st from "../../src/index.js";
import { fcParams } from "../helpers/fc.js";
import { onThreads } from "../helpers/threads.js";

const N = 100_000;

function moments(v: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i];
  const mean = sum / v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i] - mean) ** 2;
  return { mean, variance: sq / v.length };
}

/** Pearson's statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

/** A bound that a chi-square with k degrees of freedom exceeds with probability ~1e-6 (Wilson–Hilferty, z = 4.75). */
function chiSquareBound(k: number): number {
  const z = 4.75;
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

describe("randomGenerator: distributions", () => {
  it("uniform(min, max): mean (min+max)/2 and variance (max-min)²/12 within 5 standard errors, all in [min, max)", () => {
    st.tidy(() => {
      for (const dtype of ["float32", "float64"] as const) {
        const g = st.randomGenerator(11);
        const v = g.uniform([N], { min: -2, max: 3, dtype }).data();
        expect(v).toBeInstanceOf(dtype === "float32" ? Float32Array : Float64Array);
        for (const x of v) {
          expect(x).toBeGreaterThanOrEqual(-2);
          expect(x).toBeLessThan(3);
        }
        const { mean, variance } = moments(v);
        const sd = 5 / Math.sqrt(12);
        expect(Math.abs(mean - 0.5)).toBeLessThan((5 * sd) / Math.sqrt(N));
        // The variance of a squared uniform deviation: (b-a)^4/80 - ((b-a)²/12)².
        const varOfVar = 625 / 80 - (25 / 12) ** 2;
        expect(Math.abs(variance - 25 / 12)).toBeLessThan(5 * Math.sqrt(varOfVar / N));
        // Ten equal bins: roughly uniform.
        const counts = new Array<number>(10).fill(0);
        for (const x of v) counts[Math.floor((x + 2) * 2)]++;
        expect(chiSquare(counts, N)).toBeLessThan(chiSquareBound(9));
      }
    });
  });

  it("normal(mean, std): sample mean and variance within 5 standard errors; the tails of a Gaussian", () => {
    st.tidy(() => {
      for (const dtype of ["float32", "float64"] as const) {
        const v = st.randomGenerator(12).normal([N], { mean: 3, std: 2, dtype }).data();
        const { mean, variance } = moments(v);
        expect(Math.abs(mean - 3)).toBeLessThan((5 * 2) / Math.sqrt(N));
        // var of the sample variance of a normal: 2σ⁴/n.
        expect(Math.abs(variance - 4)).toBeLessThan(5 * Math.sqrt((2 * 16) / N));
        let beyond1 = 0;
        for (const x of v) if (Math.abs(x - 3) > 2) beyond1++;
        // P(|z| > 1) = 0.3173; binomial standard error.
        expect(Math.abs(beyond1 / N - 0.3173)).toBeLessThan(5 * Math.sqrt((0.3173 * 0.6827) / N));
      }
    });
  });

  it("integers(low, high): int32, in [low, high), every value about equally often (chi-square)", () => {
    st.tidy(() => {
      const g = st.randomGenerator(13);
      const t = g.integers(-3, 4, [N]);
      expect(t.dtype).toBe("int32");
      expect(t.shape).toEqual([N]);
      const counts = new Array<number>(7).fill(0);
      for (const x of t.data()) {
        expect(Number.isInteger(x) && x >= -3 && x < 4).toBe(true);
        counts[x + 3]++;
      }
      expect(chiSquare(counts, N)).toBeLessThan(chiSquareBound(6));
      // A span that does not divide 2^32 (3·2^30): modulo would favour the low third twice over.
      const wide = g.integers(-(2 ** 31), 2 ** 30, [N]).data();
      let low = 0;
      for (const x of wide) if (x < -(2 ** 30)) low++;
      expect(Math.abs(low / N - 1 / 3)).toBeLessThan(5 * Math.sqrt((1 / 3) * (2 / 3) / N));
      // The extremes of int32, and a shape.
      const extreme = g.integers(-(2 ** 31), 2 ** 31, [2, 3]);
      expect(extreme.shape).toEqual([2, 3]);
      expect(g.integers(5, 6, [4]).toArray()).toEqual([5, 5, 5, 5]);
      expect(g.integers(0, 10).shape).toEqual([]);
    });
  });

  it("permutation(n): each of 0..n-1 exactly once; every position sees every value about equally often", () => {
    st.tidy(() => {
      const g = st.randomGenerator(14);
      const p = g.permutation(1000);
      expect(p.dtype).toBe("int32");
      expect(Array.from(p.data()).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(g.permutation(0).shape).toEqual([0]);
      expect(g.permutation(1).toArray()).toEqual([0]);
      // All 6 orders of 3 elements, uniformly (Fisher–Yates is exact).
      const counts = new Map<string, number>();
      const trials = 30_000;
      for (let i = 0; i < trials; i++) {
        const key = Array.from(g.permutation(3).data()).join();
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect(counts.size).toBe(6);
      expect(chiSquare([...counts.values()], trials)).toBeLessThan(chiSquareBound(5));
    });
  });

  it("bernoulli(shape, p): bool, true at rate p within 5 standard errors; p = 0 and 1 are exact", () => {
    st.tidy(() => {
      const g = st.randomGenerator(15);
      for (const p of [0.1, 0.5, 0.9]) {
        const b = g.bernoulli([100, 1000], p);
        expect(b.dtype).toBe("bool");
        expect(b.shape).toEqual([100, 1000]);
        const rate = st.mean(b).item();
        expect(Math.abs(rate - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
      }
      expect(st.sum(g.bernoulli([1000], 0)).item()).toBe(0);
      expect(st.sum(g.bernoulli([1000], 1)).item()).toBe(1000);
    });
  });
});

describe("randomGenerator: streams", () => {
  const draw = (g: st.RandomGenerator): number[][] => [
    Array.from(g.uniform([5]).data()),
    Array.from(g.normal([3], { dtype: "float64" }).data()),
    Array.from(g.integers(0, 100, [4]).data()),
    Array.from(g.permutation(6).data()),
    Array.from(g.bernoulli([8], 0.3).data()),
  ];

  it("the same seed gives the same sequence; successive calls continue the stream; another seed differs", () => {
    st.tidy(() => {
      const a = draw(st.randomGenerator(42));
      expect(draw(st.randomGenerator(42))).toEqual(a);
      const other = draw(st.randomGenerator(43));
      expect(other[0]).not.toEqual(a[0]);
      expect(other[2]).not.toEqual(a[2]);
      const g = st.randomGenerator(42);
      const first = Array.from(g.uniform([5]).data());
      const second = Array.from(g.uniform([5]).data());
      expect(first).toEqual(a[0]);
      expect(second).not.toEqual(first);
      // Two calls of 5 are the stream of one call of 10.
      expect([...first, ...second]).toEqual(Array.from(st.randomGenerator(42).uniform([10]).data()));
      expect(st.randomGenerator(42).seed).toBe(42);
    });
  });

  it("randomUniform / randomNormal with a seed are that generator's first draw", () => {
    st.tidy(() => {
      expect(Array.from(st.randomUniform([6], { seed: 9, min: 1, max: 2 }).data())).toEqual(Array.from(st.randomGenerator(9).uniform([6], { min: 1, max: 2 }).data()));
      expect(Array.from(st.randomNormal([7], { seed: 9, std: 3 }).data())).toEqual(Array.from(st.randomGenerator(9).normal([7], { std: 3 }).data()));
    });
  });

  it("without a seed, two generators differ", () => {
    st.tidy(() => {
      expect(Array.from(st.randomGenerator().uniform([8]).data())).not.toEqual(Array.from(st.randomGenerator().uniform([8]).data()));
    });
  });

  describe("on two threads", () => {
    onThreads(2, { elementwisePerThread: 16 });

    it("the same seed gives the same values as on one thread (and dropout the same mask)", async () => {
      const onTwo = st.tidy(() => [draw(st.randomGenerator(42)), Array.from(st.dropout(st.ones([4096]), 0.3, { seed: 5 }).data())]);
      expect(st.getThreads()).toBe(2);
      await st.setThreads(1);
      const onOne = st.tidy(() => [draw(st.randomGenerator(42)), Array.from(st.dropout(st.ones([4096]), 0.3, { seed: 5 }).data())]);
      await st.setThreads(2);
      expect(onTwo).toEqual(onOne);
    });
  });
});

describe("randomGenerator: argument errors name the argument", () => {
  const g = st.randomGenerator(1);
  it.each([
    ["seed 1.5", () => st.randomGenerator(1.5), /^randomGenerator: seed must be an integer/],
    ["seed string", () => st.randomGenerator("7" as never), /^randomGenerator: seed must be an integer/],
    ["uniform min NaN", () => g.uniform([2], { min: NaN }), /^uniform: min must be a finite number/],
    ["uniform max Infinity", () => g.uniform([2], { max: Infinity }), /^uniform: max must be a finite number/],
    ["uniform max < min", () => g.uniform([2], { min: 1, max: 0 }), /^uniform: max \(0\) must be >= min \(1\)/],
    ["uniform bool", () => g.uniform([2], { dtype: "bool" }), /^uniform: dtype bool/],
    ["normal std < 0", () => g.normal([2], { std: -1 }), /^normal: std must be >= 0/],
    ["normal mean NaN", () => g.normal([2], { mean: NaN }), /^normal: mean must be a finite number/],
    ["integers low fraction", () => g.integers(0.5, 3, [2]), /^integers: low must be an integer/],
    ["integers high beyond 2^31", () => g.integers(0, 2 ** 31 + 1, [2]), /^integers: high must be an integer <= 2\^31/],
    ["integers high <= low", () => g.integers(3, 3, [2]), /^integers: high \(3\) must be greater than low \(3\)/],
    ["permutation -1", () => g.permutation(-1), /^permutation: n must be a non-negative integer/],
    ["permutation 2.5", () => g.permutation(2.5), /^permutation: n must be a non-negative integer/],
    ["bernoulli p 1.5", () => g.bernoulli([2], 1.5), /^bernoulli: p must be a probability in \[0, 1\]/],
    ["bernoulli p NaN", () => g.bernoulli([2], NaN), /^bernoulli: p must be a probability/],
  ])("%s", (_name, f, message) => {
    expect(f).toThrow(st.InvalidArgumentError);
    expect(f).toThrow(message);
  });

  it("bad shapes and dtypes are ShapeError and DTypeError", () => {
    expect(() => g.uniform([-1])).toThrow(st.ShapeError);
    expect(() => g.integers(0, 2, [1.5])).toThrow(st.ShapeError);
    expect(() => g.bernoulli([-2])).toThrow(st.ShapeError);
    expect(() => g.normal([2], { dtype: "int8" as st.DType })).toThrow(st.DTypeError);
  });
});

describe("randomUniform and randomNormal", () => {
  it("is reproducible with a seed; different seeds differ", () => {
    st.tidy(() => {
      const a = st.randomUniform([20, 100], { seed: 1 }).data();
      const b = st.randomUniform([20, 100], { seed: 1 }).data();
      const c = st.randomUniform([20, 100], { seed: 2 }).data();
      expect(Array.from(a)).toEqual(Array.from(b));
      let same = 0;
      for (let i = 0; i < a.length; i++) if (a[i] === c[i]) same++;
      expect(same).toBeLessThan(5);
      // Without a seed, two calls differ.
      const d = st.randomUniform([100]).data();
      const e = st.randomUniform([100]).data();
      expect(Array.from(d)).not.toEqual(Array.from(e));
    });
  });

  it("property: values lie in [min, max) and fill the range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.constantFrom("float32", "float64") as fc.Arbitrary<"float32" | "float64">,
        (seed, min, span, dtype) => {
          st.tidy(() => {
            const max = min + span;
            const v = st.randomUniform([500], { seed, min, max, dtype }).data();
            expect(v).toBeInstanceOf(dtype === "float32" ? Float32Array : Float64Array);
            let lo = Infinity;
            let hi = -Infinity;
            for (const x of v) {
              // float32 rounding may land a hair below an unrepresentable min; never at or above max.
              expect(x).toBeGreaterThanOrEqual(dtype === "float32" ? Math.fround(min) : min);
              expect(x).toBeLessThan(max);
              lo = Math.min(lo, x);
              hi = Math.max(hi, x);
            }
            expect(lo).toBeLessThan(min + span * 0.05);
            expect(hi).toBeGreaterThan(max - span * 0.05);
          });
        },
      ),
      fcParams(100),
    );
  });

  it("has a plausible mean and spread (seeded)", () => {
    st.tidy(() => {
      const v = st.randomUniform([100_000], { seed: 7, min: -1, max: 3 }).data();
      let sum = 0;
      for (const x of v) sum += x;
      const mean = sum / v.length;
      expect(Math.abs(mean - 1)).toBeLessThan(0.02);
      const buckets = new Array<number>(8).fill(0);
      for (const x of v) buckets[Math.floor((x + 1) * 2)]++;
      for (const b of buckets) expect(Math.abs(b - v.length / 8)).toBeLessThan(v.length / 8 * 0.05);
    });
  });

  it("min == max gives that value; shape [] and empty shapes work", () => {
    st.tidy(() => {
      expect(Array.from(st.randomUniform([4], { min: 2, max: 2, seed: 3 }).data())).toEqual([2, 2, 2, 2]);
      expect(st.randomUniform([], { seed: 1 }).shape).toEqual([]);
      expect(st.randomUniform([0, 3], { seed: 1 }).size).toBe(0);
    });
  });

  it("rejects max < min, bad shapes and dtypes", () => {
    expect(() => st.randomUniform([2], { min: 1, max: 0 })).toThrow(st.InvalidArgumentError);
    expect(() => st.randomUniform([2], { min: NaN })).toThrow(st.InvalidArgumentError);
    expect(() => st.randomUniform([-2])).toThrow(st.ShapeError);
    expect(() => st.randomUniform([2], { dtype: "float16" as st.DType })).toThrow(st.DTypeError);
  });

  it("seeds are integers; different integers give different streams, beyond 32 bits and below 0 too", () => {
    for (const bad of ["abc", "xyz", NaN, 1.5, Infinity, 2 ** 53]) {
      expect(() => st.randomUniform([2], { seed: bad as number }), String(bad)).toThrow(/^randomUniform: seed must be an integer/);
      expect(() => st.randomNormal([2], { seed: bad as number }), String(bad)).toThrow(/^randomNormal: seed must be an integer/);
    }
    st.tidy(() => {
      const streams = [0, 1, -1, 2 ** 32, 2 ** 32 + 1, 2 ** 32 - 1, -(2 ** 32), 2 ** 40].map((seed) => Array.from(st.randomUniform([4], { seed }).data()).join());
      expect(new Set(streams).size).toBe(streams.length);
      // The same seed, the same stream.
      expect(Array.from(st.randomUniform([4], { seed: 2 ** 40 }).data()).join()).toBe(streams[7]);
    });
  });
});
