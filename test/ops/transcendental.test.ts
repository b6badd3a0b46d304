// exp, log, tanh, sigmoid, pow: SIMD polynomial kernels (assembly/math) checked against
// JS Math in float64: within 4 ulp for float32 and 1e-13 relative for float64, with
// numpy's special values, on every build and on strided views (vector bodies and tails).
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { REFERENCE, ulps32 } from "../helpers/reference.js";

type Unary = "exp" | "log" | "tanh" | "sigmoid";
const REF: Record<Unary, (x: number) => number> = { exp: REFERENCE.exp, log: REFERENCE.log, tanh: REFERENCE.tanh, sigmoid: REFERENCE.sigmoid };
/** Inputs spanning each function's interesting range (plus the whole float32 range for exp/log). */
const RANGE: Record<Unary, [number, number]> = { exp: [-104, 89], log: [0, 1e6], tanh: [-12, 12], sigmoid: [-110, 40] };


function inputs(op: Unary, n: number, seed: number): number[] {
  const rng = new TestRng(seed);
  const [lo, hi] = RANGE[op];
  return Array.from({ length: n }, (_, i) => {
    // Log-spaced magnitudes for log (subnormals to huge), uniform elsewhere.
    if (op === "log") return Math.fround(2 ** (-149 + rng.next() * 277));
    return Math.fround(lo + (hi - lo) * (i % 7 === 0 ? rng.next() ** 3 : rng.next()));
  });
}

const SPECIALS: Record<Unary, [number, number][]> = {
  exp: [[0, 1], [-0, 1], [-Infinity, 0], [Infinity, Infinity], [NaN, NaN], [1000, Infinity], [-1000, 0]],
  log: [[0, -Infinity], [-0, -Infinity], [-1, NaN], [Infinity, Infinity], [1, 0], [NaN, NaN], [-Infinity, NaN]],
  tanh: [[0, 0], [-0, -0], [Infinity, 1], [-Infinity, -1], [50, 1], [-50, -1], [NaN, NaN]],
  sigmoid: [[0, 0.5], [Infinity, 1], [-Infinity, 0], [1000, 1], [-1000, 0], [NaN, NaN]],
};

