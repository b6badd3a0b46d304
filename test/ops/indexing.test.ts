// gather, oneHot, booleanMask, get and Variable.set (#15): numpy.take's results on random
// shapes, axes, layouts and dtypes against a plain-JS reference; the scatter-add gradient
// (repeated indices add up); errors that name the bad index; set's copy-on-write.
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

/** numpy.take(values of shape, indices, axis) in plain JS. */
function takeRef(values: readonly number[], shape: readonly number[], indices: readonly number[], axis: number): { shape: number[]; values: number[] } {
  const n = shape[axis];
  const outShape = [...shape.slice(0, axis), indices.length, ...shape.slice(axis + 1)];
  const strides = shape.map((_, k) => sizeOfShape(shape.slice(k + 1)));
  const out: number[] = [];
  forEachIndex(outShape, (idx) => {
    const src = idx.slice();
    const i = indices[idx[axis]];
    src[axis] = i < 0 ? i + n : i;
    out.push(values[src.reduce((a, v, k) => a + v * strides[k], 0)]);
  });
  return { shape: outShape, values: out };
}

describe("gather (numpy.take)", () => {
  it("random shapes, axes, layouts, dtypes and index lists (negative and repeated indices)", () => {
    const rng = new TestRng(17);
    st.tidy(() => {
      for (let trial = 0; trial < 80; trial++) {
        const rank = rng.int(1, 3);
        const shape = Array.from({ length: rank }, () => rng.int(1, 5));
        const dtype = (["float32", "float64", "int32", "uint8", "bool"] as const)[rng.int(0, 4)];
        const values = Array.from({ length: sizeOfShape(shape) }, () => (dtype === "bool" ? rng.int(0, 1) : rng.int(0, 99)));
        const x = makeTensor(st, values, shape, LAYOUTS[rng.int(0, LAYOUTS.length - 1)], dtype);
        const axis = rng.int(-rank, rank - 1);
        const ax = axis < 0 ? axis + rank : axis;
        const indices = Array.from({ length: rng.int(0, 6) }, () => rng.int(-shape[ax], shape[ax] - 1));
        const want = takeRef(values, shape, indices, ax);
        const asTensor = rng.next() < 0.5;
        const got = st.gather(x, asTensor ? st.tensor(indices, "int32") : indices, axis);
        expect(got.shape).toEqual(want.shape);
        expect(got.dtype).toBe(dtype);
        expect(Array.from(got.data()), `${shape} axis ${axis} [${indices}] ${dtype}`).toEqual(want.values);
      }
      // An indices tensor of any shape replaces the axis by its shape.
      expect(st.gather(st.tensor([10, 20, 30]), st.tensor([[0, 2], [1, 1]], "int32")).toArray()).toEqual([[10, 30], [20, 20]]);
    });
  });

  it("rows of a big matrix (a batch), and bad indices are errors naming the index", () => {
    st.tidy(() => {
      const x = st.reshape(st.arange(6000), [1000, 6]);
      expect(st.gather(x, [999, 0, 500]).toArray()).toEqual([[5994, 5995, 5996, 5997, 5998, 5999], [0, 1, 2, 3, 4, 5], [3000, 3001, 3002, 3003, 3004, 3005]]);
      expect(() => st.gather(x, [1000])).toThrow(/index 1000 \(at position 0\) is out of range for an axis of length 1000/);
      expect(() => st.gather(x, [0, 1.5])).toThrow(/index 1.5/);
      expect(() => st.gather(x, st.tensor([0]))).toThrow(/indices must be int32/);
      expect(st.gather(x, new Int32Array([1])).shape).toEqual([1, 6]);
      expect(() => st.gather(x, [0], 2)).toThrow(st.AxisError);
    });
  });

  it("its gradient adds each row back where it came from; repeated indices add up", () => {
    st.tidy(() => {
      const x = st.variable(st.tensor([[1, 2], [3, 4], [5, 6]], "float64"));
      const tape = new st.GradientTape();
      const y = tape.record(() => st.sum(st.mul(st.gather(x, [2, 0, 2]), st.tensor([[1, 1], [10, 10], [100, 100]], "float64"))));
      expect(tape.gradient(y, x)!.toArray()).toEqual([[10, 10], [0, 0], [101, 101]]);
      x.dispose();
      const r = st.checkGradients((t) => st.sum(st.square(st.gather(t, [1, -1, 1], 1))), [st.randomUniform([2, 3, 2], { seed: 4, dtype: "float64" })]);
      expect(r.ok, r.message).toBe(true);
    });
  });
});

describe("oneHot, booleanMask, get, set", () => {
  it("oneHot: a new last axis, rows of zeros for out-of-range indices", () => {
    st.tidy(() => {
      expect(st.oneHot([0, 2, 1], 3).toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
      expect(st.oneHot(st.tensor([[1], [5]], "int32"), 2, "int32").toArray()).toEqual([[[0, 1]], [[0, 0]]]);
      expect(st.oneHot([1], 2).dtype).toBe("float32");
      expect(() => st.oneHot([1], -1)).toThrow(/depth/);
      expect(() => st.oneHot([0.5], 2)).toThrow(/^oneHot: index 0.5 \(at position 0\) is not an int32/);
      expect(st.oneHot(new Int32Array([1, 0]), 2).toArray()).toEqual([[0, 1], [1, 0]]);
    });
  });

  it("booleanMask picks elements or rows where the mask holds, in row-major order", () => {
    st.tidy(() => {
      const x = st.tensor([[1, 2, 3], [4, 5, 6]]);
      expect(st.booleanMask(x, st.greater(x, 2)).toArray()).toEqual([3, 4, 5, 6]);
      expect(st.booleanMask(x, st.tensor([false, true])).toArray()).toEqual([[4, 5, 6]]);
      expect(st.booleanMask(x, st.tensor([false, false])).shape).toEqual([0, 3]);
      expect(() => st.booleanMask(x, st.tensor([true, false, true]))).toThrow(/does not match the leading axes/);
    });
  });

  it("get reads one element; Variable.set writes one, copying on write when a tape holds the value", () => {
    st.tidy(() => {
      const x = st.tensor([[1, 2], [3, 4]]);
      expect(x.get(1, 0)).toBe(3);
      expect(x.get(-1, -1)).toBe(4);
      expect(() => x.get(2, 0)).toThrow(/index 2 is out of range for axis 0 of length 2/);
      expect(() => x.get(0)).toThrow(/expected 2 indices/);
      const v = st.variable(st.tensor([1, 2, 3], "float64"));
      const tape = new st.GradientTape();
      const y = tape.record(() => st.sum(st.mul(v, v)));
      v.set(10, 1);
      expect(v.toArray()).toEqual([1, 10, 3]);
      expect(tape.gradient(y, v)!.toArray()).toEqual([2, 4, 6]); // the values the tape saw
      const before = st.memory();
      for (let i = 0; i < 50; i++) v.set(i, 0);
      expect(st.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes, storages: before.storages });
      const w = st.variable(st.tensor([1], "int32"));
      expect(() => w.set(0.5, 0)).toThrow(/set on variable 'Variable:\d+': 0.5 does not fit its dtype int32/);
      expect(() => w.set(1, 1)).toThrow(/index 1 is out of range/);
      w.dispose();
      v.dispose();
    });
  });
});
