import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../src/index.js";
import { makeTensor } from "./helpers/layouts.js";
import { float32Values } from "./helpers/prng.js";
import { BINARY_OPS, UNARY_OPS, binaryRef, expectSameValues, unaryRef } from "./helpers/reference.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

describe("Tensor metadata", () => {
  it("shape, strides (in elements), size, rank, dtype", () => {
    st.tidy(() => {
      const t = st.zeros([2, 3, 4]);
      expect(t).toBeInstanceOf(st.Tensor);
      expect(t.shape).toEqual([2, 3, 4]);
      expect(t.strides).toEqual([12, 4, 1]);
      expect(t.size).toBe(24);
      expect(t.rank).toBe(3);
      expect(t.dtype).toBe("float32");
      const e = st.zeros([3, 0]);
      expect(e.size).toBe(0);
      expect(e.rank).toBe(2);
      const f = st.zeros([2, 2], "float64");
      expect(f.strides).toEqual([2, 1]); // elements, not bytes
    });
  });

  it("shape is not aliased to the caller's array", () => {
    st.tidy(() => {
      const shape = [2, 3];
      const t = st.zeros(shape);
      shape[0] = 7;
      expect(t.shape).toEqual([2, 3]);
      const u = st.tensor([1, 2, 3, 4, 5, 6], shape.slice(1).concat([2]));
      expect(u.shape).toEqual([3, 2]);
    });
  });
});

describe("metadata is immutable (#14, class 2)", () => {
  /** One result of each kind of op: creation, element-wise, views, reductions, joins, linalg, casts. */
  function results(): [string, st.Tensor][] {
    const x = st.tensor([[1, 2, 3], [4, 5, 6]]);
    return [
      ["tensor", x],
      ["zeros", st.zeros([2, 3])],
      ["add", st.add(x, x)],
      ["relu (same layout as its operand)", st.relu(x)],
      ["broadcast add", st.add(x, st.tensor([1, 2, 3]))],
      ["transpose", st.transpose(x)],
      ["reshape", st.reshape(x, [3, 2])],
      ["reshape copy", st.reshape(st.transpose(x), [6])],
      ["expandDims", st.expandDims(x, 0)],
      ["squeeze", st.squeeze(st.expandDims(x, 0))],
      ["broadcastTo", st.broadcastTo(x, [4, 2, 3])],
      ["slice", st.slice(x, [0, 1])],
      ["stridedSlice", st.stridedSlice(x, [null, null], [null, null], [1, -1])],
      ["stopGradient", st.stopGradient(x)],
      ["sum", st.sum(x, 0)],
      ["argmax", st.argmax(x, 1)],
      ["concat", st.concat([x, x], 1)],
      ["matmul", st.matmul(x, st.transpose(x))],
      ["astype", st.astype(x, "int32")],
      ["variable", st.variable(x)],
    ];
  }

  it("shape and strides of every kind of result are frozen, and writes through them change nothing", () => {
    st.tidy(() => {
      for (const [name, t] of results()) {
        const shape = t.shape.slice(), strides = t.strides.slice(), values = t.toArray();
        expect(Object.isFrozen(t.shape), name).toBe(true);
        expect(Object.isFrozen(t.strides), name).toBe(true);
        expect(() => (t.shape as number[]).push(1), name).toThrow(TypeError);
        if (t.rank >= 2) expect(() => (t.shape as number[]).reverse(), name).toThrow(TypeError);
        expect(() => ((t.shape as number[])[0] = 12), name).toThrow(TypeError);
        expect(() => (t.strides as number[]).fill(0), name).toThrow(TypeError);
        expect(() => ((t as { shape: unknown }).shape = [99]), name).toThrow(TypeError);
        expect(t.shape, name).toEqual(shape);
        expect(t.strides, name).toEqual(strides);
        expect(t.toArray(), name).toEqual(values);
        if (t instanceof st.Variable) t.dispose(); // variables outlive tidy
      }
    });
  });

  it("a variable whose shape someone tried to change still assigns only into its own block", () => {
    st.tidy(() => {
      const v = st.variable(st.ones([4]));
      const neighbour = st.full([16], 7);
      expect(() => ((v.shape as number[])[0] = 12)).toThrow(TypeError);
      expect(() => v.assign(st.ones([12]))).toThrow(/shape/);
      v.assign(st.full([4], 2));
      expect(Array.from(v.data())).toEqual([2, 2, 2, 2]);
      expect(Array.from(neighbour.data())).toEqual(new Array(16).fill(7));
      v.dispose();
    });
  });

  it("reading shape twice gives the same array (no copy per read)", () => {
    st.tidy(() => {
      const t = st.zeros([2, 3]);
      expect(t.shape).toBe(t.shape);
      expect(t.strides).toBe(t.strides);
    });
  });
});

