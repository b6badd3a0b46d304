// softmax, logSoftmax, softmaxCrossEntropy: values, stability, gradients (first and second order).
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose, expectGradientsMatch, make } from "./helpers.js";

const refSoftmax = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe("softmax and friends", () => {
  it("match the definition along the last axis and along axis 0", () => {
    st.tidy(() => {
      const rows = [[1, 2, 3], [-1, 0, 4]];
      const x = st.tensor(rows);
      expectClose(st.softmax(x), rows.map(refSoftmax), 1e-6);
      expectClose(st.logSoftmax(x), rows.map((r) => refSoftmax(r).map(Math.log)), 1e-6);
      const cols = [[1, -1], [2, 0], [3, 4]];
      expectClose(st.transpose(st.softmax(x, 0)), cols.map(refSoftmax), 1e-6);
    });
  });

  it("are stable for huge logits", () => {
    st.tidy(() => {
      const x = st.tensor([[1000, 1001, 1002], [-1000, -1000, 0]]);
      expectClose(st.softmax(x), [refSoftmax([0, 1, 2]), refSoftmax([-1000, -1000, 0])], 1e-6);
      const ls = st.logSoftmax(x).data();
      expect(Array.from(ls).every(Number.isFinite)).toBe(true);
      const ce = st.softmaxCrossEntropy(st.tensor([[0, 0, 1], [1, 0, 0]]), x);
      expectClose(ce, [Math.log(1 + Math.exp(-1) + Math.exp(-2)), 1000], 1e-5);
      const g = st.grad((t) => st.sum(st.softmaxCrossEntropy(st.tensor([[0, 0, 1], [1, 0, 0]]), t)))(x);
      expect(Array.from(g.data()).every(Number.isFinite)).toBe(true);
    });
  });

  it("the cross-entropy gradient with respect to the logits is softmax - labels", () => {
    st.tidy(() => {
      const logits = make([4, 5], 3);
      const labels = st.tensor([[0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0.5, 0.5, 0, 0]]);
      const g = st.grad((t) => st.sum(st.softmaxCrossEntropy(labels, t)))(logits);
      expectClose(g, st.sub(st.softmax(logits), labels).toArray() as number[][], 1e-6);
      expectGradientsMatch((t) => st.softmaxCrossEntropy(labels, t), [logits]);
    });
  });

  it("second derivatives (softmax's Jacobian is differentiable)", () => {
    st.tidy(() => {
      const x = make([2, 4], 5, "transposed");
      expectGradientsMatch((t) => st.grad((u) => st.sum(st.square(st.softmax(u))))(t), [x]);
      expectGradientsMatch((t) => st.grad((u) => st.logSoftmax(u))(t), [x], { atol: 2e-4 });
    });
  });

  it("errors name the op and the shapes", () => {
    expect(() => st.softmaxCrossEntropy(st.zeros([2, 3]), st.zeros([2, 4]))).toThrow("softmaxCrossEntropy: labels of shape (2, 3) and logits of shape (2, 4) differ");
    expect(() => st.softmax(st.tensor(1))).toThrow(st.AxisError);
  });
});

describe("the math ops' second derivatives", () => {
  it.each([
    ["exp", st.exp, false],
    ["log", st.log, true],
    ["tanh", st.tanh, false],
    ["sigmoid", st.sigmoid, false],
    ["log1p", st.log1p, true],
    ["expm1", st.expm1, false],
    ["softplus", st.softplus, false],
    ["sin", st.sin, false],
    ["cos", st.cos, false],
    ["pow(x, 3)", (x: st.Tensor) => st.pow(x, 3), false],
    ["pow(x, x)", (x: st.Tensor) => st.pow(x, x), true],
  ] as const)("%s", (_name, f, positive) => {
    st.tidy(() => {
      const x = make([2, 3], 7, "strided", { positive });
      expectGradientsMatch((t) => st.grad(f)(t), [x]);
    });
  });
});
