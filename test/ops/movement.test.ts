import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as st from "../../src/index.js";
import { fcParams } from "../helpers/fc.js";
import { broadcastOperand, LAYOUTS, makeTensor, type Layout } from "../helpers/layouts.js";
import { float32Values, TestRng } from "../helpers/prng.js";
import { dot, expandRef, expectSameValues, forEachIndex, rowMajorStrides, sizeOfShape, tupleString, unravel } from "../helpers/reference.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

/** Runs fn and returns how many storage blocks it added (0 for a view). */
function newStorages(fn: () => void): number {
  const before = st.memory().storages;
  fn();
  return st.memory().storages - before;
}

describe("reshape", () => {
  it("is a view of a contiguous tensor (no new storage), with one -1 inferred", () => {
    st.tidy(() => {
      const t = st.tensor([[0, 1], [2, 3], [4, 5]]);
      let r!: st.Tensor;
      expect(newStorages(() => (r = st.reshape(t, [6, 1])))).toBe(0);
      expect(r.shape).toEqual([6, 1]);
      expect(r.toArray()).toEqual([[0], [1], [2], [3], [4], [5]]);
      expect(st.reshape(t, [2, -1]).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
      expect(st.reshape(t, [-1]).shape).toEqual([6]);
      expect(st.reshape(t, [1, -1, 1]).shape).toEqual([1, 6, 1]);
      expect(st.reshape(st.tensor([5]), []).toArray()).toBe(5);
      expect(st.reshape(st.tensor(5), [1, 1]).toArray()).toEqual([[5]]);
      expect(st.reshape(st.zeros([0, 3]), [3, -1]).shape).toEqual([3, 0]);
    });
  });

  it("copies when the layout makes a view impossible (a transposed matrix flattened)", () => {
    st.tidy(() => {
      const t = st.transpose(st.tensor([[0, 1, 2], [3, 4, 5]])); // [[0,3],[1,4],[2,5]]
      let r!: st.Tensor;
      expect(newStorages(() => (r = st.reshape(t, [6])))).toBe(1);
      expect(Array.from(r.data())).toEqual([0, 3, 1, 4, 2, 5]);
      expect(r.strides).toEqual([1]);
      // Reshaping the transposed matrix to its own shape, or adding 1s, stays a view.
      expect(newStorages(() => st.reshape(t, [3, 2]))).toBe(0);
      expect(newStorages(() => st.reshape(t, [3, 1, 2]))).toBe(0);
      expect(st.reshape(t, [3, 1, 2]).toArray()).toEqual([[[0, 3]], [[1, 4]], [[2, 5]]]);
      // A broadcast view can only be flattened by copying.
      const b = st.broadcastTo(st.tensor([1, 2, 3]), [2, 3]);
      expect(newStorages(() => st.reshape(b, [6]))).toBe(1);
      expect(Array.from(st.reshape(b, [6]).data())).toEqual([1, 2, 3, 1, 2, 3]);
      expect(newStorages(() => st.reshape(b, [2, 3, 1]))).toBe(0);
    });
  });

  it("a copying reshape leaves no temporaries behind", () => {
    st.tidy(() => {
      const t = st.transpose(st.zeros([4, 5]));
      const before = st.memory();
      const r = st.reshape(t, [20]);
      const after = st.memory();
      expect(after.tensors - before.tensors).toBe(1);
      expect(after.storages - before.storages).toBe(1);
      r.dispose();
      expect(st.memory().storages).toBe(before.storages);
    });
  });

  it("property: reshape keeps the row-major values on every layout; it copies only when no view exists", () => {
    const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        layout: fc.constantFrom<Layout | "broadcast">(...LAYOUTS, "broadcast"),
        targetSeed: fc.nat(),
        seed: fc.integer({ min: 0, max: 1e6 }),
        minus: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ shape, layout, targetSeed, seed, minus }) => {
        st.tidy(() => {
          const rng = new TestRng(seed);
          let t: st.Tensor;
          let values: ArrayLike<number>;
          if (layout === "broadcast") {
            const op = broadcastOperand(st, shape, rng, (n) => float32Values(n, seed, false));
            t = op.tensor;
            values = op.values;
          } else {
            values = float32Values(sizeOfShape(shape), seed, false);
            t = makeTensor(st, values, shape, layout);
          }
          const target = randomFactorisation(sizeOfShape(shape), new TestRng(targetSeed));
          const requested = minus && target.length > 0 ? target.map((d, k) => (k === targetSeed % target.length ? -1 : d)) : target;
          let r!: st.Tensor;
          const added = newStorages(() => (r = st.reshape(t, requested)));
          expect(r.shape).toEqual(target);
          expectSameValues(r.data(), Float32Array.from(values), `reshape ${tupleString(shape)} (${layout}) to ${tupleString(requested)}`);
          // A view is possible iff the storage addresses, in the target's row-major order, are affine in the index.
          expect(added, `reshape ${tupleString(shape)} (${layout}, strides ${tupleString(t.strides)}) to ${tupleString(target)}`).toBe(
            viewPossible(t.shape, t.strides, target) ? 0 : 1,
          );
        });
      }),
      fcParams(300),
    );
  });

  it.each([
    [[2, 3], [4], /\(2, 3\).*\(4,\)/],
    [[2, 3], [-1, -1], /one unknown dimension/],
    [[2, 3], [4, -1], /cannot reshape/],
    [[2, 3], [-2, -3], /invalid dimension/],
    [[2, 3], [2, 3.5], /invalid dimension/],
  ])("reshape of %j into %j is a ShapeError (%s)", (shape, target, message) => {
    st.tidy(() => {
      const t = st.zeros(shape);
      expect(() => st.reshape(t, target)).toThrow(st.ShapeError);
      expect(() => st.reshape(t, target)).toThrow(message);
      expect(() => st.reshape(t, target)).toThrow(/reshape/);
    });
  });

  it("rejects a non-array shape", () => {
    st.tidy(() => {
      expect(() => st.reshape(st.zeros([2]), 2 as unknown as number[])).toThrow(st.ShapeError);
    });
  });
});

