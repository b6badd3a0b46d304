// The notebook's plain loops: they must agree with the SIMD ops (they are the oracle and
// the benchmark baseline) and reject operands of the wrong rank or shape.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as st from "../src/index.js";
import { fcParams } from "./helpers/fc.js";
import { LAYOUTS, makeTensor } from "./helpers/layouts.js";
import { float32Values } from "./helpers/prng.js";
import { expectSameValues } from "./helpers/reference.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

describe("naive loops equal the SIMD ops", () => {
  it("property: relu, add, addMatrixAndVector on random matrices of any layout", () => {
    const arb = fc.record({
      rows: fc.integer({ min: 0, max: 40 }),
      cols: fc.integer({ min: 0, max: 40 }),
      lx: fc.constantFrom(...LAYOUTS),
      ly: fc.constantFrom(...LAYOUTS),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(arb, ({ rows, cols, lx, ly, seed }) => {
        st.tidy(() => {
          const xv = float32Values(rows * cols, seed);
          const yv = float32Values(rows * cols, seed + 1);
          const vv = float32Values(cols, seed + 2);
          const x = makeTensor(st, xv, [rows, cols], lx);
          const y = makeTensor(st, yv, [rows, cols], ly);
          const v = makeTensor(st, vv, [cols], ly);
          const ctx = `(${rows}, ${cols}) ${lx}/${ly}`;

          const r = st.naive.relu(x);
          expect(r.shape).toEqual([rows, cols]);
          expect(r.dtype).toBe("float32");
          // relu(-0) may be either zero (Math.max(-0, 0) is +0, the kernel keeps -0).
          expectSameValues(r.data(), st.relu(x).data(), `naive.relu ${ctx}`, true);

          const s = st.naive.add(x, y);
          expect(s.shape).toEqual([rows, cols]);
          expectSameValues(s.data(), st.add(x, y).data(), `naive.add ${ctx}`);

          const m = st.naive.addMatrixAndVector(x, v);
          expect(m.shape).toEqual([rows, cols]);
          expectSameValues(m.data(), st.add(x, v).data(), `naive.addMatrixAndVector ${ctx}`);

          // Inputs untouched (the loops work on copies).
          expectSameValues(x.data(), xv, `x after ${ctx}`);
        });
      }),
      fcParams(150),
    );
  });

  it("the seed loop: naive.relu(naive.add(x, y)) equals relu(add(x, y)) on (20, 100)", () => {
    st.tidy(() => {
      const x = st.randomUniform([20, 100], { seed: 1 });
      const y = st.randomUniform([20, 100], { seed: 2, min: -1, max: 0.5 });
      expectSameValues(st.naive.relu(st.naive.add(x, y)).data(), st.relu(st.add(x, y)).data(), "seed loop", true);
    });
  });

  it("return new tensors that own their storage", () => {
    st.tidy(() => {
      const x = st.tensor([[1, -2], [3, -4]]);
      const before = st.memory().storages;
      const r = st.naive.relu(x);
      expect(st.memory().storages).toBe(before + 1);
      x.dispose();
      expect(r.toArray()).toEqual([[1, 0], [3, 0]]);
    });
  });
});

describe("naive loops reject wrong ranks and shapes", () => {
  it.each([
    ["relu of a vector", () => st.naive.relu(st.zeros([3]))],
    ["relu of a 3-D tensor", () => st.naive.relu(st.zeros([2, 2, 2]))],
    ["relu of a 0-d tensor", () => st.naive.relu(st.tensor(1))],
    ["add of different shapes", () => st.naive.add(st.zeros([2, 3]), st.zeros([3, 2]))],
    ["add of a matrix and a vector", () => st.naive.add(st.zeros([2, 3]), st.zeros([3]))],
    ["add of a vector and a vector", () => st.naive.add(st.zeros([3]), st.zeros([3]))],
    ["add of a matrix and a 3-D tensor", () => st.naive.add(st.zeros([2, 3]), st.zeros([2, 3, 1]))],
    ["addMatrixAndVector with a matrix as the vector", () => st.naive.addMatrixAndVector(st.zeros([2, 3]), st.zeros([1, 3]))],
    ["addMatrixAndVector with a wrong length", () => st.naive.addMatrixAndVector(st.zeros([2, 3]), st.zeros([2]))],
    ["addMatrixAndVector with a vector as the matrix", () => st.naive.addMatrixAndVector(st.zeros([3]), st.zeros([3]))],
  ])("%s is a ShapeError naming the shapes", (_name, call) => {
    st.tidy(() => {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(st.ShapeError);
      expect((error as Error).message).toMatch(/naive\.\w+/);
      expect((error as Error).message).toMatch(/\(\d+(, \d+)*,?\)|\(\)/);
    });
  });

  it("non-tensor operands are an InvalidArgumentError", () => {
    expect(() => st.naive.relu([[1]] as unknown as st.Tensor)).toThrow(st.InvalidArgumentError);
    st.tidy(() => {
      expect(() => st.naive.add(st.zeros([1, 1]), 1 as unknown as st.Tensor)).toThrow(st.InvalidArgumentError);
    });
  });
});
