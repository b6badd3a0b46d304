// The one-byte dtypes (#15): bool and uint8 from creation to printing, numpy's promotion
// and conversions, and every existing op family on them (computed in int32, converted
// back with numpy's wrapping or x != 0), checked against plain-JS references.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { DTYPES, promoteTypes, type DType } from "../../src/dtype.js";
import { TestRng } from "../helpers/prng.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

/** numpy's conversion of one value to `dtype` (astype): truncation, uint8 wrapping, bool x != 0. */
function convertRef(v: number, dtype: DType): number {
  switch (dtype) {
    case "bool":
      return v !== 0 ? 1 : 0; // NaN !== 0: true, as numpy
    case "uint8":
      return (toInt32(v) & 255) >>> 0;
    case "int32":
      return toInt32(v);
    case "float32":
      return Math.fround(v);
    case "float64":
      return v;
  }
}

/** float → int32 as the cast kernels do: truncate toward zero, saturate, NaN → 0. */
function toInt32(v: number): number {
  if (Number.isNaN(v)) return 0;
  if (v >= 2 ** 31) return 2 ** 31 - 1;
  if (v < -(2 ** 31)) return -(2 ** 31);
  return Math.trunc(v) | 0;
}

describe("creation", () => {
  it("arrays of booleans are bool; toArray gives booleans back, data() a Uint8Array of 0/1", () => {
    st.tidy(() => {
      const b = st.tensor([[true, false], [false, true]]);
      expect(b.dtype).toBe("bool");
      expect(b.toArray()).toEqual([[true, false], [false, true]]);
      expect(b.data()).toBeInstanceOf(Uint8Array);
      expect(Array.from(b.data())).toEqual([1, 0, 0, 1]);
      const s = st.tensor(true);
      expect([s.dtype, s.rank, s.toArray()]).toEqual(["bool", 0, true]);
      expect(st.tensor([true, 2]).dtype).toBe("float32"); // mixed: numbers, bool as 0/1
      expect(st.tensor([1, 0, 1], "bool").toArray()).toEqual([true, false, true]);
    });
  });

  it("a Uint8Array keeps uint8; zeros, ones and full make both dtypes", () => {
    st.tidy(() => {
      const u = st.tensor(new Uint8Array([0, 7, 255]));
      expect(u.dtype).toBe("uint8");
      expect(Array.from(u.data())).toEqual([0, 7, 255]);
      expect(st.full([3], 200, "uint8").toArray()).toEqual([200, 200, 200]);
      expect(st.ones([2], "bool").toArray()).toEqual([true, true]);
      expect(st.zeros([2, 2], "bool").toArray()).toEqual([[false, false], [false, false]]);
      expect(st.eye(2, 2, "bool").toArray()).toEqual([[true, false], [false, true]]);
    });
  });

  it("values that do not fit are an error naming the first one and its index", () => {
    expect(() => st.tensor([1, 256], "uint8")).toThrow(/values\[1\] = 256 is not a uint8/);
    expect(() => st.tensor([[0], [-1]], "uint8")).toThrow(/values\[1\]\[0\] = -1 is not a uint8/);
    expect(() => st.tensor([0.5], "uint8")).toThrow(/uint8/);
    expect(() => st.tensor([0, 2], "bool")).toThrow(/values\[1\] = 2 is not a bool/);
    expect(() => st.full([2], 300, "uint8")).toThrow(/300 is not a uint8/);
    expect(() => st.full([2], 0.5, "bool")).toThrow(/not a bool/);
    expect(() => st.randomUniform([2], { dtype: "bool" })).toThrow(/bool/);
  });
});

describe("printing, as numpy", () => {
  it("bool as True/False, right-aligned; uint8 as integers", () => {
    st.tidy(() => {
      expect(st.tensor([true, false]).toString()).toBe("[ True False]");
      expect(st.tensor([[true], [false]]).toString()).toBe("[[ True]\n [False]]");
      expect(st.tensor(false).toString()).toBe("False");
      expect(st.tensor(new Uint8Array([1, 255])).toString()).toBe("[  1 255]");
      expect(st.tensor([true]).inspect()).toBe("Tensor([ True], shape=(1,), dtype=bool)");
      expect(st.tensor([true, true]).toString()).toBe("[ True  True]");
    });
  });
});

