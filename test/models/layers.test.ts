// Each layer's forward pass against the ops it stands for, its shape inference, and the
// initialisers' statistics.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

const close = (a: st.Tensor, b: st.Tensor, tol = 1e-6) => {
  expect(a.shape).toEqual(b.shape);
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i]), `element ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i])));
};
const weight = (m: st.Model, name: string) => m.namedWeights()[name];

describe("layers: forward against the ops", () => {
  const g = st.randomGenerator(7);
  const x2 = g.normal([5, 6]);
  const x4 = g.normal([2, 8, 8, 3]);

  for (const activation of ["relu", "sigmoid", "tanh", "softmax", "linear"] as const) {
    it(`dense with ${activation}`, () => {
      const m = st.sequential([st.layers.dense(4, { activation, inputShape: [6], biasInitializer: "ones" })], { seed: 1 });
      const k = weight(m, "dense/kernel"), b = weight(m, "dense/bias");
      const z = st.add(st.matmul(x2, k), b);
      const want = activation === "linear" ? z : activation === "softmax" ? st.softmax(z) : st[activation](z);
      close(m.apply(x2), want, 1e-5);
      m.dispose();
    });
  }

  it("dense without bias, on a rank-3 input (last axis)", () => {
    const m = st.sequential([st.layers.dense(3, { useBias: false })], { seed: 2 });
    const x = g.normal([2, 4, 5]);
    const y = m.apply(x);
    expect(y.shape).toEqual([2, 4, 3]);
    expect(Object.keys(m.namedWeights())).toEqual(["dense/kernel"]);
    close(y, st.matmul(x, weight(m, "dense/kernel")), 1e-5);
    m.dispose();
  });

  it("conv2d with strides, same padding, bias and relu = the conv2d op", () => {
    const m = st.sequential([st.layers.conv2d(5, 3, { strides: 2, padding: "same", activation: "relu", biasInitializer: "randomNormal", inputShape: [8, 8, 3] })], { seed: 3 });
    const k = weight(m, "conv2d/kernel"), b = weight(m, "conv2d/bias");
    expect(k.shape).toEqual([3, 3, 3, 5]);
    const want = st.relu(st.add(st.conv2d(x4, k, { strides: 2, padding: "same" }), b));
    close(m.apply(x4), want, 1e-5);
    expect(m.outputShape).toEqual([4, 4, 5]);
    m.dispose();
  });

  it("conv2d with softmax and a kernel pair, dilation", () => {
    const m = st.sequential([st.layers.conv2d(4, [2, 3], { dilationRate: 2, activation: "softmax", inputShape: [8, 8, 3] })], { seed: 4 });
    const k = weight(m, "conv2d/kernel"), b = weight(m, "conv2d/bias");
    close(m.apply(x4), st.softmax(st.add(st.conv2d(x4, k, { dilations: 2 }), b)), 1e-5);
    expect(m.outputShape).toEqual([6, 4, 4]);
    m.dispose();
  });

  it("maxPooling2d, averagePooling2d = maxPool2d, avgPool2d", () => {
    const mp = st.sequential([st.layers.maxPooling2d(2)]);
    close(mp.apply(x4), st.maxPool2d(x4, { size: 2 }));
    const ap = st.sequential([st.layers.averagePooling2d(3, { strides: 2, padding: "same" })]);
    close(ap.apply(x4), st.avgPool2d(x4, { size: 3, strides: 2, padding: "same" }));
    expect(ap.outputShape).toEqual([4, 4, 3]);
  });

  it("flatten, activation, rescaling", () => {
    close(st.sequential([st.layers.flatten()]).apply(x4), st.reshape(x4, [2, 192]));
    close(st.sequential([st.layers.activation("tanh")]).apply(x2), st.tanh(x2));
    close(st.sequential([st.layers.rescaling(0.5, 1)]).apply(x2), st.add(st.mul(x2, 0.5), 1));
    const u8 = st.tensor([[0, 255]], undefined, "uint8");
    const r = st.sequential([st.layers.rescaling(1 / 255)]).apply(u8);
    expect(r.dtype).toBe("float32");
    expect(Array.from(r.data())).toEqual([0, 1]);
  });

  it("dropout: identity at inference, the dropout op (same generator stream) in training", () => {
    const m = st.sequential([st.layers.dropout(0.5, { seed: 9 })]);
    close(m.apply(x2), x2);
    close(m.apply(x2, { training: true }), st.dropout(x2, 0.5, { seed: 9 }));
    const zeros = Array.from(m.apply(x2, { training: true }).data()).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
  });
});

describe("shape inference", () => {
  it("from inputShape on the first layer, or sequential's option: built at once", () => {
    const a = st.sequential([st.layers.dense(4, { inputShape: [3] }), st.layers.dense(2)]);
    expect(a.built).toBe(true);
    expect(a.outputShape).toEqual([2]);
    expect(a.layers[1].weights.map((v) => v.shape)).toEqual([[4, 2], [2]]);
    const d = a.layers[0] as st.layers.Dense;
    expect(d.kernel.shape).toEqual([3, 4]);
    expect(d.bias!.shape).toEqual([4]);
    expect(d.weights).toEqual([d.kernel, d.bias]);
    expect(() => (st.layers.dense(2) as st.layers.Dense).kernel).toThrow(/dense \(Dense\): no kernel yet/);
    const b = st.sequential([st.layers.conv2d(6, 5), st.layers.maxPooling2d(), st.layers.flatten(), st.layers.dense(3)], { inputShape: [28, 28, 1] });
    expect(b.layers.map((l) => l.outputShape)).toEqual([[24, 24, 6], [12, 12, 6], [864], [3]]);
  });

  it("from the first batch otherwise; a later batch of another shape is an error", () => {
    const m = st.sequential([st.layers.dense(4), st.layers.dense(2)]);
    expect(m.built).toBe(false);
    expect(m.summary({ printFn: null })).toContain("?");
    expect(m.apply(st.zeros([7, 5])).shape).toEqual([7, 2]);
    expect(m.inputShape).toEqual([5]);
    expect(() => m.apply(st.zeros([7, 6]))).toThrow(/takes inputs of shape \(None, 5\), got x of shape \(7, 6\)/);
  });

  it("a layer that cannot take its input names itself", () => {
    expect(() => st.sequential([st.layers.dense(4), st.layers.conv2d(2, 3)], { inputShape: [5] })).toThrow(/conv2d \(Conv2D\): expects images/);
  });
});

describe("initialisers", () => {
  const stats = (t: st.Tensor) => {
    const d = Array.from(t.data());
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    return { mean, std: Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length), max: Math.max(...d.map(Math.abs)) };
  };
  it("glorotUniform, heNormal (truncated), randomNormal, zeros, ones; same seed, same weights", () => {
    const make = (seed: number) => st.sequential([
      st.layers.dense(200, { inputShape: [300] }),
      st.layers.dense(100, { kernelInitializer: "heNormal", biasInitializer: "ones" }),
      st.layers.dense(50, { kernelInitializer: "randomNormal" }),
    ], { seed });
    const m = make(5);
    const w = m.namedWeights();
    const limit = Math.sqrt(6 / 500);
    expect(stats(w["dense/kernel"]).max).toBeLessThan(limit);
    expect(stats(w["dense/kernel"]).std).toBeCloseTo(limit / Math.sqrt(3), 2);
    const he = stats(w["dense_1/kernel"]);
    expect(he.std).toBeCloseTo(Math.sqrt(2 / 200), 2);
    expect(he.max).toBeLessThanOrEqual((2 * Math.sqrt(2 / 200)) / 0.87962566103423978 + 1e-6);
    expect(stats(w["dense_2/kernel"]).std).toBeCloseTo(0.05, 2);
    expect(Array.from(w["dense/bias"].data()).every((v) => v === 0)).toBe(true);
    expect(Array.from(w["dense_1/bias"].data()).every((v) => v === 1)).toBe(true);
    const again = make(5).namedWeights(), other = make(6).namedWeights();
    expect(Array.from(again["dense_1/kernel"].data())).toEqual(Array.from(w["dense_1/kernel"].data()));
    expect(Array.from(other["dense/kernel"].data())).not.toEqual(Array.from(w["dense/kernel"].data()));
  });

  it("a custom initialiser function gets the shape and the generator", () => {
    const m = st.sequential([st.layers.dense(2, { inputShape: [3], kernelInitializer: (shape) => st.full(shape.slice(), 0.5) })]);
    expect(Array.from(m.namedWeights()["dense/kernel"].data())).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});

describe("errors for unknown names", () => {
  it("activation, initializer, layer", () => {
    expect(() => st.layers.dense(3, { activation: "relux" as never })).toThrow(st.InvalidArgumentError);
    expect(() => st.layers.dense(3, { activation: "relux" as never })).toThrow(/dense: unknown activation "relux"; expected one of "relu"/);
    expect(() => st.layers.activation("gelu" as never)).toThrow(/unknown activation "gelu"/);
    expect(() => st.layers.conv2d(3, 3, { kernelInitializer: "glorot" as never })).toThrow(/unknown initializer "glorot"; expected one of "glorotUniform"/);
    expect(() => st.sequential(["dense" as never])).toThrow(/layers\[0\] is not a layer \(got "dense"\)/);
    expect(() => st.layers.dense(0)).toThrow(/units must be a positive integer/);
  });
});