function randomFactorisation(n: number, rng: TestRng): number[] {
  const out: number[] = [];
  let rest = n;
  const rank = rng.int(0, 4);
  for (let k = 0; k < rank; k++) {
    const divisors: number[] = [];
    for (let d = 1; d <= rest; d++) if (rest % d === 0) divisors.push(d);
    const d = divisors[rng.int(0, divisors.length - 1)];
    out.push(d);
    rest /= d;
  }
  if (rest !== 1 || out.length === 0) out.push(rest);
  return out;
}

function viewPossible(shape: readonly number[], strides: readonly number[], target: number[]): boolean {
  const addr: number[] = [];
  forEachIndex(target, (_i, p) => addr.push(dot(unravel(p, shape), strides)));
  const ts = rowMajorStrides(target);
  let ok = true;
  forEachIndex(target, (idx, p) => {
    for (let k = 0; k < target.length; k++) {
      if (idx[k] + 1 < target[k] && addr[p + ts[k]] - addr[p] !== addr[ts[k]] - addr[0]) ok = false;
    }
  });
  return ok;
}

describe("transpose", () => {
  it("reverses the axes by default: a view with permuted strides", () => {
    st.tidy(() => {
      const t = st.zeros([300, 20]);
      let tt!: st.Tensor;
      expect(newStorages(() => (tt = st.transpose(t)))).toBe(0);
      expect(tt.shape).toEqual([20, 300]);
      expect(tt.strides).toEqual([1, 20]);
      const x = st.arange(24).reshape([2, 3, 4]);
      const xt = st.transpose(x);
      expect(xt.shape).toEqual([4, 3, 2]);
      expect(xt.strides).toEqual([1, 4, 12]);
      expect(st.transpose(st.tensor(3)).shape).toEqual([]);
      expect(st.transpose(st.tensor([1, 2])).toArray()).toEqual([1, 2]);
    });
  });

  it("property: transpose(t, perm) reads t[i[perm^-1]] (values through data() against the reference)", () => {
    const arb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 5 }).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        perm: fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }),
        negative: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
        layout: fc.constantFrom(...LAYOUTS),
        seed: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ shape, perm, negative, layout, seed }) => {
        st.tidy(() => {
          const values = float32Values(sizeOfShape(shape), seed);
          const t = makeTensor(st, values, shape, layout);
          const p = perm.map((a, k) => (negative[k] ? a - shape.length : a));
          const out = st.transpose(t, p);
          const outShape = perm.map((a) => shape[a]);
          expect(out.shape).toEqual(outShape);
          const inStrides = rowMajorStrides(shape);
          const want: number[] = [];
          forEachIndex(outShape, (idx) => {
            // out[idx] = t[j] with j[perm[k]] = idx[k]
            let flat = 0;
            for (let k = 0; k < perm.length; k++) flat += idx[k] * inStrides[perm[k]];
            want.push(values[flat]);
          });
          expectSameValues(out.data(), want, `transpose ${tupleString(shape)} by ${JSON.stringify(p)} (${layout})`);
        });
      }),
      fcParams(200),
    );
  });

  it("rejects bad permutations with an AxisError", () => {
    st.tidy(() => {
      const t = st.zeros([2, 3, 4]);
      expect(() => st.transpose(t, [0, 1])).toThrow(st.AxisError);
      expect(() => st.transpose(t, [0, 1, 1])).toThrow(st.AxisError);
      expect(() => st.transpose(t, [0, 1, 3])).toThrow(st.AxisError);
      expect(() => st.transpose(t, [0, 1, 3])).toThrow(/axis 3.*rank 3/);
      expect(() => st.transpose(t, [0, 1, 2, 3])).toThrow(st.AxisError);
    });
  });
});

