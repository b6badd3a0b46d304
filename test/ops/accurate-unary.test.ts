// log1p, expm1, softplus, sin, cos: measured in ulps against float64 references (JS Math,
// itself within 1 ulp) over wide random ranges (tiny, huge, negative, near the poles and
// zeros), with the special values numpy gives, on every build, contiguous and strided.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { REFERENCE, ulps32, ulps64 } from "../helpers/reference.js";

type Op = "log1p" | "expm1" | "softplus" | "sin" | "cos";
const OPS: readonly Op[] = ["log1p", "expm1", "softplus", "sin", "cos"];

/** The bounds the kernels are held to (measured maxima are in the commit message and docs/guide.md). */
const MAX_ULPS: Record<Op, { float32: number; float64: number }> = {
  log1p: { float32: 4, float64: 4 },
  expm1: { float32: 4, float64: 4 },
  softplus: { float32: 4, float64: 4 },
  sin: { float32: 1, float64: 2 },
  cos: { float32: 1, float64: 2 },
};

/** sign · 2^e with e uniform in [lo, hi]: every scale equally often. */
function logUniform(rng: TestRng, lo: number, hi: number, signed = true): number {
  const v = 2 ** (lo + (hi - lo) * rng.next());
  return signed && rng.next() < 0.5 ? -v : v;
}

/** Random inputs covering each function's range, plus its hard spots. */
function inputs(op: Op, n: number, seed: number, dtype: "float32" | "float64"): number[] {
  const rng = new TestRng(seed);
  const top = dtype === "float32" ? 127 : 1023;
  const draw = (): number => {
    const r = rng.next();
    switch (op) {
      case "log1p":
        if (r < 0.3) return logUniform(rng, -60, 4); // around 0, both signs
        if (r < 0.5) return -1 + logUniform(rng, -24, -1, false); // just above -1
        if (r < 0.8) return logUniform(rng, -1, top, false); // large
        return -1 - rng.next() * 10; // below -1: NaN
      case "expm1":
        if (r < 0.4) return logUniform(rng, -60, 2);
        if (r < 0.8) return (rng.next() - 0.5) * (dtype === "float32" ? 200 : 1500); // to both overflow ends
        return (rng.next() - 0.5) * 2;
      case "softplus":
        if (r < 0.3) return logUniform(rng, -40, 4);
        return (rng.next() - 0.5) * (dtype === "float32" ? 250 : 1600);
      default: // sin, cos
        if (r < 0.3) return logUniform(rng, -40, 2);
        if (r < 0.6) return (rng.next() - 0.5) * 2e6; // the Cody-Waite range and past it
        if (r < 0.8) return Math.round((rng.next() - 0.5) * 1e6) * (Math.PI / 2); // near multiples of π/2
        return logUniform(rng, 20, top); // huge: the scalar fallback
    }
  };
  const xs = Array.from({ length: n }, draw);
  return dtype === "float32" ? xs.map(Math.fround) : xs;
}

function ulpsOf(dtype: "float32" | "float64", got: number, want: number): number {
  return dtype === "float32" ? ulps32(got, Math.fround(want)) : ulps64(got, want);
}

const SPECIALS: Record<Op, [number, number][]> = {
  log1p: [[0, 0], [-0, -0], [-1, -Infinity], [-2, NaN], [Infinity, Infinity], [-Infinity, NaN], [NaN, NaN], [1e-30, 1e-30], [-1e-30, -1e-30]],
  expm1: [[0, 0], [-0, -0], [-Infinity, -1], [Infinity, Infinity], [NaN, NaN], [1000, Infinity], [-1000, -1], [1e-30, 1e-30]],
  softplus: [[1000, 1000], [-1000, 0], [Infinity, Infinity], [-Infinity, 0], [NaN, NaN], [0, Math.LN2]],
  sin: [[0, 0], [-0, -0], [Infinity, NaN], [-Infinity, NaN], [NaN, NaN], [1e-30, 1e-30], [-1e-30, -1e-30]],
  cos: [[0, 1], [-0, 1], [Infinity, NaN], [-Infinity, NaN], [NaN, NaN]],
};