describe("astype between all five dtypes", () => {
  const SOURCES: Record<DType, number[]> = {
    float32: [0, -0, 1.5, -1.5, 255.9, 256, -257.5, 3e9, -3e9, NaN, Infinity, -Infinity, 0.25],
    float64: [0, 1e-300, -2.5, 511, 65535.5, 2 ** 40, NaN, -Infinity],
    int32: [0, 1, -1, 255, 256, -256, 2147483647, -2147483648, 300],
    uint8: [0, 1, 127, 128, 255],
    bool: [0, 1, 1, 0],
  };
  for (const from of DTYPES) {
    for (const to of DTYPES) {
      it(`${from} → ${to}, contiguous and strided`, () => {
        st.tidy(() => {
          const values = SOURCES[from];
          const src = st.astype(st.tensor(values, "float64"), from);
          const want = Array.from(src.data(), (v) => convertRef(v, to));
          expect(Array.from(st.astype(src, to).data()), "contiguous").toEqual(want);
          const reversed = st.stridedSlice(src, [null], [null], [-1]);
          expect(Array.from(st.astype(reversed, to).data()), "reversed view").toEqual(want.slice().reverse());
        });
      });
    }
  }
});

describe("promotion and element-wise ops", () => {
  it("promoteTypes follows the lattice bool < uint8 < int32 < float32 < float64", () => {
    const order: DType[] = ["bool", "uint8", "int32", "float32", "float64"];
    for (const a of order) for (const b of order) expect(promoteTypes(a, b), `${a} ⊕ ${b}`).toBe(order[Math.max(order.indexOf(a), order.indexOf(b))]);
  });

  it("bool ⊕ bool keeps numpy's results: add is or, mul is and, max/min or/and; sub and neg are errors", () => {
    st.tidy(() => {
      const a = st.tensor([true, true, false, false]), b = st.tensor([true, false, true, false]);
      expect(st.add(a, b).toArray()).toEqual([true, true, true, false]);
      expect(st.mul(a, b).toArray()).toEqual([true, false, false, false]);
      expect(st.maximum(a, b).toArray()).toEqual([true, true, true, false]);
      expect(st.minimum(a, b).toArray()).toEqual([true, false, false, false]);
      expect(st.add(a, b).dtype).toBe("bool");
      expect(() => st.sub(a, b)).toThrow(st.DTypeError);
      expect(() => st.neg(a)).toThrow(/negate/);
      expect(st.div(a, st.tensor([true, true, true, true])).toArray()).toEqual([1, 1, 0, 0]);
    });
  });

  it("uint8 arithmetic wraps as numpy's; mixed operands promote; weak scalars keep uint8 when they fit", () => {
    st.tidy(() => {
      const u = st.tensor(new Uint8Array([200, 3, 0, 255]));
      expect(Array.from(st.add(u, u).data())).toEqual([144, 6, 0, 254]);
      expect(Array.from(st.sub(st.tensor(new Uint8Array([1, 0, 0, 0])), u).data())).toEqual([57, 253, 0, 1]);
      expect(Array.from(st.neg(u).data())).toEqual([56, 253, 0, 1]);
      expect(st.add(u, 100).dtype).toBe("uint8");
      expect(Array.from(st.add(u, 100).data())).toEqual([44, 103, 100, 99]);
      expect(() => st.add(u, 256)).toThrow(/out of bounds for a uint8 tensor/);
      expect(() => st.add(u, -1)).toThrow(/out of bounds/);
      expect(st.add(u, 0.5).dtype).toBe("float32");
      expect(st.add(u, st.tensor([1, 1, 1, 1], "int32")).toArray()).toEqual([201, 4, 1, 256]);
      expect(st.add(u, st.ones([4])).dtype).toBe("float32");
      expect(st.sqrt(u).dtype).toBe("float32");
      expect(st.add(st.tensor([true, false]), 1).toArray()).toEqual([2, 1]);
      expect(st.add(st.tensor([true, false]), 1).dtype).toBe("int32");
    });
  });

  it("random programs: each op on bool/uint8 operands equals the int32 computation converted back", () => {
    const rng = new TestRng(11);
    const ops = ["add", "mul", "maximum", "minimum"] as const;
    st.tidy(() => {
      for (let trial = 0; trial < 40; trial++) {
        const dtype: DType = rng.int(0, 1) === 0 ? "uint8" : "bool";
        const n = rng.int(1, 40);
        const values = () => Array.from({ length: n }, () => (dtype === "bool" ? rng.int(0, 1) : rng.int(0, 255)));
        const a = st.tensor(values(), dtype), b = st.tensor(values(), dtype);
        for (const op of ops) {
          const got = st[op](st.transpose(a), b);
          const want = st[op](st.astype(a, "int32"), st.astype(b, "int32")).data();
          expect(got.dtype).toBe(dtype);
          expect(Array.from(got.data()), `${op} ${dtype}`).toEqual(Array.from(want, (v) => convertRef(v, dtype)));
        }
      }
    });
  });
});

