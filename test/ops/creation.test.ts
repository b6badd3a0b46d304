import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as st from "../../src/index.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  // Every test cleans up after itself (inside tidy or by dispose).
  expect(st.memory().tensors).toBe(baseline);
});

describe("tensor()", () => {
  it("from a number: a 0-d float32 tensor", () => {
    st.tidy(() => {
      const t = st.tensor(2.5);
      expect(t.shape).toEqual([]);
      expect(t.strides).toEqual([]);
      expect(t.rank).toBe(0);
      expect(t.size).toBe(1);
      expect(t.dtype).toBe("float32");
      expect(t.item()).toBe(2.5);
      expect(t.toArray()).toBe(2.5);
      expect(Array.from(t.data())).toEqual([2.5]);
      expect(st.tensor(0.1).item()).toBe(Math.fround(0.1));
    });
  });

  it("from nested arrays: shape inferred, values row-major", () => {
    st.tidy(() => {
      const t = st.tensor([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      expect(t.shape).toEqual([2, 3]);
      expect(t.strides).toEqual([3, 1]);
      expect(t.size).toBe(6);
      expect(t.rank).toBe(2);
      expect(Array.from(t.data())).toEqual([0, 1, 2, 3, 4, 5]);
      expect(t.toArray()).toEqual([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      const deep = st.tensor([[[[1], [2]]], [[[3], [4]]]]);
      expect(deep.shape).toEqual([2, 1, 2, 1]);
      expect(Array.from(deep.data())).toEqual([1, 2, 3, 4]);
    });
  });

  it("from empty nested arrays, like numpy", () => {
    st.tidy(() => {
      expect(st.tensor([]).shape).toEqual([0]);
      expect(st.tensor([[]]).shape).toEqual([1, 0]);
      expect(st.tensor([[], []]).shape).toEqual([2, 0]);
      expect(st.tensor([[], []]).toArray()).toEqual([[], []]);
      expect(st.tensor([]).toArray()).toEqual([]);
    });
  });

  it("from nested TypedArrays", () => {
    st.tidy(() => {
      const t = st.tensor([new Float32Array([1, 2]), new Float32Array([3, 4])]);
      expect(t.shape).toEqual([2, 2]);
      expect(Array.from(t.data())).toEqual([1, 2, 3, 4]);
    });
  });

  it("from a flat array with a shape, including [] for 0-d", () => {
    st.tidy(() => {
      const t = st.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
      expect(t.shape).toEqual([3, 2]);
      expect(t.toArray()).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      const s = st.tensor([7], []);
      expect(s.shape).toEqual([]);
      expect(s.toArray()).toBe(7);
      expect(st.tensor(7, [1, 1]).toArray()).toEqual([[7]]);
      expect(st.tensor([[1, 2], [3, 4]], [4]).shape).toEqual([4]);
      expect(st.tensor([], [0, 5]).shape).toEqual([0, 5]);
    });
  });

  it("from TypedArrays: Float32Array and other arrays give float32, Float64Array keeps float64, Int32Array int32, Uint8Array uint8", () => {
    st.tidy(() => {
      const f32 = st.tensor(new Float32Array([1.5, -2]));
      expect(f32.dtype).toBe("float32");
      expect(f32.shape).toEqual([2]);
      const f64 = st.tensor(new Float64Array([0.1, 1e300, -0]));
      expect(f64.dtype).toBe("float64");
      const d64 = f64.data();
      expect(d64).toBeInstanceOf(Float64Array);
      expect(Array.from(d64)).toEqual([0.1, 1e300, -0]);
      expect(Object.is(d64[2], -0)).toBe(true);
      const i32 = st.tensor(new Int32Array([1, -2, 2147483647]));
      expect(i32.dtype).toBe("int32");
      expect(i32.data()).toBeInstanceOf(Int32Array);
      expect(Array.from(i32.data())).toEqual([1, -2, 2147483647]);
      const u8 = st.tensor(new Uint8Array([1, 255]));
      expect(u8.dtype).toBe("uint8");
      expect(Array.from(u8.data())).toEqual([1, 255]);
      expect(st.tensor(new Float64Array([1, 2, 3, 4]), [2, 2]).dtype).toBe("float64");
    });
  });

  it("an explicit dtype converts the values (exact integers into int32; floats round to float32)", () => {
    st.tidy(() => {
      const a = st.tensor([1, -1, 2, 2 ** 31 - 1, -(2 ** 31)], undefined, "int32");
      expect(a.dtype).toBe("int32");
      expect(Array.from(a.data())).toEqual([1, -1, 2, 2 ** 31 - 1, -(2 ** 31)]);
      expect(st.tensor(new Float64Array([3, -4]), undefined, "int32").toArray()).toEqual([3, -4]);
      const b = st.tensor(new Float64Array([0.1]), undefined, "float32");
      expect(b.dtype).toBe("float32");
      expect(b.item()).toBe(Math.fround(0.1));
      const c = st.tensor([0.1], [1], "float64");
      expect(c.dtype).toBe("float64");
      expect(c.item()).toBe(0.1);
      expect(st.tensor(3, [], "int32").toArray()).toBe(3);
    });
  });

  it("copies its input: later changes to the source array do not reach the tensor", () => {
    st.tidy(() => {
      const src = new Float32Array([1, 2, 3]);
      const t = st.tensor(src);
      src[0] = 99;
      expect(Array.from(t.data())).toEqual([1, 2, 3]);
    });
  });

  it("from a tensor: a copy, reshaped and converted on request", () => {
    st.tidy(() => {
      const x = st.tensor([[1, 2], [3, 4]]);
      const y = st.tensor(x);
      expect(y).not.toBe(x);
      expect(y.toArray()).toEqual(x.toArray());
      x.dispose();
      expect(y.toArray()).toEqual([[1, 2], [3, 4]]);
      const z = st.tensor(y, [4], "int32");
      expect(z.shape).toEqual([4]);
      expect(z.dtype).toBe("int32");
      expect(Array.from(z.data())).toEqual([1, 2, 3, 4]);
    });
  });

  it("rejects a size mismatch with the shape (ShapeError naming both)", () => {
    expect(() => st.tensor([1, 2, 3], [2, 2])).toThrow(st.ShapeError);
    expect(() => st.tensor([1, 2, 3], [2, 2])).toThrow(/3 values.*\(2, 2\)/);
    expect(() => st.tensor(5, [2])).toThrow(st.ShapeError);
    expect(() => st.tensor([1, 2], [])).toThrow(st.ShapeError);
    expect(() => st.tensor([1, 2], [-1, 2])).toThrow(st.ShapeError);
    expect(() => st.tensor([1, 2], [2.5])).toThrow(st.ShapeError);
  });

  it.each([
    ["a row too short", [[1, 2], [3]]],
    ["a row too long", [[1, 2], [3, 4, 5]]],
    ["a number where a row belongs", [[1, 2], 3]],
    ["an array where a number belongs", [1, [2, 3]]],
    ["ragged deeper down", [[[1, 2], [3, 4]], [[5, 6], [7]]]],
    ["an empty row among full ones", [[1], []]],
  ])("rejects ragged nested arrays (%s) with a ShapeError that says where", (_what, values) => {
    let error: unknown;
    try {
      st.tensor(values as number[][]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(st.ShapeError);
    expect((error as Error).message).toMatch(/ragged/);
    expect((error as Error).message).toMatch(/values\[\d\]/);
  });

  it.each([
    ["a string", [1, "2"]],
    ["null", [[1, 2], [3, null]]],
    ["undefined", [1, undefined]],
    ["an object", [{}, 1]],
    ["a bigint", [1n, 2n]],
  ])("rejects non-numeric nested values (%s) with an InvalidArgumentError that says where", (_what, values) => {
    let error: unknown;
    try {
      st.tensor(values as unknown as number[]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(st.InvalidArgumentError);
    expect((error as Error).message).toMatch(/non-numeric/);
    expect((error as Error).message).toMatch(/values\[\d\]/);
  });

  it.each([
    [[1, undefined], "values[1]", "undefined"],
    [[[1, 2], [3, null]], "values[1][1]", "null"],
    [[1, "2"], "values[1]", 'string "2"'],
  ])("names the index and the value once: %j", (values, where, value) => {
    const message = (() => {
      try {
        st.tensor(values as unknown as number[]);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toBe(`tensor: non-numeric value ${value} at ${where}`);
  });

  it("takes a dtype as the second argument when there is no shape", () => {
    st.tidy(() => {
      const t = st.tensor([1, 2, 3], "int32");
      expect(t.dtype).toBe("int32");
      expect(t.shape).toEqual([3]);
      expect(st.tensor([[1.5]], "float64").toArray()).toEqual([[1.5]]);
      expect(st.tensor(new Float32Array([1, 2]), "float64").dtype).toBe("float64");
      expect(st.tensor(st.tensor([1.7]), "int32").toArray()).toEqual([1]);
    });
    expect(() => st.tensor([1], "int8" as st.DType)).toThrow(st.DTypeError);
    expect(() => st.tensor([1], "int8" as st.DType)).toThrow(/^tensor: unknown dtype "int8"/);
    const both = () => st.tensor([1], "int32" as unknown as number[], "float32");
    expect(both).toThrow(st.InvalidArgumentError);
    expect(both).toThrow(/call tensor\(values, shape, dtype\)/);
  });

  it.each([["abc"], [null], [undefined], [{ length: 2 }]])("rejects %j as values with an InvalidArgumentError", (v) => {
    expect(() => st.tensor(v as unknown as number)).toThrow(st.InvalidArgumentError);
  });

  it("rejects a bigint as values with an InvalidArgumentError", () => {
    expect(() => st.tensor(5n as unknown as number)).toThrow(st.InvalidArgumentError);
  });

  it("rejects an unknown dtype with a DTypeError naming it", () => {
    expect(() => st.tensor([1], undefined, "float16" as st.DType)).toThrow(st.DTypeError);
    expect(() => st.tensor([1], undefined, "float16" as st.DType)).toThrow(/float16/);
    expect(() => st.tensor(1, [], "int8" as st.DType)).toThrow(st.DTypeError);
    expect(() => st.tensor(new Float32Array(2), undefined, "uint16" as st.DType)).toThrow(st.DTypeError);
  });
});

describe("zeros, ones, full", () => {
  it("fill every element, for every dtype and shape (including 0-d and empty)", () => {
    st.tidy(() => {
      for (const dtype of ["float32", "float64", "int32"] as const) {
        for (const shape of [[], [0], [1], [5], [2, 3], [3, 0, 2], [17, 3]]) {
          const size = shape.reduce((a, b) => a * b, 1);
          const z = st.zeros(shape, dtype);
          expect(z.shape).toEqual(shape);
          expect(z.dtype).toBe(dtype);
          expect(Array.from(z.data())).toEqual(new Array(size).fill(0));
          expect(Array.from(st.ones(shape, dtype).data())).toEqual(new Array(size).fill(1));
          const v = dtype === "int32" ? -7 : 0.1;
          const want = dtype === "float32" ? Math.fround(v) : v;
          expect(Array.from(st.full(shape, v, dtype).data())).toEqual(new Array(size).fill(want));
        }
      }
      expect(st.zeros([2]).dtype).toBe("float32");
      expect(Array.from(st.full([3], NaN).data()).every(Number.isNaN)).toBe(true);
      expect(Array.from(st.full([2], -Infinity).data())).toEqual([-Infinity, -Infinity]);
      expect(Object.is(st.full([1], -0).data()[0], -0)).toBe(true);
      expect(Object.is(st.full([1], -0, "float64").data()[0], -0)).toBe(true);
    });
  });

  it("full fills float32 with the value rounded to float32 and float64 exactly", () => {
    st.tidy(() => {
      expect(st.full([5], 1 / 3).data()[4]).toBe(Math.fround(1 / 3));
      expect(st.full([5], 1 / 3, "float64").data()[4]).toBe(1 / 3);
    });
  });

  it("reject bad shapes, values and dtypes", () => {
    expect(() => st.zeros([-1])).toThrow(st.ShapeError);
    expect(() => st.zeros([2.5])).toThrow(st.ShapeError);
    expect(() => st.zeros("3" as unknown as number[])).toThrow(st.ShapeError);
    expect(() => st.ones([2], "complex64" as st.DType)).toThrow(st.DTypeError);
    expect(() => st.full([2], "1" as unknown as number)).toThrow(st.InvalidArgumentError);
    expect(() => st.full([2], 1, "float16" as st.DType)).toThrow(/float16/);
  });

  it("errors name the function called, not the one it delegates to", () => {
    expect(() => st.zeros([-1])).toThrow(/^zeros: shape/);
    expect(() => st.ones([2.5])).toThrow(/^ones: shape/);
    expect(() => st.full([-1], 1)).toThrow(/^full: shape/);
    expect(() => st.zeros([2], "int8" as st.DType)).toThrow(/^zeros: unknown dtype "int8"/);
    expect(() => st.ones([2], "int8" as st.DType)).toThrow(/^ones: unknown dtype/);
    expect(() => st.arange(3, undefined, 1, "int8" as st.DType)).toThrow(/^arange: unknown dtype/);
    expect(() => st.linspace(0, 1, 3, "int8" as st.DType)).toThrow(/^linspace: unknown dtype/);
    expect(() => st.eye(2, 2, "int8" as st.DType)).toThrow(/^eye: unknown dtype/);
    expect(() => st.randomUniform([2], { dtype: "int8" as st.DType })).toThrow(/^randomUniform: unknown dtype/);
    expect(() => st.randomNormal([2], { dtype: "int8" as st.DType })).toThrow(/^randomNormal: unknown dtype/);
  });
});

describe("arange (numpy semantics)", () => {
  it.each([
    [[5], [0, 1, 2, 3, 4]],
    [[1, 2, 0.25], [1, 1.25, 1.5, 1.75]],
    [[5, 0, -1], [5, 4, 3, 2, 1]],
    [[0, -3, -0.5], [0, -0.5, -1, -1.5, -2, -2.5]],
    [[0.5, 3], [0.5, 1.5, 2.5]],
    [[2, 2], []],
    [[5, 2], []],
    [[0], []],
    [[-3], []],
    [[0, 5, 2], [0, 2, 4]],
    [[0, 1, 0.1], [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9]],
    [[1, 1.3, 0.1], [1, 1.1, 1.2000000000000002, 1.3000000000000003]], // numpy's ceil((stop-start)/step) length
  ])("arange(%j) is %j", (args, expected) => {
    st.tidy(() => {
      const t = (st.arange as unknown as (...a: number[]) => st.Tensor)(...args);
      expect(t.shape).toEqual([expected.length]);
      expect(t.dtype).toBe("float32");
      expect(Array.from(t.data())).toEqual(expected.map(Math.fround));
    });
  });

  it("takes a dtype", () => {
    st.tidy(() => {
      const i = st.arange(0, 5, 1, "int32");
      expect(i.dtype).toBe("int32");
      expect(Array.from(i.data())).toEqual([0, 1, 2, 3, 4]);
      const d = st.arange(0, 1, 0.1, "float64");
      expect(d.dtype).toBe("float64");
      expect(d.data()[3]).toBe(0.30000000000000004);
    });
  });

  it("rejects a zero step and non-finite bounds", () => {
    expect(() => st.arange(0, 5, 0)).toThrow(st.InvalidArgumentError);
    expect(() => st.arange(0, 5, 0)).toThrow(/step/);
    expect(() => st.arange(NaN)).toThrow(st.InvalidArgumentError);
    expect(() => st.arange(0, Infinity)).toThrow(st.InvalidArgumentError);
    expect(() => st.arange(0, 1, NaN)).toThrow(st.InvalidArgumentError);
    expect(() => st.arange(0, 3, 1, "int16" as st.DType)).toThrow(st.DTypeError);
  });
});

describe("creation is exact or it errors (JS values into int32)", () => {
  it.each([
    [[2 ** 31], "values[0] = 2147483648"],
    [[0, -(2 ** 31) - 1], "values[1] = -2147483649"],
    [[[1, 2], [3, 1.5]], "values[1][1] = 1.5"],
    [[NaN], "values[0] = NaN"],
    [[1, Infinity], "values[1] = Infinity"],
    [new Float32Array([1, 2.5]), "values[1] = 2.5"],
  ])("tensor(%j, int32) raises naming the first bad value and its index", (values, named) => {
    let message = "";
    try {
      st.tensor(values as number[], undefined, "int32");
    } catch (e) {
      expect(e).toBeInstanceOf(st.InvalidArgumentError);
      message = (e as Error).message;
    }
    expect(message).toContain(named);
    expect(message).toMatch(/not an int32/);
  });

  it("full / zeros / ones: an int32 fill value must be an int32", () => {
    for (const bad of [NaN, 2 ** 31, 0.5, -Infinity]) {
      expect(() => st.full([2], bad, "int32"), String(bad)).toThrow(/^full: .* is not an int32/);
    }
    st.tidy(() => expect(st.full([2], -7, "int32").toArray()).toEqual([-7, -7]));
  });

  it("astype still truncates: the way to convert floats on purpose", () => {
    st.tidy(() => expect(st.tensor([1.7, -1.7]).astype("int32").toArray()).toEqual([1, -1]));
  });
});
