// cumsum and cumprod (#15): every axis, layout and dtype against a sequential plain-JS
// reference (float32 within rounding of it, integers exact with int32 wrapping), sizes
// around the SIMD width, flattening without an axis, and gradients by checkGradients.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { LAYOUTS, makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { forEachIndex, sizeOfShape } from "../helpers/reference.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

/** The running op along `axis` of row-major values, in float64 (int32: wrapping). */
function scanRef(values: readonly number[], shape: readonly number[], axis: number, product: boolean, int: boolean): number[] {
  const out = values.slice();
  const stride = sizeOfShape(shape.slice(axis + 1));
  forEachIndex(shape, (idx, p) => {
    if (idx[axis] === 0) return;
    const prev = out[p - stride];
    out[p] = int ? (product ? Math.imul(prev, values[p]) : (prev + values[p]) | 0) : product ? prev * values[p] : prev + values[p];
  });
  return out;
}

describeEachBuild(st, st.backendInfo().available, () => {
  it("every axis, layout and dtype, sizes around the vector width", () => {
    const rng = new TestRng(23);
    st.tidy(() => {
      for (let trial = 0; trial < 60; trial++) {
        const rank = rng.int(1, 3);
        const shape = Array.from({ length: rank }, () => [1, 2, 3, 4, 5, 7, 8, 9, 17][rng.int(0, 8)]);
        const dtype = (["float32", "float64", "int32", "uint8", "bool"] as const)[rng.int(0, 4)];
        const product = rng.next() < 0.4;
        const values = Array.from({ length: sizeOfShape(shape) }, () =>
          dtype === "bool" ? rng.int(0, 1) : dtype === "uint8" ? rng.int(0, 3) : product ? [1, -1, 2, 0.5][rng.int(0, 3)] * (dtype === "int32" ? 1 : 1) : rng.int(-20, 20) / (dtype === "int32" ? 1 : 4),
        ).map((v) => (dtype === "int32" ? Math.trunc(v) : v));
        const x = makeTensor(st, values, shape, LAYOUTS[rng.int(0, LAYOUTS.length - 1)], dtype);
        const axis = rng.int(-rank, rank - 1);
        const ax = axis < 0 ? axis + rank : axis;
        const got = product ? st.cumprod(x, axis) : st.cumsum(x, axis);
        const int = dtype === "int32" || dtype === "uint8" || dtype === "bool";
        expect(got.dtype).toBe(int ? "int32" : dtype);
        const want = scanRef(values, shape, ax, product, int);
        const data = got.data();
        for (let i = 0; i < want.length; i++) {
          const tol = dtype === "float32" ? 1e-5 * Math.max(1, Math.abs(want[i])) : 1e-12 * Math.max(1, Math.abs(want[i]));
          expect(Math.abs(data[i] - want[i]), `${product ? "cumprod" : "cumsum"} ${dtype} ${shape} axis ${axis} [${i}]`).toBeLessThanOrEqual(int ? 0 : tol);
        }
      }
    });
  });
});

describe("numpy's details", () => {
  it("without an axis the tensor is flattened; int32 wraps; empty axes; NaN and inf carry on", () => {
    st.tidy(() => {
      expect(st.cumsum(st.tensor([[1, 2], [3, 4]])).toArray()).toEqual([1, 3, 6, 10]);
      expect(st.tensor([[1, 2], [3, 4]]).cumprod(1).toArray()).toEqual([[1, 2], [3, 12]]);
      expect(st.cumsum(st.tensor([2147483647, 1], "int32")).toArray()).toEqual([2147483647, -2147483648]);
      expect(st.cumsum(st.zeros([2, 0]), 1).shape).toEqual([2, 0]);
      expect(st.cumsum(st.tensor([1, NaN, 1, 1, 1, 1])).toArray()).toEqual([1, NaN, NaN, NaN, NaN, NaN]);
      expect(st.cumsum(st.tensor([true, true, false, true])).toArray()).toEqual([1, 2, 2, 3]);
      expect(() => st.cumsum(st.ones([2]), 1)).toThrow(st.AxisError);
    });
  });

  it("differentiates (checkGradients, float64; cumprod away from zero)", () => {
    st.tidy(() => {
      const x = st.randomUniform([3, 5], { min: 0.5, max: 1.5, seed: 5, dtype: "float64" });
      const w = st.arange(1, 16, 1, "float64").reshape([3, 5]);
      for (const f of [(t: st.Tensor) => st.cumsum(t, 1), (t: st.Tensor) => st.cumsum(t, 0), (t: st.Tensor) => st.cumprod(t, 1), (t: st.Tensor) => st.cumprod(t)]) {
        const r = st.checkGradients((t) => st.sum(st.mul(f(t).reshape([3, 5]), w)), [x]);
        expect(r.ok, r.message).toBe(true);
      }
    });
  });
});