describe("gradients stop at integers and bools", () => {
  it("nothing flows through a cast to bool or uint8; neither can be watched or checked", () => {
    st.tidy(() => {
      const x = st.tensor([0.5, 0, 2.7, -3.2]);
      for (const dtype of ["bool", "uint8", "int32"] as const) {
        expect(() => st.grad((a) => st.sum(st.astype(st.astype(a, dtype), "float32")))(x), dtype).toThrow(/not computed on this tape|unconnected|no path/);
        const tape = new st.GradientTape();
        expect(() => tape.watch(st.astype(x, dtype)), dtype).toThrow(new RegExp(`is ${dtype}; only float32 and float64`));
        tape.dispose();
        expect(() => st.checkGradients((a) => a, [st.astype(x, dtype)]), dtype).toThrow(st.DTypeError);
      }
    });
  });
});

describe("reductions, matmul and joins", () => {
  it("sum of bool counts in int32; mean is float32; max/min keep the dtype; argmax works", () => {
    st.tidy(() => {
      const b = st.tensor([[true, false, true], [true, true, true]]);
      expect(st.sum(b).dtype).toBe("int32");
      expect(st.sum(b).toArray()).toBe(5);
      expect(st.sum(b, 1).toArray()).toEqual([2, 3]);
      expect(st.mean(b).dtype).toBe("float32");
      expect(st.mean(b, 0).toArray()).toEqual([1, 0.5, 1]);
      expect(st.max(b, 1).toArray()).toEqual([true, true]);
      expect(st.min(b, 1).dtype).toBe("bool");
      expect(st.argmin(b, 1).toArray()).toEqual([1, 0]);
      const u = st.tensor(new Uint8Array(1000).fill(255));
      expect(st.sum(u).toArray()).toBe(255000); // counts past 255
      expect(st.max(u).dtype).toBe("uint8");
      expect(st.argmax(st.tensor(new Uint8Array([3, 9, 9, 1]))).toArray()).toBe(1);
    });
  });

  it("matmul of bools is numpy's logical product; of uint8 it wraps", () => {
    st.tidy(() => {
      const a = st.tensor([[true, false], [false, false]]), b = st.tensor([[true, true], [false, true]]);
      expect(st.matmul(a, b).toArray()).toEqual([[true, true], [false, false]]);
      const u = st.tensor(new Uint8Array([16, 16, 16, 16]), [2, 2]);
      expect(Array.from(st.matmul(u, u).data())).toEqual([0, 0, 0, 0]); // 512 wraps to 0
    });
  });

  it("concat promotes; views and copies of one-byte tensors move the right bytes", () => {
    st.tidy(() => {
      const b = st.tensor([[true, false, false], [false, true, true]]);
      const u = st.tensor(new Uint8Array([7, 8, 9]), [1, 3]);
      const c = st.concat([b, u], 0);
      expect(c.dtype).toBe("uint8");
      expect(c.toArray()).toEqual([[1, 0, 0], [0, 1, 1], [7, 8, 9]]);
      expect(st.transpose(b).toArray()).toEqual([[true, false], [false, true], [false, true]]);
      expect(st.transpose(b).contiguous().toArray()).toEqual([[true, false], [false, true], [false, true]]);
      expect(st.slice(b, [1, 1]).toArray()).toEqual([[true, true]]);
      expect(st.broadcastTo(st.tensor([true, false]), [2, 2]).contiguous().toArray()).toEqual([[true, false], [true, false]]);
      expect(st.stack([b, b], 2).toArray()).toEqual([[[true, true], [false, false], [false, false]], [[false, false], [true, true], [true, true]]]);
    });
  });
});