describe("expandDims", () => {
  it("inserts a size-1 axis at every position, negative axes counting from the end (numpy)", () => {
    st.tidy(() => {
      const t = st.arange(6).reshape([2, 3]);
      const cases: [number, number[]][] = [
        [0, [1, 2, 3]],
        [1, [2, 1, 3]],
        [2, [2, 3, 1]],
        [-1, [2, 3, 1]],
        [-2, [2, 1, 3]],
        [-3, [1, 2, 3]],
      ];
      for (const [axis, shape] of cases) {
        let e!: st.Tensor;
        expect(newStorages(() => (e = st.expandDims(t, axis)))).toBe(0);
        expect(e.shape, `axis ${axis}`).toEqual(shape);
        expect(Array.from(e.data())).toEqual([0, 1, 2, 3, 4, 5]);
      }
      expect(st.expandDims(st.tensor(4), 0).toArray()).toEqual([4]);
      expect(st.expandDims(st.tensor(4), -1).shape).toEqual([1]);
      // On a transposed view the values follow the view.
      expect(st.expandDims(st.transpose(t), 1).toArray()).toEqual([[[0, 3]], [[1, 4]], [[2, 5]]]);
    });
  });

  it("rejects axes outside [-rank-1, rank] with an AxisError naming the axis", () => {
    st.tidy(() => {
      const t = st.zeros([2, 3]);
      expect(() => st.expandDims(t, 3)).toThrow(st.AxisError);
      expect(() => st.expandDims(t, 3)).toThrow(/axis 3/);
      expect(() => st.expandDims(t, -4)).toThrow(st.AxisError);
      expect(() => st.expandDims(t, 0.5)).toThrow(st.AxisError);
    });
  });
});

