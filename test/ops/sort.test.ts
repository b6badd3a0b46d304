// sort, argsort and topk (#15): the radix kernel against a stable JS sort with numpy's
// order (NaN last, -0 equal to 0 and kept in place) on every dtype, axis, direction,
// layout and row length (ties and duplicates common); gradients through sort and topk.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { LAYOUTS, makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { sizeOfShape } from "../helpers/reference.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

/** The stable order of one row: numbers ascending (or descending), NaN after them all, ties by position. */
function orderRef(row: readonly number[], descending: boolean): number[] {
  const idx = row.map((_, i) => i);
  const rank = (v: number) => (Number.isNaN(v) ? Infinity : 0);
  return idx.sort((a, b) => {
    const x = row[a], y = row[b];
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    if (Number.isNaN(x)) return a - b;
    if (x !== y) return descending ? y - x : x - y; // -0 === 0: a tie
    return a - b;
  });
}

/** Rows along the last axis of row-major values. */
function rowsOf(values: readonly number[], n: number): number[][] {
  return Array.from({ length: n === 0 ? 0 : values.length / n }, (_, r) => values.slice(r * n, (r + 1) * n));
}

describeEachBuild(st, st.backendInfo().available, () => {
  it("argsort and sort: every dtype, direction, layout; ties, NaN, ±0, ±inf", () => {
    const rng = new TestRng(29);
    const pool = [0, -0, 1, -1, 2.5, -2.5, NaN, Infinity, -Infinity, 1e-30, 3, 3, 7];
    st.tidy(() => {
      for (let trial = 0; trial < 60; trial++) {
        const dtype = (["float32", "float64", "int32", "uint8", "bool"] as const)[rng.int(0, 4)];
        const shape = [rng.int(1, 3), [1, 2, 5, 16, 17, 40][rng.int(0, 5)]];
        const values = Array.from({ length: sizeOfShape(shape) }, () => {
          if (dtype === "bool") return rng.int(0, 1);
          if (dtype === "uint8") return rng.int(0, 5) * 50;
          if (dtype === "int32") return [0, 1, -1, 2147483647, -2147483648, 5, 5][rng.int(0, 6)];
          return pool[rng.int(0, pool.length - 1)];
        });
        const x = makeTensor(st, values, shape, LAYOUTS[rng.int(0, LAYOUTS.length - 1)], dtype);
        const stored = Array.from(st.astype(x, "float64").data());
        const descending = rng.next() < 0.5;
        const want = rowsOf(stored, shape[1]).flatMap((row) => orderRef(row, descending));
        const got = st.argsort(x, -1, { descending });
        expect(got.dtype).toBe("int32");
        expect(Array.from(got.data()), `${dtype} ${shape} ${descending}`).toEqual(want);
        const sorted = Array.from(st.astype(st.sort(x, -1, { descending }), "float64").data());
        const wantValues = rowsOf(stored, shape[1]).flatMap((row) => orderRef(row, descending).map((i) => row[i]));
        expect(sorted.map((v) => (Object.is(v, -0) ? 0 : v)), `values ${dtype} ${shape}`).toEqual(wantValues.map((v) => (Object.is(v, -0) ? 0 : v)));
        // topk selects (no sort) but must agree with the first k of the stable descending order.
        const k = rng.int(0, shape[1]);
        const top = st.topk(x, k);
        const wantTop = rowsOf(stored, shape[1]).flatMap((row) => orderRef(row, true).slice(0, k));
        expect(Array.from(top.indices.data()), `topk ${k} ${dtype} ${shape}`).toEqual(wantTop);
        expect(top.values.dtype).toBe(dtype);
      }
    });
  });
});

describe("axes and topk", () => {
  it("sorts along any axis (numpy's default is the last)", () => {
    st.tidy(() => {
      const x = st.tensor([[3, 1, 2], [0, 5, -1]]);
      expect(st.sort(x, 0).toArray()).toEqual([[0, 1, -1], [3, 5, 2]]);
      expect(st.argsort(x, 0).toArray()).toEqual([[1, 0, 1], [0, 1, 0]]);
      expect(x.sort().toArray()).toEqual([[1, 2, 3], [-1, 0, 5]]);
      expect(st.sort(x, 1, { descending: true }).toArray()).toEqual([[3, 2, 1], [5, 0, -1]]);
      expect(() => st.sort(st.tensor(1))).toThrow(/0-d/);
      expect(() => st.sort(x, 2)).toThrow(st.AxisError);
    });
  });

  it("topk: the k largest along the last axis and their indices, ties in index order", () => {
    st.tidy(() => {
      const x = st.tensor([[1, 9, 3, 9, NaN], [4, 4, 4, 0, 2]]);
      const { values, indices } = st.topk(x, 3);
      expect(values.toArray()).toEqual([[9, 9, 3], [4, 4, 4]]);
      expect(indices.toArray()).toEqual([[1, 3, 2], [0, 1, 2]]);
      expect(st.topk(x, 0).values.shape).toEqual([2, 0]);
      const nan = st.topk(st.tensor([NaN, NaN, 1]), 3);
      expect([nan.values.toArray(), nan.indices.toArray()]).toEqual([[1, NaN, NaN], [2, 0, 1]]);
      expect(() => st.topk(x, 6)).toThrow(/k must be an integer in \[0, 5\]/);
    });
  });

  it("gradients flow back to each value's place (checkGradients, float64, distinct values)", () => {
    st.tidy(() => {
      const x = st.tensor([[0.3, -1.2, 2.5, 0.9], [1.7, -0.4, 0.1, -2.2], [0.8, 1.1, -0.6, 0.2]], "float64");
      const w = st.arange(1, 13, 1, "float64").reshape([3, 4]);
      for (const f of [(t: st.Tensor) => st.sort(t), (t: st.Tensor) => st.sort(t, 0, { descending: true })]) {
        const r = st.checkGradients((t) => st.sum(st.mul(f(t), w)), [x]);
        expect(r.ok, r.message).toBe(true);
      }
      const r = st.checkGradients((t) => st.sum(st.mul(st.topk(t, 2).values, st.tensor([[1, 2], [3, 4], [5, 6]], "float64"))), [x]);
      expect(r.ok, r.message).toBe(true);
    });
  });
});