describeEachBuild(st, st.backendInfo().available, (build) => {
  describe.each(OPS.map((op) => [op]))("%s", (op) => {
    it.each(["float32", "float64"] as const)("%s: within its ulp bound of the float64 reference, sizes around the vector width", (dtype) => {
      let worst = 0;
      for (const n of [1, 3, 4, 5, 17, 4000]) {
        const xs = inputs(op, n, n * 13 + op.length, dtype);
        const data = dtype === "float32" ? Float32Array.from(xs) : Float64Array.from(xs);
        const got = st.tidy(() => st[op](st.tensor(data)).data());
        for (let i = 0; i < n; i++) {
          const u = ulpsOf(dtype, got[i], REFERENCE[op](xs[i]));
          worst = Math.max(worst, u);
          if (u > MAX_ULPS[op][dtype]) throw new Error(`${build} ${dtype} ${op}(${xs[i]}) = ${got[i]}, want ${REFERENCE[op](xs[i])} (${u} ulp)`);
        }
      }
      expect(worst).toBeLessThanOrEqual(MAX_ULPS[op][dtype]);
    });

    it("special values, in both dtypes (signed zeros exact)", () => {
      for (const dtype of ["float32", "float64"] as const) {
        const xs = SPECIALS[op].map(([x]) => x);
        const got = st.tidy(() => Array.from(st[op](st.tensor(xs, undefined, dtype)).data()));
        SPECIALS[op].forEach(([x, want], i) => {
          const w = dtype === "float32" ? Math.fround(want) : want;
          const ok = Number.isNaN(w) ? Number.isNaN(got[i]) : w === 0 ? Object.is(got[i], w) : ulpsOf(dtype, got[i], w) <= 1;
          expect(ok, `${build} ${dtype} ${op}(${x}) = ${got[i]}, want ${w}`).toBe(true);
        });
      }
    });

    it("strided views give the contiguous result; int32 input gives float32", () => {
      const xs = inputs(op, 6 * 7, 11, "float32");
      const want = st.tidy(() => Array.from(st[op](st.tensor(xs, [6, 7])).data()));
      for (const layout of ["transposed", "strided", "reversed", "offset"] as const) {
        const got = st.tidy(() => Array.from(st[op](makeTensor(st, xs, [6, 7], layout)).data()));
        expect(got, `${build} ${op} ${layout}`).toEqual(want);
      }
      st.tidy(() => {
        const r = st[op](st.tensor([1, -2, 3], undefined, "int32"));
        expect(r.dtype).toBe("float32");
        Array.from(r.data()).forEach((v, i) => expect(ulps32(v, Math.fround(REFERENCE[op]([1, -2, 3][i]))), `${build} ${op} int32`).toBeLessThanOrEqual(MAX_ULPS[op].float32));
      });
    });
  });

  it("sin and cos of large arguments (the scalar reduction): 1e6, 1e20, 1e300 in float64, 3e38 in float32", () => {
    const big64 = [1e6, -1e6, 1048576.5, 1e20, -1e22, 1e300, Number.MAX_VALUE];
    const big32 = [1e6, 3e38, -3e38, 16777216, 1e20].map(Math.fround);
    for (const op of ["sin", "cos"] as const) {
      const got64 = st.tidy(() => st[op](st.tensor(Float64Array.from(big64))).data());
      big64.forEach((x, i) => expect(ulps64(got64[i], REFERENCE[op](x)), `${build} f64 ${op}(${x})`).toBeLessThanOrEqual(MAX_ULPS[op].float64));
      const got32 = st.tidy(() => st[op](st.tensor(Float32Array.from(big32))).data());
      big32.forEach((x, i) => expect(ulps32(got32[i], Math.fround(REFERENCE[op](x))), `${build} f32 ${op}(${x})`).toBeLessThanOrEqual(MAX_ULPS[op].float32));
    }
  });
});

describe("accuracy where the naive formulas fail", () => {
  it("log1p and expm1 keep full precision at 1e-10; softplus saturates without NaN", () => {
    st.tidy(() => {
      for (const dtype of ["float32", "float64"] as const) {
        const x = st.tensor([1e-10, -1e-10, 3e-8], undefined, dtype);
        const l = Array.from(st.log1p(x).data()), e = Array.from(st.expm1(x).data());
        const naive = Array.from(st.log(st.add(x, 1)).data());
        [1e-10, -1e-10, 3e-8].forEach((v, i) => {
          const xv = dtype === "float32" ? Math.fround(v) : v;
          expect(Math.abs(l[i] - Math.log1p(xv)) / Math.abs(xv), `${dtype} log1p`).toBeLessThan(dtype === "float32" ? 3e-7 : 5e-16);
          expect(Math.abs(e[i] - Math.expm1(xv)) / Math.abs(xv), `${dtype} expm1`).toBeLessThan(dtype === "float32" ? 3e-7 : 5e-16);
        });
        expect(Math.abs(naive[0] - 1e-10) / 1e-10, "log(1 + x) really does lose it").toBeGreaterThan(1e-8);
        expect(Array.from(st.softplus(st.tensor([1000, -1000, 80, -80], undefined, dtype)).data()).every(Number.isFinite)).toBe(true);
      }
    });
  });
});