describeEachBuild(st, st.backendInfo().available, (build) => {
  describe.each(Object.keys(REF).map((k) => [k as Unary]))("%s", (op) => {
    it("float32: within 4 ulp of the float64 reference, every size around the vector width", () => {
      let worst = 0;
      for (const n of [1, 3, 4, 5, 15, 16, 17, 33, 1000]) {
        const xs = inputs(op, n, n * 7 + op.length);
        const got = st.tidy(() => st[op](st.tensor(xs)).data());
        for (let i = 0; i < n; i++) {
          const want = Math.fround(REF[op](xs[i]));
          const u = ulps32(got[i], want);
          worst = Math.max(worst, u);
          if (u > 4) throw new Error(`${build} ${op}(${xs[i]}) = ${got[i]}, want ${want} (${u} ulp)`);
        }
      }
      expect(worst).toBeLessThanOrEqual(4);
    });

    it("float64: within 1e-13 relative", () => {
      const xs = inputs(op, 999, 5).map((v, i) => v * (1 + 1e-9 * i));
      const got = st.tidy(() => st[op](st.tensor(Float64Array.from(xs))).data());
      for (let i = 0; i < xs.length; i++) {
        const want = REF[op](xs[i]);
        const rel = want === 0 ? Math.abs(got[i]) : Math.abs(got[i] - want) / Math.abs(want);
        if (!(rel <= 1e-13)) throw new Error(`${build} float64 ${op}(${xs[i]}) = ${got[i]}, want ${want} (rel ${rel})`);
      }
      expect(got.length).toBe(999);
    });

    it("numpy's special values, in both dtypes", () => {
      for (const dtype of ["float32", "float64"] as const) {
        const xs = SPECIALS[op].map(([x]) => x);
        const got = st.tidy(() => Array.from(st[op](st.tensor(xs, undefined, dtype)).data()));
        SPECIALS[op].forEach(([x, want], i) => {
          expect(Object.is(got[i], want) || (want === 0 && got[i] === 0 && op !== "tanh"), `${build} ${dtype} ${op}(${x}) = ${got[i]}, want ${want}`).toBe(true);
        });
      }
    });

    it("strided and broadcast views give the contiguous result; int32 input gives float32", () => {
      const xs = inputs(op, 6 * 7, 11);
      const want = st.tidy(() => Array.from(st[op](st.tensor(xs, [6, 7])).data()));
      for (const layout of ["transposed", "strided", "reversed", "offset"] as const) {
        const got = st.tidy(() => Array.from(st[op](makeTensor(st, xs, [6, 7], layout)).data()));
        expect(got, `${build} ${op} ${layout}`).toEqual(want);
      }
      const ints = st.tensor([1, 2, 3], undefined, "int32");
      const r = st[op](ints);
      expect(r.dtype).toBe("float32");
      const rv = r.data();
      [1, 2, 3].forEach((v, i) => expect(ulps32(rv[i], Math.fround(REF[op](v))), `${build} ${op}(${v}) int32`).toBeLessThanOrEqual(4));
      ints.dispose();
      r.dispose();
    });
  });

  describe("pow", () => {
    it("float32 within 4 ulp and float64 within 1e-13 on positive bases; integer exponents of negative bases", () => {
      const rng = new TestRng(3);
      const bases = Array.from({ length: 200 }, () => Math.fround(rng.next() * 10));
      const exps = Array.from({ length: 200 }, () => Math.fround(rng.next() * 8 - 4));
      const got32 = st.tidy(() => st.pow(st.tensor(bases), st.tensor(exps)).data());
      const got64 = st.tidy(() => st.pow(st.tensor(Float64Array.from(bases)), st.tensor(Float64Array.from(exps))).data());
      for (let i = 0; i < bases.length; i++) {
        const want = bases[i] ** exps[i];
        expect(ulps32(got32[i], Math.fround(want)), `${build} pow(${bases[i]}, ${exps[i]})`).toBeLessThanOrEqual(4);
        expect(Math.abs(got64[i] - want) / want, `${build} f64 pow(${bases[i]}, ${exps[i]})`).toBeLessThanOrEqual(1e-13);
      }
      expect(Array.from(st.tidy(() => st.pow(st.tensor([-2, -2, -3]), st.tensor([3, 2, -1])).data()))).toEqual([-8, 4, Math.fround(-1 / 3)]);
    });

    it("C/numpy special cases; scalar exponents on either side; int32 gives float32", () => {
      const cases: [number, number, number][] = [
        [NaN, 0, 1], [1, NaN, 1], [0, -1, Infinity], [-0, -1, -Infinity], [-8, 1 / 3, NaN], [-1, Infinity, 1],
        [2, Infinity, Infinity], [0.5, Infinity, 0], [Infinity, -1, 0], [-Infinity, 3, -Infinity], [4, 0.5, 2],
      ];
      const got = st.tidy(() => Array.from(st.pow(st.tensor(cases.map((c) => c[0])), st.tensor(cases.map((c) => c[1]))).data()));
      cases.forEach(([x, y, want], i) => expect(Object.is(got[i], Math.fround(want)), `${build} pow(${x}, ${y}) = ${got[i]}`).toBe(true));
      st.tidy(() => {
        expect(Array.from(st.pow(st.tensor([1, 2, 3]), 2).data())).toEqual([1, 4, 9]);
        expect(Array.from(st.pow(2, st.tensor([1, 2, 3])).data())).toEqual([2, 4, 8]);
        const r = st.pow(st.tensor([2, 4], undefined, "int32"), -1);
        expect(r.dtype).toBe("float32");
        expect(Array.from(r.data())).toEqual([0.5, 0.25]);
      });
    });
  });
});
