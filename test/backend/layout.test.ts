// The layout kernels (fill32/fill64, copy_bytes, copy32/copy64 strided walks, the
// stride-0 fill path of the strided copy) on every build, every dtype and layout, around
// the vector widths.
import { expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { broadcastOperand, LAYOUTS, makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { expectSameValues, sizeOfShape } from "../helpers/reference.js";

const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 1000];
const DTYPES = ["float32", "float64", "int32"] as const;

function valuesFor(dtype: st.DType, n: number, seed: number): number[] {
  const rng = new TestRng(seed);
  return Array.from({ length: n }, () => {
    const v = rng.int(-1_000_000, 1_000_000) / (dtype === "int32" ? 1 : 7);
    return dtype === "float32" ? Math.fround(v) : dtype === "int32" ? Math.trunc(v) : v;
  });
}

describeEachBuild(st, st.backendInfo().available, (build) => {
  it.each(DTYPES)("zeros / ones / full fill every element (%s)", (dtype) => {
    for (const n of SIZES) {
      st.tidy(() => {
        for (const [t, v] of [
          [st.zeros([n], dtype), 0],
          [st.ones([n], dtype), 1],
          [st.full([n], -3, dtype), -3],
          // int32 takes exact integers only (a fraction is an error: test/ops/creation.test.ts).
          (dtype === "int32" ? [st.full([2, n], -(2 ** 31), dtype), -(2 ** 31)] : [st.full([2, n], 1e-3, dtype), dtype === "float32" ? Math.fround(1e-3) : 1e-3]) as [st.Tensor, number],
        ] as [st.Tensor, number][]) {
          expectSameValues(t.data(), new Array(t.size).fill(v), `${build} ${dtype} fill n=${n}`);
        }
      });
    }
  });

  it.each(DTYPES)("contiguous() and clone() of every layout copy the values row-major (%s)", (dtype) => {
    for (const n of SIZES) {
      for (const shape of [[n], [3, n], [n, 2, 5]]) {
        st.tidy(() => {
          const v = valuesFor(dtype, sizeOfShape(shape), n);
          for (const layout of LAYOUTS) {
            const t = makeTensor(st, v, shape, layout, dtype);
            const ctx = `${build} ${dtype} ${layout} ${JSON.stringify(shape)}`;
            const c = t.contiguous();
            expect(c.dtype).toBe(dtype);
            expectSameValues(c.data(), v, `${ctx} contiguous()`);
            expectSameValues(c.clone().data(), v, `${ctx} clone() of contiguous`);
            expectSameValues(t.clone().data(), v, `${ctx} clone()`);
          }
          const b = broadcastOperand(st, shape, new TestRng(n), (k) => valuesFor("float32", k, n + 1));
          const bt = st.astype(b.tensor, dtype); // float32 broadcast source, converted: a copy of a stride-0 view
          expectSameValues(bt.data(), b.values.map((x) => (dtype === "int32" ? Math.trunc(x) : x)), `${build} ${dtype} broadcast astype`);
          expectSameValues(b.tensor.contiguous().data(), b.values, `${build} broadcast contiguous()`);
        });
      }
    }
  });
});
