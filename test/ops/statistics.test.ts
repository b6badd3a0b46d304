// variance, std, logSumExp, norm, any, all and clip (#15): against float64 references with
// numpy's semantics over random shapes, axis sets, keepDims and layouts, their edge cases
// (ddof, empty axes, ±inf, NaN), and their gradients by checkGradients.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
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

/** Groups the values of `shape` by their index with the `axes` dropped: one array per output element, row-major. */
function groups(values: readonly number[], shape: readonly number[], axes: readonly number[]): number[][] {
  const outShape = shape.filter((_, k) => !axes.includes(k));
  const out: number[][] = Array.from({ length: sizeOfShape(outShape) }, () => []);
  forEachIndex(shape, (idx, p) => {
    let o = 0;
    for (let k = 0; k < shape.length; k++) if (!axes.includes(k)) o = o * shape[k] + idx[k];
    out[o].push(values[p]);
  });
  return out;
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const REF = {
  variance: (xs: number[], ddof: number) => xs.reduce((a, x) => a + (x - meanOf(xs)) ** 2, 0) / (xs.length - ddof),
  logSumExp: (xs: number[]) => {
    const m = Math.max(...xs);
    return !Number.isFinite(m) ? m : m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
  },
  norm2: (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + x * x, 0)),
  norm1: (xs: number[]) => xs.reduce((a, x) => a + Math.abs(x), 0),
  normInf: (xs: number[]) => xs.reduce((a, x) => Math.max(a, Math.abs(x)), 0),
};

