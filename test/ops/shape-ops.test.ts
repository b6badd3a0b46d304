// flip, flatten, .T, split, unstack, tile, repeat, pad (#15): numpy's results (written out
// by hand from numpy's rules), views where they should be, clear errors, and gradients.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

const m = () => st.tensor([[1, 2, 3], [4, 5, 6]]);

describe("views: flip, flatten, .T, split, unstack", () => {
  it("flip reverses the given axes (all by default) as a view with negative strides", () => {
    st.tidy(() => {
      const x = m();
      expect(st.flip(x).toArray()).toEqual([[6, 5, 4], [3, 2, 1]]);
      expect(st.flip(x, 1).toArray()).toEqual([[3, 2, 1], [6, 5, 4]]);
      expect(x.flip([0]).toArray()).toEqual([[4, 5, 6], [1, 2, 3]]);
      expect(st.flip(x, 1).strides).toEqual([3, -1]);
      expect(() => st.flip(x, 2)).toThrow(st.AxisError);
    });
  });

  it("flatten, and .T (numpy's transpose getter)", () => {
    st.tidy(() => {
      const x = m();
      expect(st.flatten(x).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(x.T.toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
      expect(x.T.flatten().toArray()).toEqual([1, 4, 2, 5, 3, 6]);
      expect(st.flatten(st.tensor(7)).shape).toEqual([1]);
    });
  });

  it("split by sections or sizes (tf.split), unstack along any axis", () => {
    st.tidy(() => {
      const x = st.reshape(st.arange(12), [2, 6]);
      expect(st.split(x, 3, 1).map((p) => p.toArray())).toEqual([[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
      expect(st.split(x, [1, 0, 5], 1).map((p) => p.shape)).toEqual([[2, 1], [2, 0], [2, 5]]);
      expect(() => st.split(x, 4, 1)).toThrow(/does not divide into 4 equal sections/);
      expect(() => st.split(x, [1, 2], 1)).toThrow(/add up to 3, axis 1 has length 6/);
      expect(st.unstack(x).map((p) => p.toArray())).toEqual([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
      expect(st.unstack(x, -1).map((p) => p.toArray())).toEqual([[0, 6], [1, 7], [2, 8], [3, 9], [4, 10], [5, 11]]);
      expect(st.unstack(st.zeros([0, 2]))).toEqual([]);
    });
  });
});

describe("copies: tile, repeat, pad", () => {
  it("tile repeats the whole along each axis, adding leading axes (numpy.tile)", () => {
    st.tidy(() => {
      expect(st.tile(st.tensor([1, 2]), [3]).toArray()).toEqual([1, 2, 1, 2, 1, 2]);
      expect(st.tile(m(), [2, 1]).toArray()).toEqual([[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]]);
      expect(st.tile(st.tensor([1, 2]), [2, 2]).toArray()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
      expect(st.tile(m(), [2]).toArray()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
      expect(st.tile(m(), [0, 1]).shape).toEqual([0, 3]);
    });
  });

  it("repeat repeats each element (numpy.repeat), the flattened tensor without an axis", () => {
    st.tidy(() => {
      expect(st.repeat(m(), 2).toArray()).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
      expect(st.repeat(m(), 2, 0).toArray()).toEqual([[1, 2, 3], [1, 2, 3], [4, 5, 6], [4, 5, 6]]);
      expect(st.repeat(m(), 3, -1).toArray()).toEqual([[1, 1, 1, 2, 2, 2, 3, 3, 3], [4, 4, 4, 5, 5, 5, 6, 6, 6]]);
      expect(() => st.repeat(m(), -1)).toThrow(/repeats must be a non-negative integer/);
      expect(st.repeat(m(), [1, 0, 2], 1).toArray()).toEqual([[1, 3, 3], [4, 6, 6]]);
      expect(st.repeat(st.tensor([7, 8]), [3, 1]).toArray()).toEqual([7, 7, 7, 8]);
      expect(() => st.repeat(m(), [1, 2], 1)).toThrow(/2 counts for an axis of length 3/);
    });
  });

  it("pad in constant mode (numpy.pad)", () => {
    st.tidy(() => {
      expect(st.pad(st.tensor([1, 2]), [[1, 2]]).toArray()).toEqual([0, 1, 2, 0, 0]);
      expect(st.pad(m(), [[1, 0], [0, 1]], -1).toArray()).toEqual([[-1, -1, -1, -1], [1, 2, 3, -1], [4, 5, 6, -1]]);
      expect(st.pad(st.tensor([1], "int32"), [[0, 1]]).dtype).toBe("int32");
      expect(() => st.pad(m(), [[1, 1]])).toThrow(/one \[before, after\] pair per axis/);
    });
  });
});

describe("gradients (checkGradients, float64)", () => {
  const cases: [string, (x: st.Tensor) => st.Tensor, number[]][] = [
    ["flip", (x) => st.mul(st.flip(x, 0), st.arange(1, 13, 1, "float64").reshape([3, 4])), [3, 4]],
    ["tile", (x) => st.mul(st.tile(x, [2, 3]), st.arange(1, 25, 1, "float64").reshape([4, 6])), [2, 2]],
    ["repeat", (x) => st.mul(st.repeat(x, 2, 1), st.arange(1, 13, 1, "float64").reshape([2, 6])), [2, 3]],
    ["repeat counts", (x) => st.mul(st.repeat(x, [2, 0, 1], 0), 3), [3, 2]],
    ["pad", (x) => st.mul(st.pad(x, [[1, 1], [2, 0]]), st.arange(1, 21, 1, "float64").reshape([4, 5])), [2, 3]],
    ["split", (x) => st.mul(st.split(x, [1, 3], 1)[1], 3), [2, 4]],
    ["unstack", (x) => st.mul(st.unstack(x, 1)[2], 2), [3, 4]],
  ];
  it.each(cases)("%s", (_name, f, shape) => {
    st.tidy(() => {
      const x = st.randomUniform(shape, { min: -1, max: 1, seed: 3, dtype: "float64" });
      const r = st.checkGradients((t) => st.sum(f(t)), [x]);
      expect(r.ok, r.message).toBe(true);
    });
  });
});
