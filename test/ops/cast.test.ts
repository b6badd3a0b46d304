// astype through the cast kernels (assembly/layout/cast.ts): every pair of dtypes, on every
// build, at sizes around the SIMD width, with special values, on views, against plain JS.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { TestRng } from "../helpers/prng.js";

const DTYPES = ["float32", "float64", "int32"] as const;
type D = (typeof DTYPES)[number];
const SIZES = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 1000];
const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.9, 2147483647, -2147483648, 2147483648, -2147483649, 3e9, -3e9, 1e300, -1e300, 5e-324, 16777217];

/** What astype gives in numpy terms, from a value already in the source dtype. */
function convert(x: number, to: D): number {
  if (to === "float32") return Math.fround(x);
  if (to === "float64") return x;
  // int32: truncate toward zero; NaN → 0, beyond int32 → saturated (wasm's trunc_sat).
  if (Number.isNaN(x)) return 0;
  const t = Math.trunc(x);
  return t > 2147483647 ? 2147483647 : t < -2147483648 ? -2147483648 : t | 0;
}

function source(n: number, from: D, seed: number): number[] {
  const rng = new TestRng(seed);
  const values = Array.from({ length: n }, (_, i) => (i % 5 === 2 ? SPECIALS[rng.int(0, SPECIALS.length - 1)] : (rng.next() - 0.5) * 2e4));
  // In the source dtype (what tensor() stores).
  return values.map((v) => (from === "int32" ? convert(v, "int32") : from === "float32" ? Math.fround(v) : v));
}

function sameBits(got: ArrayLike<number>, want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]) && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) {
      expect.fail(`${what}: element ${i}: got ${got[i]}, want ${want[i]}`);
    }
  }
}

describeEachBuild(st, st.backendInfo().available, (build) => {
  for (const from of DTYPES) {
    for (const to of DTYPES) {
      it(`${from} → ${to}, every size around the vector width, special values`, () => {
        st.tidy(() => {
          for (const n of SIZES) {
            const values = source(n, from, n + 7);
            const t = st.tensor(values, [n], from);
            const out = st.astype(t, to);
            expect(out.dtype).toBe(to);
            expect(out.shape).toEqual([n]);
            sameBits(out.data(), values.map((v) => convert(v, to)), `${build} ${from}→${to} n=${n}`);
          }
        });
      });
    }
  }

  it("views (transposed, offset, reversed, broadcast) convert their values, not their storage", () => {
    st.tidy(() => {
      for (const from of DTYPES) {
        for (const to of DTYPES) {
          if (from === to) continue;
          const values = source(6 * 7, from, 3);
          const t = st.tensor(values, [6, 7], from);
          const views = [st.transpose(t), st.slice(t, [1, 2], [4, 3]), st.stridedSlice(t, [null, null], [null, null], [-1, -2]), st.broadcastTo(st.slice(t, [0, 0], [1, 7]), [5, 7])];
          for (const v of views) sameBits(st.astype(v, to).data(), Array.from(v.data(), (x) => convert(x, to)), `${build} view ${from}→${to}`);
        }
      }
    });
  });
});

describe("astype", () => {
  it("names itself for a bad dtype", () => {
    expect(() => st.astype(st.zeros([2]), "int8" as st.DType)).toThrow(/^astype: unknown dtype "int8"/);
  });
});