describe("reading values out", () => {
  it("data() is a fresh row-major copy (not a view of wasm memory) of any view", () => {
    st.tidy(() => {
      const t = st.tensor([[1, 2, 3], [4, 5, 6]]);
      const d = t.data();
      expect(d).toBeInstanceOf(Float32Array);
      expect(d.length).toBe(6);
      expect(d.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(d.byteLength).toBe(24);
      d[0] = 100;
      expect(t.data()[0]).toBe(1);
      expect(t.data()).not.toBe(t.data());
      expect(Array.from(st.transpose(t).data())).toEqual([1, 4, 2, 5, 3, 6]);
      const b = st.broadcastTo(st.tensor([7, 8]), [3, 2]);
      expect(Array.from(b.data())).toEqual([7, 8, 7, 8, 7, 8]);
      expect(st.zeros([0, 4]).data()).toHaveLength(0);
    });
  });

  it("toArray() nests by shape; a 0-d tensor gives a number; empty axes give empty arrays", () => {
    st.tidy(() => {
      expect(st.arange(6).reshape([3, 2]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(st.arange(8).reshape([2, 2, 2]).toArray()).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
      expect(st.tensor(3.5).toArray()).toBe(3.5);
      expect(st.zeros([2, 0]).toArray()).toEqual([[], []]);
      expect(st.zeros([0, 2]).toArray()).toEqual([]);
      expect(st.transpose(st.arange(6).reshape([2, 3])).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    });
  });

  it("item() returns the only element, of any one-element shape", () => {
    st.tidy(() => {
      expect(st.tensor(4.5).item()).toBe(4.5);
      expect(st.tensor([[[-2]]]).item()).toBe(-2);
      expect(st.tensor(new Float64Array([0.1])).item()).toBe(0.1);
      expect(st.broadcastTo(st.tensor(3), [1, 1]).item()).toBe(3);
      expect(st.tensor(new Int32Array([-9])).item()).toBe(-9);
    });
  });

  it("item() of a tensor with more or fewer than one element is a ShapeError naming the shape", () => {
    st.tidy(() => {
      expect(() => st.tensor([1, 2]).item()).toThrow(st.ShapeError);
      expect(() => st.tensor([1, 2]).item()).toThrow(/\(2,\)/);
      expect(() => st.zeros([0]).item()).toThrow(st.ShapeError);
    });
  });
});

describe("copies", () => {
  it("clone() and contiguous() copy into fresh storage, even when already contiguous", () => {
    st.tidy(() => {
      const t = st.tensor([[1, 2], [3, 4]]);
      for (const copy of [() => t.clone(), () => t.contiguous()]) {
        const before = st.memory().storages;
        const c = copy();
        expect(st.memory().storages).toBe(before + 1);
        expect(c).not.toBe(t);
        expect(c.toArray()).toEqual([[1, 2], [3, 4]]);
        expect(c.dtype).toBe("float32");
      }
    });
  });

  it("a copy outlives the original; the original outlives the copy", () => {
    const t = st.tensor([1, 2, 3]);
    const c = t.clone();
    t.dispose();
    expect(Array.from(c.data())).toEqual([1, 2, 3]);
    const d = c.contiguous();
    c.dispose();
    expect(Array.from(d.data())).toEqual([1, 2, 3]);
    d.dispose();
  });

  it("contiguous() of any view is row-major with the same values", () => {
    st.tidy(() => {
      for (const layout of ["transposed", "strided", "reversed", "offset"] as const) {
        const v = float32Values(12, 5);
        const t = makeTensor(st, v, [3, 4], layout);
        const c = t.contiguous();
        expect(c.shape).toEqual([3, 4]);
        expect(c.strides).toEqual([4, 1]);
        expectSameValues(c.data(), v, layout);
        expectSameValues(t.clone().data(), v, layout);
      }
      const b = st.broadcastTo(st.tensor([[1], [2]]), [2, 3]).contiguous();
      expect(b.strides).toEqual([3, 1]);
      expect(b.toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    });
  });

  it("float64 and int32 tensors copy bit-exactly (64-bit and 32-bit layout kernels)", () => {
    st.tidy(() => {
      const f = st.tensor(new Float64Array([0.1, -0, 1e-310, NaN, 2 ** 53 + 2, -Infinity]), [2, 3]);
      const ft = st.transpose(f).contiguous();
      expect(ft.dtype).toBe("float64");
      const fd = ft.data();
      expect(Array.from(fd)).toEqual([0.1, NaN, -0, 2 ** 53 + 2, 1e-310, -Infinity]);
      expect(Object.is(fd[2], -0)).toBe(true);
      const i = st.tensor(new Int32Array([1, -2, 3, 2147483647, -2147483648, 0]), [3, 2]);
      expect(Array.from(st.transpose(i).clone().data())).toEqual([1, 3, -2147483648, -2, 2147483647, 0]);
    });
  });
});

describe("astype", () => {
  it("converts between dtypes (float to int32 truncates toward zero), always copying", () => {
    st.tidy(() => {
      const t = st.tensor([1.7, -1.7, 2.5, -0.5]);
      const i = t.astype("int32");
      expect(i.dtype).toBe("int32");
      expect(Array.from(i.data())).toEqual([1, -1, 2, 0]);
      const d = t.astype("float64");
      expect(d.dtype).toBe("float64");
      expect(Array.from(d.data())).toEqual([Math.fround(1.7), Math.fround(-1.7), 2.5, -0.5]);
      const back = st.astype(d, "float32");
      expect(Array.from(back.data())).toEqual(Array.from(t.data()));
      const same = t.astype("float32");
      expect(same).not.toBe(t);
      t.dispose();
      expect(same.size).toBe(4);
      expect(Array.from(same.data())).toEqual([1.7, -1.7, 2.5, -0.5].map(Math.fround));
      // A transposed view converts in row-major order of the view.
      expect(st.transpose(st.tensor([[1.5, 2.5], [3.5, 4.5]])).astype("int32").toArray()).toEqual([[1, 3], [2, 4]]);
      expect(st.tensor(new Int32Array([7, -8])).astype("float32").toArray()).toEqual([7, -8]);
    });
  });

  it("rejects an unknown dtype with a DTypeError", () => {
    st.tidy(() => {
      expect(() => st.zeros([2]).astype("int8" as st.DType)).toThrow(st.DTypeError);
      expect(() => st.astype(st.zeros([2]), "uint16" as st.DType)).toThrow(/uint16/);
    });
  });
});

describe("dispose", () => {
  it("is idempotent, flips isDisposed, and frees the storage once", () => {
    const before = st.memory();
    const t = st.zeros([10]);
    expect(t.isDisposed).toBe(false);
    expect(st.memory().tensors).toBe(before.tensors + 1);
    expect(st.memory().bytes).toBe(before.bytes + 40);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    t.dispose();
    t.dispose();
    expect(st.memory().tensors).toBe(before.tensors);
    expect(st.memory().bytes).toBe(before.bytes);
    expect(st.memory().storages).toBe(before.storages);
    // Metadata stays readable.
    expect(t.shape).toEqual([10]);
    expect(t.dtype).toBe("float32");
  });

  it("any use of a disposed tensor throws DisposedTensorError naming the op and the shape", () => {
    const t = st.tensor([[1, 2], [3, 4]]);
    t.dispose();
    const uses: [string, () => unknown][] = [
      ["data", () => t.data()],
      ["toArray", () => t.toArray()],
      ["item", () => t.item()],
      ["clone", () => t.clone()],
      ["contiguous", () => t.contiguous()],
      ["toString", () => t.toString()],
      ["template string", () => `${t}`],
      ["astype", () => t.astype("float64")],
      ["reshape", () => t.reshape([4])],
      ["transpose", () => t.transpose()],
      ["expandDims", () => t.expandDims(0)],
      ["squeeze", () => t.squeeze()],
      ["broadcastTo", () => t.broadcastTo([2, 2, 2])],
      ["keep", () => st.keep(t)],
      ["tensor(t)", () => st.tensor(t)],
      ["naive.relu", () => st.naive.relu(t)],
      ["naive.add", () => st.naive.add(t, t)],
      ["naive.addMatrixAndVector", () => st.naive.addMatrixAndVector(t, st.zeros([2]))],
    ];
    for (const op of BINARY_OPS) {
      uses.push([`${op} (first)`, () => st[op](t, 1)]);
      uses.push([`${op} (second)`, () => st[op](1, t)]);
      uses.push([`${op} (tensor, tensor)`, () => st[op](st.zeros([2, 2]), t)]);
      uses.push([`${op} method`, () => t[op](1)]);
    }
    for (const op of UNARY_OPS) {
      uses.push([op, () => st[op](t)]);
      uses.push([`${op} method`, () => t[op]()]);
    }
    st.tidy(() => {
      for (const [name, use] of uses) {
        let error: unknown;
        try {
          use();
        } catch (e) {
          error = e;
        }
        expect(error, name).toBeInstanceOf(st.DisposedTensorError);
        expect((error as Error).message, name).toMatch(/disposed/);
        expect((error as Error).message, name).toContain("(2, 2)");
      }
    });
  });

  it("a disposed operand is detected before anything is allocated", () => {
    st.tidy(() => {
      const a = st.zeros([3]);
      const b = st.zeros([3]);
      b.dispose();
      const before = st.memory();
      expect(() => st.add(a, b)).toThrow(st.DisposedTensorError);
      expect(st.memory().tensors).toBe(before.tensors);
      expect(st.memory().storages).toBe(before.storages);
    });
  });

  it("a view whose base was disposed keeps working; the disposed base itself throws", () => {
    const base = st.tensor([[1, 2, 3], [4, 5, 6]]);
    const view = base.transpose();
    base.dispose();
    expect(() => base.toArray()).toThrow(st.DisposedTensorError);
    expect(view.toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    st.tidy(() => {
      expect(view.add(1).toArray()).toEqual([[2, 5], [3, 6], [4, 7]]);
      expect(view.reshape([6]).toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    });
    view.dispose();
  });
});

describe("method forms equal the functions", () => {
  it("binary, unary and movement methods", () => {
    st.tidy(() => {
      const av = float32Values(24, 1);
      const bv = float32Values(4, 2);
      const a = st.tensor(av, [2, 3, 4]);
      const b = st.tensor(bv, [4]);
      for (const op of BINARY_OPS) {
        const ref = binaryRef(op, av, [2, 3, 4], bv, [4]);
        expectSameValues(a[op](b).data(), ref.values, `a.${op}(b)`, true);
        expectSameValues(a[op](b).data(), st[op](a, b).data(), `a.${op}(b) vs st.${op}`);
        expectSameValues(a[op](2).data(), st[op](a, 2).data(), `a.${op}(2)`);
      }
      for (const op of UNARY_OPS) {
        expectSameValues(a[op]().data(), unaryRef(op, av), `a.${op}()`, true);
      }
      expect(a.reshape([6, 4]).shape).toEqual([6, 4]);
      expect(a.transpose().shape).toEqual([4, 3, 2]);
      expect(a.transpose([1, 0, 2]).shape).toEqual([3, 2, 4]);
      expect(a.expandDims(-1).shape).toEqual([2, 3, 4, 1]);
      expect(a.expandDims(1).squeeze().shape).toEqual([2, 3, 4]);
      expect(a.expandDims(0).squeeze(0).shape).toEqual([2, 3, 4]);
      expect(b.broadcastTo([3, 4]).strides).toEqual([0, 1]);
      expect(a.astype("int32").dtype).toBe("int32");
      // Chaining, as in the README: x.add(y).relu()
      const x = st.randomUniform([20, 100], { seed: 1 });
      const y = st.randomUniform([20, 100], { seed: 2, min: -1 });
      expectSameValues(x.add(y).relu().data(), st.relu(st.add(x, y)).data(), "x.add(y).relu()");
    });
  });
});

describe("JSON.stringify", () => {
  it("writes { dtype, shape, data } (row-major values), which tensor() reads back, for every dtype and layout", () => {
    st.tidy(() => {
      for (const dtype of ["float32", "float64", "int32"] as const) {
        const t = st.tensor([[1, 2, 3], [4, 5, 6]], undefined, dtype);
        for (const view of [t, st.transpose(t), st.stridedSlice(t, [null, null], [null, null], [1, -2]), st.tensor(7, [], dtype)]) {
          const json = JSON.parse(JSON.stringify(view));
          expect(Object.keys(json)).toEqual(["dtype", "shape", "data"]);
          expect(json).toEqual({ dtype, shape: view.shape, data: Array.from(view.data()) });
          expect(st.tensor(json.data, json.shape, json.dtype).toArray()).toEqual(view.toArray());
        }
      }
      expect(JSON.stringify({ w: st.tensor([0.5, NaN]) })).toBe('{"w":{"dtype":"float32","shape":[2],"data":[0.5,null]}}');
    });
  });

  it("of a disposed tensor throws DisposedTensorError", () => {
    const t = st.tensor([1]);
    t.dispose();
    expect(() => JSON.stringify(t)).toThrow(st.DisposedTensorError);
  });
});

describe("README example", () => {
  it("runs and gives the documented shapes", () => {
    st.tidy(() => {
      const x = st.randomUniform([20, 100], { seed: 1 });
      const y = st.randomUniform([20, 100], { seed: 2 });
      const z = st.relu(st.add(x, y));
      expect(z.shape).toEqual([20, 100]);
      expect(st.add(st.randomUniform([32, 10]), st.randomUniform([10])).shape).toEqual([32, 10]);
      expect(st.maximum(st.randomUniform([64, 3, 32, 10]), st.randomUniform([32, 10])).shape).toEqual([64, 3, 32, 10]);
      expect(st.tensor([[0, 1], [2, 3], [4, 5]]).reshape([6, 1]).toArray()).toEqual([[0], [1], [2], [3], [4], [5]]);
      expect(st.transpose(st.zeros([300, 20])).shape).toEqual([20, 300]);
    });
  });
});