function expectClose(got: ArrayLike<number>, want: readonly number[], context: string, rtol = 1e-9): void {
  expect(got.length, context).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]) || !Number.isFinite(want[i])) expect(got[i], `${context} [${i}]`).toBe(want[i]);
    else expect(Math.abs(got[i] - want[i]), `${context} [${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i])));
  }
}

describe("against float64 references", () => {
  it("variance, std, logSumExp and norm over random axes, keepDims and layouts", () => {
    const rng = new TestRng(21);
    st.tidy(() => {
      for (let trial = 0; trial < 40; trial++) {
        const rank = rng.int(1, 3);
        const shape = Array.from({ length: rank }, () => rng.int(1, 5));
        const values = Array.from({ length: sizeOfShape(shape) }, () => rng.int(-40, 40) / 8);
        const x = makeTensor(st, values, shape, LAYOUTS[rng.int(0, LAYOUTS.length - 1)], "float64");
        const axes = shape.map((_, k) => k).filter(() => rng.next() < 0.5);
        const axis = axes.length === 0 ? undefined : axes;
        const used = axis ?? shape.map((_, k) => k);
        const keepDims = rng.next() < 0.5;
        const g = groups(values, shape, used);
        const ddof = rng.int(0, 1);
        const ctx = `shape ${shape} axes ${used} keepDims ${keepDims}`;
        const v = st.variance(x, axis, { keepDims, ddof });
        expect(v.shape, ctx).toEqual(shape.map((d, k) => (used.includes(k) ? 1 : d)).filter((_, k) => keepDims || !used.includes(k)));
        expectClose(v.data(), g.map((xs) => REF.variance(xs, ddof)), `variance ${ctx} ddof ${ddof}`);
        expectClose(st.std(x, axis, { keepDims }).data(), g.map((xs) => Math.sqrt(REF.variance(xs, 0))), `std ${ctx}`);
        expectClose(st.logSumExp(x, axis, keepDims).data(), g.map(REF.logSumExp), `logSumExp ${ctx}`);
        expectClose(st.norm(x, 2, axis, keepDims).data(), g.map(REF.norm2), `norm2 ${ctx}`);
        expectClose(st.norm(x, 1, axis, keepDims).data(), g.map(REF.norm1), `norm1 ${ctx}`);
        expectClose(st.norm(x, Infinity, axis, keepDims).data(), g.map(REF.normInf), `normInf ${ctx}`);
      }
    });
  });

  it("edge cases: large logits do not overflow, -inf rows, ddof = n, integer input", () => {
    st.tidy(() => {
      expectClose(st.logSumExp(st.tensor([1000, 1000], "float64")).data(), [1000 + Math.log(2)], "large");
      expect(st.logSumExp(st.tensor([[-Infinity, -Infinity], [0, -Infinity]]), 1).toArray()).toEqual([-Infinity, 0]);
      expect(st.variance(st.tensor([1, 2]), undefined, { ddof: 2 }).toArray()).toBe(Infinity);
      expect(st.variance(st.tensor([1, 2, 3, 4], "int32")).dtype).toBe("float32");
      expect(st.variance(st.tensor([1, 2, 3, 4], "int32")).toArray()).toBe(1.25);
      expect(st.std(st.tensor([[1, 3], [5, 9]], "float64"), 0, { ddof: 1 }).toArray()).toEqual([Math.sqrt(8), Math.sqrt(18)]);
      expect(() => st.norm(st.ones([2]), 3 as 2)).toThrow(/ord must be 1, 2 or Infinity/);
      expect(() => st.variance(st.ones([2]), 0, { keepDims: "yes" as never })).toThrow(/keepDims must be a boolean/);
    });
  });

  it("any and all: NaN counts as true, empty axes give false and true, every dtype", () => {
    st.tidy(() => {
      const x = st.tensor([[0, 0, 1], [0, NaN, 0], [0, 0, 0]]);
      expect(st.any(x, 1).toArray()).toEqual([true, true, false]);
      expect(st.all(st.tensor([[1, 2], [0, 3]]), 1).toArray()).toEqual([true, false]);
      expect(st.any(x).toArray()).toBe(true);
      expect(st.all(x, 0, true).toArray()).toEqual([[false, false, false]]);
      expect(st.any(st.zeros([2, 0]), 1).toArray()).toEqual([false, false]);
      expect(st.all(st.zeros([2, 0]), 1).toArray()).toEqual([true, true]);
      expect(st.all(st.tensor([true, true])).toArray()).toBe(true);
      expect(st.any(st.tensor(new Uint8Array([0, 0, 7]))).toArray()).toBe(true);
      expect(st.any(x, 1).dtype).toBe("bool");
    });
  });

  it("clip is numpy's: bounds as numbers or broadcast tensors, NaN kept, integers stay integers", () => {
    st.tidy(() => {
      expect(st.clip(st.tensor([-2, 0.5, 3, NaN]), 0, 1).toArray()).toEqual([0, 0.5, 1, NaN]);
      expect(st.clip(st.tensor([[1, 5], [9, 2]]), st.tensor([2, 3]), 4).toArray()).toEqual([[2, 4], [4, 3]]);
      const i = st.clip(st.tensor([-5, 5, 50], "int32"), 0, 10);
      expect([i.dtype, i.toArray()]).toEqual(["int32", [0, 5, 10]]);
      expect(st.tensor([0.5, 2]).clip(0, 1).toArray()).toEqual([0.5, 1]);
    });
  });
});

describe("gradients (checkGradients, float64)", () => {
  const cases: [string, (x: st.Tensor) => st.Tensor, number[]][] = [
    ["variance", (x) => st.variance(x, 1), [3, 4]],
    ["variance ddof 1 keepDims", (x) => st.variance(x, [0], { ddof: 1, keepDims: true }), [3, 4]],
    ["std", (x) => st.std(x), [2, 3]],
    ["logSumExp", (x) => st.logSumExp(x, -1), [3, 4]],
    ["logSumExp all", (x) => st.logSumExp(st.mul(x, 30)), [2, 3]],
    ["norm 2", (x) => st.norm(x, 2, 0), [3, 4]],
    ["norm 1", (x) => st.norm(x, 1), [3, 4]],
    ["norm Infinity", (x) => st.norm(x, Infinity, 1), [3, 4]],
    ["clip", (x) => st.clip(x, -0.5, 0.5), [3, 4]],
  ];
  it.each(cases)("%s", (_name, f, shape) => {
    st.tidy(() => {
      const rng = new TestRng(shape.length * 7 + 1);
      // Distinct values away from 0 and from the clip bounds: no kinks or ties within the step.
      const n = sizeOfShape(shape);
      const values = Array.from({ length: n }, (_, i) => (i + 1) * 0.137 * (rng.next() < 0.5 ? -1 : 1) + (rng.next() - 0.5) * 0.01);
      const x = st.tensor(values.map((v) => (Math.abs(Math.abs(v) - 0.5) < 0.02 ? v + 0.05 : v)), shape, "float64");
      const result = st.checkGradients(f, [x]);
      expect(result.ok, JSON.stringify(result.inputs.map((r) => r.maxAbsError))).toBe(true);
    });
  });
});
