// SGD (plain, momentum, Nesterov) and Adam against hand-computed steps; minimize().
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose } from "./helpers.js";

describe("sgd", () => {
  it("plain: w -= lr·g", () => {
    const w = st.variable([1, 2]);
    const opt = st.optimizers.sgd({ learningRate: 0.1 });
    st.tidy(() => opt.applyGradients([[st.tensor([10, -10]), w]]));
    expectClose(w, [0, 3]);
    expect(opt.iterations).toBe(1);
    w.dispose();
  });

  it("momentum and nesterov (Keras's formulas)", () => {
    const w = st.variable([1]);
    const n = st.variable([1]);
    const opt = st.optimizers.sgd({ learningRate: 0.1, momentum: 0.9 });
    const nes = st.optimizers.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    // Constant gradient 1: velocity -0.1, -0.19; w 0.9, 0.71; nesterov: 1 + 0.9·(-0.1) - 0.1 = 0.81, then 0.81 + 0.9·(-0.19) - 0.1 = 0.539.
    for (let i = 0; i < 2; i++) {
      st.tidy(() => {
        opt.applyGradients([[st.tensor([1]), w]]);
        nes.applyGradients([[st.tensor([1]), n]]);
      });
    }
    expectClose(w, [0.71]);
    expectClose(n, [0.539]);
    opt.dispose();
    nes.dispose();
    w.dispose();
    n.dispose();
  });

  it("null gradients are skipped; mismatched ones are rejected", () => {
    const w = st.variable([1, 2], { name: "w" });
    const opt = st.optimizers.sgd();
    opt.applyGradients([[null, w]]);
    expect(w.toArray()).toEqual([1, 2]);
    expect(() => opt.applyGradients([[st.tensor([1]), w]])).toThrow(/gradient of shape \(1,\) does not fit variable 'w' of shape \(2,\)/);
    expect(() => opt.applyGradients([[st.tensor([1, 2]), st.tensor([1, 2]) as never]])).toThrow(/expected a Variable/);
    expect(() => st.optimizers.sgd({ learningRate: -1 })).toThrow(/learningRate must be a finite number >= 0/);
    expect(() => st.optimizers.sgd({ momentum: 1 })).toThrow(/momentum must be in \[0, 1\)/);
    w.dispose();
  });
});

describe("adam", () => {
  it("matches the bias-corrected update", () => {
    const w = st.variable([1, -1]);
    const opt = st.optimizers.adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const g = [0.5, -2];
    let m = [0, 0], v = [0, 0];
    const ref = [1, -1];
    for (let t = 1; t <= 3; t++) {
      st.tidy(() => opt.applyGradients([[st.tensor(g), w]]));
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] * g[i]);
      const rate = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      ref.forEach((_, i) => (ref[i] -= (rate * m[i]) / (Math.sqrt(v[i]) + 1e-7)));
    }
    expectClose(w, ref, 1e-5);
    opt.dispose();
    w.dispose();
  });
});

describe("minimize", () => {
  it("fits a line, using the trainable variables the loss touches", () => {
    const a = st.variable(0, { name: "a" });
    const b = st.variable(0, { name: "b" });
    const frozen = st.variable(1, { trainable: false });
    const x = st.linspace(-1, 1, 20);
    const y = st.add(st.mul(x, 3), -2);
    const opt = st.optimizers.sgd({ learningRate: 0.2, momentum: 0.5 });
    let loss = Infinity;
    for (let i = 0; i < 200; i++) {
      loss = st.tidy(() => opt.minimize(() => st.mean(st.square(st.sub(st.mul(st.add(st.mul(x, a), b), frozen), y)))).item());
    }
    expect(loss).toBeLessThan(1e-6);
    expect(a.item()).toBeCloseTo(3, 3);
    expect(b.item()).toBeCloseTo(-2, 3);
    expect(frozen.item()).toBe(1);
    [a, b, frozen, x, y].forEach((t) => t.dispose());
    opt.dispose();
  });

  it("an explicit variable list, including non-trainable variables", () => {
    const a = st.variable(5, { trainable: false });
    const opt = st.optimizers.sgd({ learningRate: 0.25 });
    st.tidy(() => opt.minimize(() => st.square(a), [a]));
    expect(a.item()).toBe(2.5);
    expect(() => st.tidy(() => opt.minimize(() => st.square(a)))).toThrow(/the loss uses no trainable variable/);
    expect(() => opt.minimize(() => 3 as never, [a])).toThrow(/must return a Tensor/);
    a.dispose();
    opt.dispose();
  });
});
