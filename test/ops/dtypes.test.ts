// float64 and int32 element-wise kernels and numpy's promotion rules (DESIGN §2):
//   int32 ⊕ float32 → float32, float32 ⊕ float64 → float64, int32 ⊕ int32 → int32 (div → float32),
//   a JS number adopts the tensor's dtype (a fraction lifts int32 to float32).
// Every kernel against a plain reference, around the SIMD widths (2 float64 / 4 int32 lanes,
// 4-vector unrolled bodies), on every layout and build.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { ELEMENTWISE } from "../../src/manifest.js";
import { describeEachBuild } from "../helpers/builds.js";
import { LAYOUTS, makeTensor } from "../helpers/layouts.js";
import { float32Values, TestRng } from "../helpers/prng.js";
import {
  BINARY_OPS,
  BINARY_REF,
  REFERENCE,
  UNARY_OPS,
  UNARY_REF,
  ZERO_SIGN_FREE,
  expandRef,
  expectSameValues,
  type BinaryName,
  type UnaryName,
} from "../helpers/reference.js";

const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 100];

function float64Values(n: number, seed: number): Float64Array {
  const rng = new TestRng(seed);
  const specials = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1e308, 0.1];
  return Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? specials[rng.int(0, specials.length - 1)] : (rng.next() - 0.5) * 200));
}

function int32Values(n: number, seed: number): Int32Array {
  const rng = new TestRng(seed);
  const specials = [2147483647, -2147483648, 0, -1, 1, 46341, -46341];
  return Int32Array.from({ length: n }, () => (rng.next() < 0.1 ? specials[rng.int(0, specials.length - 1)] : rng.int(-1000, 1000)));
}

/**
 * int32 semantics, from each op's reference and the manifest's result rule: a "same" op
 * wraps around like numpy (products through Math.imul, exact past 2^53), a "float" op is
 * computed in float32.
 */
function int32Reference(op: BinaryName | UnaryName): (...args: number[]) => number {
  if (op === "mul") return Math.imul;
  if (op === "square") return (x) => Math.imul(x, x);
  const ref = REFERENCE[op] as (...args: number[]) => number;
  if (ELEMENTWISE[op].result === "float") return (...args) => Math.fround(ref(...args.map(Math.fround)));
  return (...args) => ref(...args) | 0;
}
const INT32_BINARY = Object.fromEntries(BINARY_OPS.map((op) => [op, int32Reference(op)])) as Record<BinaryName, (a: number, b: number) => number>;
const INT32_UNARY = Object.fromEntries(UNARY_OPS.map((op) => [op, int32Reference(op)])) as Record<UnaryName, (x: number) => number>;

