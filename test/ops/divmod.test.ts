// mod and floorDiv (numpy's % and //): the identities numpy's divmod keeps, the integer
// cases where wasm's division would trap, and the byte dtypes. The element-wise suites
// check both ops against the reference on every layout, dtype and build.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { TestRng } from "../helpers/prng.js";
import { REFERENCE } from "../helpers/reference.js";

describeEachBuild(st, st.backendInfo().available, (build) => {
  describe("mod and floorDiv", () => {
    it("float64: a ≈ floorDiv(a, b)·b + mod(a, b), mod has b's sign and |mod| < |b|", () => {
      const rng = new TestRng(5);
      const a = Float64Array.from({ length: 500 }, () => (rng.next() - 0.5) * 10 ** rng.int(-3, 8));
      const b = Float64Array.from({ length: 500 }, () => (rng.next() < 0.5 ? -1 : 1) * (0.01 + rng.next()) * 10 ** rng.int(-2, 4));
      st.tidy(() => {
        const ta = st.tensor(a), tb = st.tensor(b);
        const q = st.floorDiv(ta, tb).data(), m = st.mod(ta, tb).data();
        for (let i = 0; i < a.length; i++) {
          const ctx = `${build} ${a[i]} divmod ${b[i]}: q ${q[i]} m ${m[i]}`;
          expect(Number.isInteger(q[i]), ctx).toBe(true);
          expect(m[i] === 0 || Math.sign(m[i]) === Math.sign(b[i]), ctx).toBe(true);
          expect(Math.abs(m[i]) <= Math.abs(b[i]), ctx).toBe(true);
          expect(Math.abs(q[i] * b[i] + m[i] - a[i]), ctx).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
      });
    });

    it("int32: x % 0 = 0, x // 0 = 0, INT_MIN // -1 wraps, INT_MIN % -1 = 0 (numpy; no trap)", () => {
      const a = [7, -7, 7, -7, -2147483648, -2147483648, 5, -5, 0];
      const b = [2, 2, -2, -2, -1, -1, 0, 0, 3];
      st.tidy(() => {
        const ta = st.tensor(a, undefined, "int32"), tb = st.tensor(b, undefined, "int32");
        const q = st.floorDiv(ta, tb), m = st.mod(ta, tb);
        expect([q.dtype, m.dtype]).toEqual(["int32", "int32"]);
        expect(Array.from(q.data())).toEqual(a.map((x, i) => REFERENCE.floorDiv(x, b[i]) | 0));
        expect(Array.from(m.data())).toEqual(a.map((x, i) => REFERENCE.mod(x, b[i]) | 0));
        expect(Array.from(q.data()).slice(0, 7)).toEqual([3, -4, -4, 3, -2147483648, -2147483648, 0]);
        expect(Array.from(m.data()).slice(0, 7)).toEqual([1, 1, -1, -1, 0, 0, 0]);
      });
    });

    it("floats: zero remainders take b's sign, x / 0 cases as numpy", () => {
      st.tidy(() => {
        const m = Array.from(st.mod(st.tensor([-0, 0, 4, -4, 1, 1, Infinity], undefined, "float64"), st.tensor([3, -3, 2, 2, 0, Infinity, 2], undefined, "float64")).data());
        [0, -0, 0, 0, NaN, 1, NaN].forEach((w, i) => expect(Object.is(m[i], w), `${build} mod #${i}: ${m[i]}`).toBe(true));
        const q = Array.from(st.floorDiv(st.tensor([1, -1, 0, -1], undefined, "float64"), st.tensor([0, 0, 0, Infinity], undefined, "float64")).data());
        [Infinity, -Infinity, NaN, -1].forEach((w, i) => expect(Object.is(q[i], w), `${build} floorDiv #${i}: ${q[i]}`).toBe(true));
      });
    });

    it("bool and uint8 operands compute in int32 and keep their dtype", () => {
      st.tidy(() => {
        for (const dtype of ["bool", "uint8"] as const) {
          const av = dtype === "bool" ? [0, 1, 1, 0] : [200, 7, 0, 255];
          const bv = dtype === "bool" ? [1, 1, 0, 0] : [3, 0, 9, 16];
          const a = st.tensor(av, undefined, dtype), b = st.tensor(bv, undefined, dtype);
          for (const op of ["mod", "floorDiv"] as const) {
            const got = st[op](a, b);
            expect(got.dtype).toBe(dtype);
            const viaInt = Array.from(st[op](st.astype(a, "int32"), st.astype(b, "int32")).data());
            expect(Array.from(got.data()), `${op} ${dtype}`).toEqual(viaInt.map((v) => (dtype === "bool" ? (v !== 0 ? 1 : 0) : v & 255)));
          }
        }
      });
    });
  });
});
