// dropout: the rate of zeros, the 1/(1-rate) scale of what is kept, the gradient (the same
// mask and scale), rate 0, seeds and generators, errors, no leaks.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectGradientsMatch, make } from "../autodiff/helpers.js";

describe("dropout", () => {
  it.each(["float32", "float64"] as const)("zeros at rate `rate`, the rest x / (1 - rate) (%s)", (dtype) => {
    st.tidy(() => {
      const n = 100_000;
      for (const rate of [0.1, 0.5, 0.8]) {
        const x = st.randomUniform([100, 1000], { seed: 3, min: 1, max: 2, dtype });
        const y = st.dropout(x, rate, { seed: 4 });
        expect(y.dtype).toBe(dtype);
        expect(y.shape).toEqual([100, 1000]);
        const xv = x.data(), yv = y.data();
        let zeros = 0;
        for (let i = 0; i < n; i++) {
          if (yv[i] === 0) zeros++;
          else {
            const want = dtype === "float32" ? Math.fround(xv[i] / Math.fround(1 - rate)) : xv[i] / (1 - rate);
            expect(Math.abs(yv[i] - want)).toBeLessThanOrEqual(Math.abs(want) * (dtype === "float32" ? 2 ** -23 : 2 ** -52));
          }
        }
        expect(Math.abs(zeros / n - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / n));
      }
    });
  });

  it("keeps the expected value (inverted dropout)", () => {
    st.tidy(() => {
      const y = st.dropout(st.ones([200_000]), 0.4, { seed: 1 });
      expect(Math.abs(st.mean(y).item() - 1)).toBeLessThan(0.01);
    });
  });

  it("rate 0 gives x's values unchanged", () => {
    st.tidy(() => {
      const x = make([3, 4], 2, "transposed");
      expect(st.dropout(x, 0).toArray()).toEqual(x.toArray());
    });
  });

  it("the gradient is the mask times 1 / (1 - rate), and checks against central differences", () => {
    st.tidy(() => {
      for (const dtype of ["float32", "float64"] as const) {
        const x = st.variable(st.randomNormal([50, 40], { seed: 2, dtype }));
        const tape = new st.GradientTape();
        const y = tape.record(() => st.dropout(x, 0.25, { seed: 8 }));
        const g = tape.gradient(y, x)!; // of sum(y)
        const yv = y.data(), gv = g.data(), xv = x.data();
        for (let i = 0; i < yv.length; i++) {
          const kept = yv[i] !== 0 || xv[i] === 0;
          expect(gv[i]).toBeCloseTo(kept ? 1 / 0.75 : 0, 6);
        }
        x.dispose();
        for (const layout of ["contiguous", "strided"] as const) {
          expectGradientsMatch((t) => st.dropout(t, 0.3, { seed: 7 }), [make([6, 5], 3, layout, { dtype })]);
        }
      }
    });
  });

  it("a generator continues its stream: two calls give two masks, the same two for the same seed", () => {
    st.tidy(() => {
      const x = st.ones([64]);
      const g1 = st.randomGenerator(5), g2 = st.randomGenerator(5);
      const a = st.dropout(x, 0.5, { generator: g1 }).toArray();
      const b = st.dropout(x, 0.5, { generator: g1 }).toArray();
      expect(a).not.toEqual(b);
      expect(st.dropout(x, 0.5, { generator: g2 }).toArray()).toEqual(a);
      expect(st.dropout(x, 0.5, { generator: g2 }).toArray()).toEqual(b);
      expect(st.dropout(x, 0.5, { seed: 11 }).toArray()).toEqual(st.dropout(x, 0.5, { seed: 11 }).toArray());
    });
  });

  it("errors: rate outside [0, 1), integer x, a bad generator or seed, both", () => {
    st.tidy(() => {
      const x = st.ones([4]);
      for (const rate of [1, -0.1, 1.5, NaN, "0.5"]) {
        expect(() => st.dropout(x, rate as number), String(rate)).toThrow(st.InvalidArgumentError);
        expect(() => st.dropout(x, rate as number), String(rate)).toThrow(/^dropout: rate must be in \[0, 1\)/);
      }
      expect(() => st.dropout(st.ones([4], "int32"), 0.5)).toThrow(st.DTypeError);
      expect(() => st.dropout(x, 0.5, { generator: {} as never })).toThrow(/^dropout: generator must be a RandomGenerator/);
      expect(() => st.dropout(x, 0.5, { seed: 1.5 })).toThrow(/^dropout: seed must be an integer/);
      expect(() => st.dropout(x, 0.5, { seed: 1, generator: st.randomGenerator(1) })).toThrow(/not both/);
    });
  });

  it("leaves nothing behind but its result", () => {
    const x = st.ones([1000]);
    const before = st.memory().tensors;
    const y = st.dropout(x, 0.5, { seed: 1 });
    expect(st.memory().tensors).toBe(before + 1);
    y.dispose();
    x.dispose();
  });
});