describeEachBuild(st, st.backendInfo().available, (build) => {
  describe.each(BINARY_OPS)("%s", (op) => {
    it("float64 ⊕ float64 → float64, every layout and size", () => {
      for (const n of SIZES) {
        for (const layout of LAYOUTS) {
          st.tidy(() => {
            const shape = [2, n];
            const av = float64Values(2 * n, n);
            const bv = float64Values(n, n + 99);
            const a = makeTensor(st, av, shape, layout, "float64");
            const b = makeTensor(st, bv, [n], layout, "float64");
            const out = st[op](a, b);
            expect(out.dtype).toBe("float64");
            const eb = expandRef(bv, [n], shape);
            const ctx = `${build} f64 ${op} ${layout} n=${n}`;
            expectSameValues(out.data(), Array.from(av, (x, i) => BINARY_REF[op](x, eb[i])), ctx, ZERO_SIGN_FREE.has(op));
            // A JS number keeps its float64 precision on a float64 tensor.
            expectSameValues(st[op](a, 0.1).data(), Array.from(av, (x) => BINARY_REF[op](x, 0.1)), `${ctx} ⊕ 0.1`, ZERO_SIGN_FREE.has(op));
            expectSameValues(st[op](0.1, a).data(), Array.from(av, (x) => BINARY_REF[op](0.1, x)), `${ctx} 0.1 ⊕`, ZERO_SIGN_FREE.has(op));
          });
        }
      }
    });

    it(`int32 ⊕ int32 → ${op === "div" ? "float32" : "int32"} (wrapping), every layout and size`, () => {
      const want = op === "div" ? "float32" : "int32";
      for (const n of SIZES) {
        for (const layout of LAYOUTS) {
          st.tidy(() => {
            const shape = [2, n];
            const av = int32Values(2 * n, n);
            const bv = int32Values(n, n + 7);
            const a = makeTensor(st, av, shape, layout, "int32");
            const b = makeTensor(st, bv, [n], layout, "int32");
            const out = st[op](a, b);
            expect(out.dtype).toBe(want);
            const eb = expandRef(bv, [n], shape);
            const ctx = `${build} i32 ${op} ${layout} n=${n}`;
            expectSameValues(out.data(), Array.from(av, (x, i) => INT32_BINARY[op](x, eb[i])), ctx);
            // An integral JS number stays int32 (div: float32); it may be on either side.
            const right = st[op](a, 3);
            expect(right.dtype).toBe(want);
            expectSameValues(right.data(), Array.from(av, (x) => INT32_BINARY[op](x, 3)), `${ctx} ⊕ 3`);
            const left = st[op](-7, a);
            expect(left.dtype).toBe(want);
            expectSameValues(left.data(), Array.from(av, (x) => INT32_BINARY[op](-7, x)), `${ctx} -7 ⊕`);
            // A fractional JS number lifts int32 to float32.
            const frac = st[op](a, 0.5);
            expect(frac.dtype).toBe("float32");
            expectSameValues(frac.data(), Array.from(av, (x) => Math.fround(BINARY_REF[op](Math.fround(x), 0.5))), `${ctx} ⊕ 0.5`);
          });
        }
      }
    });

    it("mixed dtypes promote like numpy", () => {
      st.tidy(() => {
        const n = 37;
        const iv = int32Values(n, 1);
        const fv = float32Values(n, 2);
        const dv = float64Values(n, 3);
        const i = st.tensor(iv);
        const f = st.tensor(fv);
        const d = st.tensor(dv);
        const fop = BINARY_REF[op];
        const cases: [st.Tensor, st.Tensor, string, (k: number) => number][] = [
          [i, f, "float32", (k) => Math.fround(fop(Math.fround(iv[k]), fv[k]))],
          [f, i, "float32", (k) => Math.fround(fop(fv[k], Math.fround(iv[k])))],
          [f, d, "float64", (k) => fop(fv[k], dv[k])],
          [d, f, "float64", (k) => fop(dv[k], fv[k])],
          [i, d, "float64", (k) => fop(iv[k], dv[k])],
          [d, i, "float64", (k) => fop(dv[k], iv[k])],
        ];
        for (const [a, b, dtype, ref] of cases) {
          const out = st[op](a, b);
          const ctx = `${build} ${op}(${a.dtype}, ${b.dtype})`;
          expect(out.dtype, ctx).toBe(dtype);
          expectSameValues(out.data(), Array.from({ length: n }, (_, k) => ref(k)), ctx, ZERO_SIGN_FREE.has(op));
        }
      });
    });
  });

  describe.each(UNARY_OPS)("%s", (op) => {
    it("float64 and int32 kernels, every layout and size", () => {
      for (const n of SIZES) {
        for (const layout of LAYOUTS) {
          st.tidy(() => {
            const dv = float64Values(n, n + 5);
            const d = st[op](makeTensor(st, dv, [n], layout, "float64"));
            expect(d.dtype).toBe("float64");
            expectSameValues(d.data(), Array.from(dv, UNARY_REF[op]), `${build} f64 ${op} ${layout} n=${n}`, ZERO_SIGN_FREE.has(op));
            const iv = int32Values(3 * n, n + 6);
            const i = st[op](makeTensor(st, iv, [3, n], layout, "int32"));
            expect(i.dtype).toBe(ELEMENTWISE[op].result === "float" ? "float32" : "int32");
            expectSameValues(i.data(), Array.from(iv, INT32_UNARY[op]), `${build} i32 ${op} ${layout} n=${n}`);
          });
        }
      }
    });
  });
});

describe("weak scalars", () => {
  it("a plain number adopts the tensor's dtype", () => {
    st.tidy(() => {
      expect(st.add(st.zeros([2], "int32"), 2).dtype).toBe("int32");
      expect(st.add(st.zeros([2], "int32"), 2.5).dtype).toBe("float32");
      expect(st.div(st.zeros([2], "int32"), 2).dtype).toBe("float32");
      expect(st.add(st.zeros([2], "float64"), 2).dtype).toBe("float64");
      expect(st.add(st.zeros([2], "float32"), 2).dtype).toBe("float32");
      expect(st.add(2, 3).dtype).toBe("float32");
      expect(st.add(st.zeros([1], "float64"), 0.1).item()).toBe(0.1);
      expect(st.add(st.zeros([1]), 0.1).item()).toBe(Math.fround(0.1));
    });
  });

  it("an integer that int32 cannot hold is not silently wrapped (numpy raises OverflowError)", () => {
    st.tidy(() => {
      const i = st.tensor(new Int32Array([1, -5, 7]));
      for (const s of [2 ** 31, -(2 ** 31) - 1, 1e10]) {
        let out: st.Tensor | undefined;
        let error: unknown;
        try {
          out = st.add(i, s);
        } catch (e) {
          error = e;
        }
        if (out !== undefined) {
          // Acceptable alternative to an error: a dtype that holds the value, and the exact sums.
          expect(out.dtype, `add(int32, ${s})`).not.toBe("int32");
          expect(Array.from(out.data())).toEqual([1 + s, -5 + s, 7 + s].map(out.dtype === "float32" ? Math.fround : (v: number) => v));
        } else {
          expect(error, `add(int32, ${s})`).toBeInstanceOf(Error);
          expect(String((error as Error).message)).toContain(String(s));
        }
      }
    });
  });
});
