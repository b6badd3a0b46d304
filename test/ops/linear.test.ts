// linear (#16): act(x · W + b) with the bias and activation in the GEMM's epilogue. The
// fused op must give exactly what the plain composition gives (same product, same
// rounding, the same activation kernels), on every size class of the product (GEMM tiles
// and edges, a single row or column, k = 0), every build, with the same gradients.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { TestRng } from "../helpers/prng.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

const ACTIVATIONS = [undefined, "relu", "sigmoid", "tanh"] as const;

function plain(x: st.Tensor, w: st.Tensor, b: st.Tensor | undefined, activation: (typeof ACTIVATIONS)[number]): st.Tensor {
  const product = st.matmul(x, w);
  const pre = b === undefined ? product : st.add(product, b);
  return activation === undefined ? pre : st[activation](pre);
}

function values(rng: TestRng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next() * 4 - 2);
}

describeEachBuild(st, st.backendInfo().available, () => {
  it.each(["float32", "float64"] as const)("equals relu/sigmoid/tanh(add(matmul(x, W), b)) exactly (%s)", (dtype) => {
    const rng = new TestRng(dtype === "float32" ? 1 : 2);
    for (const [m, k, n] of [[1, 5, 7], [6, 3, 1], [1, 1, 1], [4, 0, 5], [9, 13, 17], [64, 300, 40], [130, 400, 9], [5, 784, 33]]) {
      for (const activation of ACTIVATIONS) {
        for (const withBias of [true, false]) {
          st.tidy(() => {
            const x = st.tensor(values(rng, m * k), [m, k], dtype);
            const w = st.tensor(values(rng, k * n), [k, n], dtype);
            const b = withBias ? st.tensor(values(rng, n), [n], dtype) : undefined;
            const got = st.linear(x, w, b, { activation });
            expect(got.shape).toEqual([m, n]);
            expect(got.dtype).toBe(dtype);
            expect(Array.from(got.data()), `${m}×${k}×${n} ${activation} bias ${withBias}`).toEqual(Array.from(plain(x, w, b, activation).data()));
          });
        }
      }
    }
  });
});

it("the same gradients as the composition, for x, W and b", () => {
  const rng = new TestRng(3);
  for (const activation of ACTIVATIONS) {
    st.tidy(() => {
      const x = st.tensor(values(rng, 8 * 6), [8, 6]), w = st.tensor(values(rng, 6 * 5), [6, 5]), b = st.tensor(values(rng, 5));
      const loss = (f: typeof plain) => (a: st.Tensor, c: st.Tensor, d: st.Tensor) => st.sum(st.square(f(a, c, d, activation)));
      const fused = st.grads(loss((a, c, d, act) => st.linear(a, c, d, { activation: act })))([x, w, b]);
      const want = st.grads(loss(plain))([x, w, b]);
      fused.forEach((g, i) => {
        const exp = want[i].data();
        g.data().forEach((v, j) => expect(v).toBeCloseTo(exp[j], 4));
      });
    });
  }
});

it("checkGradients with and without a bias (float64)", () => {
  const rng = new TestRng(4);
  st.tidy(() => {
    const x = st.tensor(values(rng, 12), [3, 4], "float64"), w = st.tensor(values(rng, 8), [4, 2], "float64"), b = st.tensor(values(rng, 2), [2], "float64");
    for (const activation of ["sigmoid", "tanh"] as const) {
      expect(st.checkGradients((a, c, d) => st.linear(a, c, d, { activation }), [x, w, b]).ok).toBe(true);
      expect(st.checkGradients((a, c) => st.linear(a, c, null, { activation }), [x, w]).ok).toBe(true);
    }
  });
});

it("an input of rank 1 or 3 applies to its last axis, as Keras's Dense", () => {
  const rng = new TestRng(5);
  st.tidy(() => {
    const x = st.tensor(values(rng, 2 * 3 * 4), [2, 3, 4]), w = st.tensor(values(rng, 4 * 5), [4, 5]), b = st.tensor(values(rng, 5));
    const y = st.linear(x, w, b, { activation: "relu" });
    expect(y.shape).toEqual([2, 3, 5]);
    expect(Array.from(y.data())).toEqual(Array.from(st.relu(st.add(st.matmul(x, w), b)).data()));
    expect(st.linear(st.tensor([1, 2, 3, 4]), w).shape).toEqual([5]);
  });
});

it("views and integer inputs", () => {
  const rng = new TestRng(6);
  st.tidy(() => {
    const x = st.transpose(st.tensor(values(rng, 20), [5, 4])), w = st.tensor(values(rng, 15), [5, 3]);
    expect(Array.from(st.linear(x, w).data())).toEqual(Array.from(st.matmul(x.contiguous(), w).data()));
    const xi = st.tensor([[1, 2]], undefined, "int32"), wi = st.tensor([[1], [3]], undefined, "int32");
    const y = st.linear(xi, wi, st.tensor([1], undefined, "int32"));
    expect(y.dtype).toBe("float32");
    expect(Array.from(y.data())).toEqual([8]);
  });
});

describe("errors name the problem", () => {
  it.each([
    ["inner sizes", () => st.linear(st.zeros([2, 3]), st.zeros([4, 5])), /weights' rows \(4.*input's features \(3/],
    ["weights rank", () => st.linear(st.zeros([2, 3]), st.zeros([3])), /weights must be a \(features, units\) matrix/],
    ["bias shape", () => st.linear(st.zeros([2, 3]), st.zeros([3, 4]), st.zeros([3])), /bias must have shape \[4\]/],
    ["activation", () => st.linear(st.zeros([2, 3]), st.zeros([3, 4]), null, { activation: "softmax" as never }), /activation must be one of/],
    ["scalar input", () => st.linear(st.tensor(1), st.zeros([1, 4])), /at least one axis/],
  ])("%s", (_name, fn, message) => {
    st.tidy(() => {
      expect(fn).toThrow(message);
    });
  });
});
