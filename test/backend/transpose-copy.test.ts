// contiguous() of transposed views runs the cache-blocked transpose kernel (4×4 / 2×2
// register transposes inside 32×32 tiles): check it around every tile and vector edge,
// batched, for each element size, on every build.
import { expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";

const SIZES = [4, 5, 7, 8, 31, 32, 33, 63, 65, 100];

describeEachBuild(st, st.backendInfo().available, (build) => {
  it.each([["float32"], ["float64"], ["int32"]] as const)("2-D and batched transposes, %s", (dtype) => {
    let checked = 0;
    for (const r of SIZES) {
      for (const c of [4, 9, 33, 64]) {
        const x = st.arange(r * c, undefined, 1, dtype).reshape([r, c]);
        const t = st.transpose(x).contiguous();
        const xv = x.data(), tv = t.data();
        for (let i = 0; i < c; i++) for (let j = 0; j < r; j++) {
          if (tv[i * r + j] !== xv[j * c + i]) throw new Error(`${build} ${dtype} (${r},${c}) at ${i},${j}`);
          checked++;
        }
        const b = st.arange(3 * r * c, undefined, 1, dtype).reshape([3, r, c]);
        const bt = st.transpose(b, [0, 2, 1]).contiguous().data();
        const bv = b.data();
        for (let q = 0; q < 3; q++) for (let i = 0; i < c; i++) for (let j = 0; j < r; j++) {
          if (bt[q * r * c + i * r + j] !== bv[q * r * c + j * c + i]) throw new Error(`${build} ${dtype} batch (${r},${c})`);
        }
        for (const t2 of [x, t, b]) t2.dispose();
      }
    }
    expect(checked).toBe(SIZES.reduce((s, r) => s + r * (4 + 9 + 33 + 64), 0));
  });

  it("a transposed view with an offset (a slice of a transposed matrix)", () => {
    const x = st.arange(40 * 50).reshape([40, 50]);
    const v = st.slice(st.transpose(x), [3, 5], [20, 30]); // rows 3..23 of xᵀ, cols 5..35
    const got = v.contiguous().toArray() as number[][];
    for (let i = 0; i < 20; i++) for (let j = 0; j < 30; j++) expect(got[i][j]).toBe((5 + j) * 50 + (3 + i));
  });
});
