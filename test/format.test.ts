// Printing. toString() is numpy's str(); the oracle is numpy itself: fixtures/numpy-str.json
// holds numpy's str() of ~200 arrays (fixtures/numpy-str.py regenerates it).
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../src/index.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

interface GoldenCase {
  name: string;
  dtype: st.DType;
  shape: number[];
  values?: (number | string)[];
  arangeDivisor?: number;
  str: string;
}

const golden = JSON.parse(readFileSync(new URL("./fixtures/numpy-str.json", import.meta.url), "utf8")) as {
  numpy: string;
  cases: GoldenCase[];
};

function decode(v: number | string): number {
  switch (v) {
    case "nan":
      return NaN;
    case "inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    case "-0":
      return -0;
    default:
      return v as number;
  }
}

function goldenValues(c: GoldenCase): ArrayLike<number> {
  if (c.values !== undefined) return c.values.map(decode);
  const n = c.shape.reduce((a, b) => a * b, 1);
  const d = c.arangeDivisor!;
  // numpy computed arange(n) / d in the dtype itself.
  if (c.dtype === "float32") return Float32Array.from({ length: n }, (_, i) => Math.fround(i / d));
  return Float64Array.from({ length: n }, (_, i) => i / d);
}

describe(`toString() equals numpy ${golden.numpy} str()`, () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    st.tidy(() => {
      const t = st.tensor(goldenValues(c), c.shape, c.dtype);
      expect(t.toString()).toBe(c.str);
    });
  });
});

describe("toString() examples", () => {
  it("the numpy spellings the README promises", () => {
    st.tidy(() => {
      expect(st.tensor([[0, 1], [2, 3]]).toString()).toBe("[[0. 1.]\n [2. 3.]]");
      expect(st.tensor([0.5, 0.25]).toString()).toBe("[0.5  0.25]");
      expect(st.tensor([1e-5, 1]).toString()).toBe("[1.e-05 1.e+00]");
      expect(st.tensor([NaN, Infinity, -Infinity, 1]).toString()).toBe("[ nan  inf -inf   1.]");
      expect(st.tensor([1, -2, 30], undefined, "int32").toString()).toBe("[ 1 -2 30]");
      expect(st.tensor(2).toString()).toBe("2.0");
      expect(st.tensor(7, [], "int32").toString()).toBe("7");
      expect(st.zeros([0]).toString()).toBe("[]");
      expect(String(st.tensor([1.5]))).toBe("[1.5]");
      expect(`${st.tensor([[1]])}`).toBe("[[1.]]");
    });
  });

  it("is summarised with ... above 1000 elements, 3 edge items per axis", () => {
    st.tidy(() => {
      expect(st.arange(1001).toString()).toBe("[   0.    1.    2. ...  998.  999. 1000.]");
      expect(st.arange(1000).toString()).not.toContain("...");
      const m = st.zeros([100, 100]).toString();
      const rows = m.split("\n");
      expect(rows).toEqual([
        "[[0. 0. 0. ... 0. 0. 0.]",
        " [0. 0. 0. ... 0. 0. 0.]",
        " [0. 0. 0. ... 0. 0. 0.]",
        " ...",
        " [0. 0. 0. ... 0. 0. 0.]",
        " [0. 0. 0. ... 0. 0. 0.]",
        " [0. 0. 0. ... 0. 0. 0.]]",
      ]);
    });
  });

  it("prints any view in its logical order", () => {
    st.tidy(() => {
      const t = st.arange(4).reshape([2, 2]);
      expect(st.transpose(t).toString()).toBe("[[0. 2.]\n [1. 3.]]");
      expect(st.broadcastTo(st.tensor([1, 2]), [2, 2]).toString()).toBe("[[1. 2.]\n [1. 2.]]");
      expect(st.expandDims(t, 0).toString()).toBe("[[[0. 1.]\n  [2. 3.]]]");
    });
  });
});

describe("util.inspect / console.log", () => {
  it("shows the values with the shape and dtype", () => {
    st.tidy(() => {
      const s = inspect(st.tensor([[0, 1], [2, 3]]));
      expect(s).toContain("[[0. 1.]\n [2. 3.]]");
      expect(s).toContain("shape=(2, 2)");
      expect(s).toContain("dtype=float32");
      expect(inspect(st.tensor(new Int32Array([4]))).includes("dtype=int32")).toBe(true);
      expect(inspect(st.tensor(new Float64Array([4])))).toContain("shape=(1,)");
      expect(inspect(st.tensor(3))).toContain("shape=()");
      expect(inspect({ t: st.tensor([1, 2]) })).toContain("dtype=float32");
    });
  });

  it("does not throw on a disposed tensor, and says it is disposed", () => {
    const t = st.zeros([2, 3]);
    t.dispose();
    const s = inspect(t);
    expect(s).toContain("disposed");
    expect(s).toContain("(2, 3)");
    expect(() => t.toString()).toThrow(st.DisposedTensorError);
  });
});