describe("squeeze", () => {
  it("removes every size-1 axis, or the given ones", () => {
    st.tidy(() => {
      const t = st.arange(6).reshape([1, 2, 1, 3, 1]);
      let s!: st.Tensor;
      expect(newStorages(() => (s = st.squeeze(t)))).toBe(0);
      expect(s.shape).toEqual([2, 3]);
      expect(s.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
      expect(st.squeeze(t, 0).shape).toEqual([2, 1, 3, 1]);
      expect(st.squeeze(t, 2).shape).toEqual([1, 2, 3, 1]);
      expect(st.squeeze(t, -1).shape).toEqual([1, 2, 1, 3]);
      expect(st.squeeze(t, [0, -1]).shape).toEqual([2, 1, 3]);
      expect(st.squeeze(st.tensor([[7]])).toArray()).toBe(7);
      expect(st.squeeze(st.tensor([[7]])).shape).toEqual([]);
      expect(st.squeeze(st.zeros([2, 3])).shape).toEqual([2, 3]);
    });
  });

  it("rejects squeezing an axis whose length is not 1 (ShapeError) or out of range (AxisError)", () => {
    st.tidy(() => {
      const t = st.zeros([1, 2, 1]);
      expect(() => st.squeeze(t, 1)).toThrow(st.ShapeError);
      expect(() => st.squeeze(t, 1)).toThrow(/axis 1.*\(1, 2, 1\)/);
      expect(() => st.squeeze(t, [0, 1])).toThrow(st.ShapeError);
      expect(() => st.squeeze(t, 3)).toThrow(st.AxisError);
      expect(() => st.squeeze(t, -4)).toThrow(st.AxisError);
    });
  });
});

describe("axis lists name each axis once", () => {
  it("squeeze of a repeated axis is an AxisError, as numpy's", () => {
    st.tidy(() => {
      const t = st.zeros([1, 2, 1]);
      expect(() => st.squeeze(t, [0, 0])).toThrow(st.AxisError);
      expect(() => st.squeeze(t, [0, -3])).toThrow(/repeated axis/);
      expect(st.squeeze(t, [0, 2]).shape).toEqual([2]);
    });
  });

  it("stack of nothing names stack", () => {
    expect(() => st.stack([])).toThrow(/^stack: expected a non-empty array/);
  });
});

describe("broadcastTo", () => {
  it("stretches size-1 and missing axes with stride 0, without copying", () => {
    st.tidy(() => {
      const row = st.tensor([1, 2, 3]);
      let b!: st.Tensor;
      expect(newStorages(() => (b = st.broadcastTo(row, [2, 3])))).toBe(0);
      expect(b.shape).toEqual([2, 3]);
      expect(b.strides).toEqual([0, 1]);
      expect(b.toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
      const col = st.broadcastTo(st.tensor([[1], [2]]), [2, 3]);
      expect(col.strides).toEqual([1, 0]);
      expect(col.toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
      const s = st.broadcastTo(st.tensor(5), [2, 2]);
      expect(s.strides).toEqual([0, 0]);
      expect(s.toArray()).toEqual([[5, 5], [5, 5]]);
      expect(st.broadcastTo(row, [3]).toArray()).toEqual([1, 2, 3]);
      expect(st.broadcastTo(st.tensor([1]), [0]).shape).toEqual([0]);
      expect(st.broadcastTo(st.zeros([0]), [4, 0]).shape).toEqual([4, 0]);
    });
  });

  it("property: values through data() equal the independent broadcast reference on every layout", () => {
    const arb = fc.array(fc.constantFrom(0, 1, 2, 3), { minLength: 0, maxLength: 4 }).chain((target) =>
      fc.record({
        target: fc.constant(target),
        drop: fc.integer({ min: 0, max: target.length }),
        ones: fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
        layout: fc.constantFrom(...LAYOUTS),
        seed: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ target, drop, ones, layout, seed }) => {
        st.tidy(() => {
          const shape = target.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
          const values = float32Values(sizeOfShape(shape), seed);
          const b = st.broadcastTo(makeTensor(st, values, shape, layout), target);
          expect(b.shape).toEqual(target);
          expectSameValues(b.data(), expandRef(values, shape, target), `broadcastTo ${tupleString(shape)} -> ${tupleString(target)}`);
        });
      }),
      fcParams(200),
    );
  });

  it.each([
    [[3], [2]],
    [[2, 3], [3, 3]],
    [[2, 3], [3]],
    [[3], [3, 2]],
    [[2], [0]],
  ])("%j to %j is a BroadcastError naming both shapes", (shape, target) => {
    st.tidy(() => {
      const t = st.zeros(shape);
      expect(() => st.broadcastTo(t, target)).toThrow(st.BroadcastError);
      expect(() => st.broadcastTo(t, target)).toThrow(tupleString(shape));
      expect(() => st.broadcastTo(t, target)).toThrow(tupleString(target));
    });
  });

  it("rejects a malformed target shape with a ShapeError", () => {
    st.tidy(() => {
      expect(() => st.broadcastTo(st.zeros([1]), [-1])).toThrow(st.ShapeError);
      expect(() => st.broadcastTo(st.zeros([1]), [1.5])).toThrow(st.ShapeError);
    });
  });
});

describe("views share storage and outlive their base", () => {
  it("every movement op is a view; disposing the base leaves the views working", () => {
    const base = st.tidy(() => st.arange(6).reshape([2, 3]));
    const before = st.memory().storages;
    const views = st.tidy(() => [
      st.reshape(base, [3, 2]),
      st.transpose(base),
      st.expandDims(base, 0),
      st.squeeze(st.expandDims(base, 1)), // the inner view is released by tidy
      st.broadcastTo(base, [4, 2, 3]),
    ]);
    expect(st.memory().storages).toBe(before);
    base.dispose();
    expect(base.isDisposed).toBe(true);
    expect(() => base.data()).toThrow(st.DisposedTensorError);
    expect(st.memory().storages).toBe(before); // the views still hold the block
    expect(views[0].toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(views[1].toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(views[2].toArray()).toEqual([[[0, 1, 2], [3, 4, 5]]]);
    st.tidy(() => {
      expect(st.add(views[3], 1).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
      expect(st.relu(views[4]).toArray()).toEqual(new Array(4).fill([[0, 1, 2], [3, 4, 5]]));
    });
    for (const v of views) v.dispose();
    expect(st.memory().storages).toBe(before - 1); // the last view let go: the block is freed
  });
});
