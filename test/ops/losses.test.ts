// Every loss against its formula written out in plain JS (float64, on the tensor's own
// values), in float32 and float64, with extreme logits; Keras's documented examples;
// gradients against central differences and at extreme logits; errors; no leaks.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { TestRng } from "../helpers/prng.js";
import { expectGradientsMatch, make } from "../autodiff/helpers.js";

type DT = "float32" | "float64";
const DTYPES: readonly DT[] = ["float32", "float64"];
const round = (dtype: DT) => (dtype === "float32" ? Math.fround : (v: number) => v);
/** Relative tolerance of a few roundings per element in the dtype. */
const RTOL: Record<DT, number> = { float32: 1e-5, float64: 1e-12 };

/** got within rtol of want, measured against `scale` (the size of the terms that cancel to make want; default |want|). */
function expectNear(got: ArrayLike<number>, want: readonly number[], dtype: DT, scale?: readonly number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Number.isFinite(got[i]), `element ${i} is ${got[i]}`).toBe(true);
    const s = Math.max(1e-30, scale?.[i] ?? 0, Math.abs(want[i]));
    expect(Math.abs(got[i] - want[i]), `element ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(RTOL[dtype] * Math.max(s, dtype === "float32" ? 1e-3 : 1e-9));
  }
}

function uniforms(rng: TestRng, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

/** Logits of (rows, cols): moderate values with extreme ones (±100, ±1e4) mixed in. */
function logits(rng: TestRng, rows: number, cols: number): number[] {
  return Array.from({ length: rows * cols }, () => {
    const r = rng.next();
    if (r < 0.1) return rng.next() < 0.5 ? 100 : -100;
    if (r < 0.2) return rng.next() < 0.5 ? 1e4 : -1e4;
    return -8 + 16 * rng.next();
  });
}

describe.each(DTYPES)("losses against their formulas (%s)", (dtype) => {
  it("sparseSoftmaxCrossEntropy: -log softmax(x)[label] = logSumExp(x) - x[label]", () => {
    st.tidy(() => {
      const rng = new TestRng(1);
      const [n, c] = [40, 7];
      const x = st.tensor(logits(rng, n, c), [n, c], dtype);
      const labels = st.tensor(Array.from({ length: n }, () => rng.int(0, c - 1)), undefined, "int32");
      const loss = st.sparseSoftmaxCrossEntropy(labels, x);
      expect(loss.shape).toEqual([n]);
      expect(loss.dtype).toBe(dtype);
      const xv = x.data(), lv = labels.data();
      const want: number[] = [], scale: number[] = [];
      for (let i = 0; i < n; i++) {
        const row = Array.from(xv.subarray(i * c, (i + 1) * c));
        const m = Math.max(...row);
        want.push(m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[lv[i]]);
        scale.push(Math.abs(m) + Math.abs(row[lv[i]]));
      }
      expectNear(loss.data(), want, dtype, scale);
    });
  });

  it("sigmoidCrossEntropy: max(x, 0) - x·z + log(1 + exp(-|x|)), element-wise, tiny losses to full precision", () => {
    st.tidy(() => {
      const rng = new TestRng(2);
      const n = 200;
      const xs = logits(rng, n, 1);
      const zs = Array.from({ length: n }, () => (rng.next() < 0.5 ? rng.int(0, 1) : rng.next()));
      const x = st.tensor(xs, [20, 10], dtype), z = st.tensor(zs, [20, 10], dtype);
      const loss = st.sigmoidCrossEntropy(z, x);
      expect(loss.shape).toEqual([20, 10]);
      const xv = x.data(), zv = z.data();
      const want = Array.from(xv, (v, i) => Math.max(v, 0) - v * zv[i] + Math.log1p(Math.exp(-Math.abs(v))));
      const scale = Array.from(xv, (v, i) => (Number.isInteger(zv[i]) ? 0 : Math.abs(v))); // x - x·z cancels when z is a fraction
      expectNear(loss.data(), want, dtype, scale);
      // Correct labels with large logits: losses of exp(-|x|), kept to relative precision (a plain log(1 + y) gives 0).
      const small = st.sigmoidCrossEntropy(st.tensor([1, 0, 1], undefined, dtype), st.tensor([20, -20, 30], undefined, dtype)).data();
      [20, 20, 30].forEach((a, i) => expect(Math.abs(small[i] / Math.log1p(Math.exp(-a)) - 1), `x = ${a}`).toBeLessThan(RTOL[dtype]));
    });
  });

  it("binaryCrossEntropy: clip to [ε, 1-ε], -(y log p + (1-y) log(1-p)), mean over the last axis", () => {
    st.tidy(() => {
      const rng = new TestRng(3);
      const [n, c] = [30, 5];
      const ps = uniforms(rng, n * c, 0, 1).map((v, i) => (i % 11 === 0 ? 0 : i % 13 === 0 ? 1 : v));
      const ys = Array.from({ length: n * c }, (_, i) => (i % 3 === 0 ? rng.next() : rng.int(0, 1)));
      for (const epsilon of [1e-7, 1e-3]) {
        const p = st.tensor(ps, [n, c], dtype), y = st.tensor(ys, [n, c], dtype);
        const loss = epsilon === 1e-7 ? st.binaryCrossEntropy(y, p) : st.binaryCrossEntropy(y, p, { epsilon });
        expect(loss.shape).toEqual([n]);
        const r = round(dtype);
        const lo = r(epsilon), hi = r(1 - r(epsilon)); // the bounds as the dtype holds them
        const pv = p.data(), yv = y.data();
        const want = Array.from({ length: n }, (_, i) => {
          let s = 0;
          for (let j = i * c; j < (i + 1) * c; j++) {
            const q = Math.min(Math.max(pv[j], lo), hi);
            s += -(yv[j] * Math.log(q) + (1 - yv[j]) * Math.log(1 - q));
          }
          return s / c;
        });
        expectNear(loss.data(), want, dtype);
      }
    });
  });

  it("categoricalCrossEntropy: p / sum(p), clip to [ε, 1-ε], -sum(y log p) over the last axis", () => {
    st.tidy(() => {
      const rng = new TestRng(4);
      const [n, c] = [30, 6];
      const ps = uniforms(rng, n * c, 0, 3).map((v, i) => (i % 7 === 0 ? 0 : v)); // unnormalised, some zeros
      const labels = Array.from({ length: n }, () => rng.int(0, c - 1));
      const ys = Array.from({ length: n * c }, (_, k) => (labels[Math.floor(k / c)] === k % c ? 1 : 0));
      const p = st.tensor(ps, [n, c], dtype), y = st.tensor(ys, [n, c], dtype);
      const loss = st.categoricalCrossEntropy(y, p);
      expect(loss.shape).toEqual([n]);
      const r = round(dtype);
      const lo = r(1e-7), hi = r(1 - r(1e-7));
      const pv = p.data();
      const want = Array.from({ length: n }, (_, i) => {
        const row = Array.from(pv.subarray(i * c, (i + 1) * c));
        const total = row.reduce((a, b) => a + b, 0);
        return -row.reduce((s, v, j) => s + ys[i * c + j] * Math.log(Math.min(Math.max(v / total, lo), hi)), 0);
      });
      expectNear(loss.data(), want, dtype);
    });
  });

  it("meanSquaredError and meanAbsoluteError: the mean over the last axis", () => {
    st.tidy(() => {
      const rng = new TestRng(5);
      const shape = [4, 6, 5];
      const a = st.tensor(uniforms(rng, 120, -3, 3), shape, dtype), b = st.tensor(uniforms(rng, 120, -3, 3), shape, dtype);
      const mse = st.meanSquaredError(a, b), mae = st.meanAbsoluteError(a, b);
      expect(mse.shape).toEqual([4, 6]);
      expect(mae.shape).toEqual([4, 6]);
      const av = a.data(), bv = b.data();
      const rows = (f: (d: number) => number) => Array.from({ length: 24 }, (_, i) => {
        let s = 0;
        for (let j = i * 5; j < i * 5 + 5; j++) s += f(bv[j] - av[j]);
        return s / 5;
      });
      expectNear(mse.data(), rows((d) => d * d), dtype);
      expectNear(mae.data(), rows(Math.abs), dtype);
    });
  });
});

describe("Keras's documented values", () => {
  it("binaryCrossEntropy gives 16.12 at p = 0, y = 1 (Keras 3; Keras 2 gave 15.42) and Keras's example", () => {
    st.tidy(() => {
      for (const dtype of DTYPES) {
        expect(st.binaryCrossEntropy(st.tensor([1], undefined, dtype), st.tensor([0], undefined, dtype)).item()).toBeCloseTo(16.118, 3);
        const loss = st.binaryCrossEntropy(st.tensor([[0, 1], [0, 0]], undefined, dtype), st.tensor([[0.6, 0.4], [0.4, 0.6]], undefined, dtype));
        expectNear(loss.data(), [(-Math.log(0.4) - Math.log(0.4)) / 2, (-Math.log(0.6) - Math.log(0.4)) / 2], dtype); // 0.916, 0.714
      }
    });
  });

  it("categoricalCrossEntropy and sparseSoftmaxCrossEntropy (on log-probabilities) give [0.0513, 2.303]", () => {
    st.tidy(() => {
      const probs = st.tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
      expectNear(st.categoricalCrossEntropy(st.tensor([[0, 1, 0], [0, 0, 1]]), probs).data(), [-Math.log(0.95), -Math.log(0.1)], "float32");
      // log(0) = -inf off the label: no NaN.
      expectNear(st.sparseSoftmaxCrossEntropy(st.tensor([1, 2], "int32"), st.log(probs)).data(), [-Math.log(0.95), -Math.log(0.1)], "float32");
    });
  });

  it("meanSquaredError and meanAbsoluteError give [0.5, 0.5]", () => {
    st.tidy(() => {
      const yTrue = st.tensor([[0, 1], [0, 0]]), yPred = st.tensor([[1, 1], [1, 0]]);
      expect(st.meanSquaredError(yTrue, yPred).toArray()).toEqual([0.5, 0.5]);
      expect(st.meanAbsoluteError(yTrue, yPred).toArray()).toEqual([0.5, 0.5]);
    });
  });
});

describe("gradients", () => {
  const rng = new TestRng(6);
  const probs = (shape: number[], dtype: DT) => st.tensor(uniforms(rng, shape.reduce((a, b) => a * b, 1), 0.05, 0.95), shape, dtype);
  const normal = (shape: number[], dtype: DT) => st.tensor(uniforms(rng, shape.reduce((a, b) => a * b, 1), -3, 3), shape, dtype);

  it.each(DTYPES)("every loss against central differences (%s)", (dtype) => {
    st.tidy(() => {
      const labels = st.tensor([2, 0, 3], "int32");
      expectGradientsMatch((x) => st.sparseSoftmaxCrossEntropy(labels, x), [normal([3, 4], dtype)]);
      expectGradientsMatch((z, x) => st.sigmoidCrossEntropy(z, x), [probs([3, 4], dtype), normal([3, 4], dtype)]);
      expectGradientsMatch((y, p) => st.binaryCrossEntropy(y, p), [probs([3, 4], dtype), probs([3, 4], dtype)]);
      expectGradientsMatch((y, p) => st.categoricalCrossEntropy(y, p), [probs([3, 4], dtype), probs([3, 4], dtype)]);
      expectGradientsMatch((a, b) => st.meanSquaredError(a, b), [normal([3, 4], dtype), normal([3, 4], dtype)]);
      expectGradientsMatch((a, b) => st.meanAbsoluteError(a, b), [normal([3, 4], dtype), normal([3, 4], dtype)]);
      // Non-contiguous operands.
      for (const layout of ["transposed", "strided", "reversed"] as const) {
        expectGradientsMatch((x) => st.sparseSoftmaxCrossEntropy(labels, x), [make([3, 4], 5, layout, { dtype })]);
        expectGradientsMatch((z, x) => st.sigmoidCrossEntropy(z, x), [make([3, 4], 6, layout, { dtype, positive: true }), make([3, 4], 7, layout, { dtype })]);
        expectGradientsMatch((y, p) => st.categoricalCrossEntropy(y, p), [make([3, 4], 8, layout, { dtype, positive: true }), make([3, 4], 9, layout, { dtype, positive: true })]);
        expectGradientsMatch((a, b) => st.meanSquaredError(a, b), [make([3, 4], 10, layout, { dtype }), make([3, 4], 11, layout, { dtype })]);
      }
      // sigmoidCrossEntropy at x = 0 exactly, where the two branches meet: sigmoid(0) - z.
      const x0 = st.variable(st.zeros([2], dtype));
      const tape = new st.GradientTape();
      const l = tape.record(() => st.sigmoidCrossEntropy(st.tensor([0, 1], undefined, dtype), x0));
      expect(tape.gradient(l, x0)!.toArray()).toEqual([0.5, -0.5]);
      x0.dispose();
    });
  });

  it("stay finite and right at extreme logits in float32: softmax - oneHot and sigmoid(x) - z", () => {
    st.tidy(() => {
      const x = st.variable([[1e4, -1e4, 0], [-100, 100, 5]]);
      const tape = new st.GradientTape({ persistent: true });
      const sparse = tape.record(() => st.sparseSoftmaxCrossEntropy(st.tensor([1, 0], "int32"), x));
      expectNear(sparse.data(), [2e4, 200], "float32");
      const g = tape.gradient(sparse, x)!.data();
      expectNear(g, [1, -1, 0, -1, 1, 0], "float32");
      const sig = tape.record(() => st.sigmoidCrossEntropy(st.tensor([[1, 0, 1], [1, 0, 0]]), x));
      expectNear(sig.data(), [0, 0, Math.log1p(1), 100, 100, 5 + Math.log1p(Math.exp(-5))], "float32");
      const gs = tape.gradient(sig, x)!.data();
      const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
      expectNear(gs, [0, 0, 0.5 - 1, -1, 1, sigmoid(5)], "float32");
      tape.dispose();
      x.dispose();
    });
  });
});

describe("errors and memory", () => {
  it("a label outside [0, C) is named; labels of the wrong shape or dtype; mismatched shapes; epsilon", () => {
    st.tidy(() => {
      const x = st.zeros([3, 4]);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([0, 4, 1], "int32"), x)).toThrow(st.InvalidArgumentError);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([0, 4, 1], "int32"), x)).toThrow(/labels\[1\] = 4 is not a class index in \[0, 4\)/);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([0, -1, 1], "int32"), x)).toThrow(/labels\[1\] = -1/);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([0, 1.5, 1]), x)).toThrow(/labels\[1\] = 1.5/);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([0, 1], "int32"), x)).toThrow(st.ShapeError);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([true, false, true]), x)).toThrow(st.DTypeError);
      expect(() => st.sparseSoftmaxCrossEntropy(st.tensor([0, 1, 2], "int32"), st.zeros([3, 4], "int32"))).toThrow(st.DTypeError);
      for (const f of [st.sigmoidCrossEntropy, st.binaryCrossEntropy, st.categoricalCrossEntropy, st.meanSquaredError, st.meanAbsoluteError]) {
        expect(() => f(st.zeros([3, 4]), st.zeros([4, 3])), f.name).toThrow(st.ShapeError);
        expect(() => f(st.zeros([3, 4]), st.zeros([4, 3])), f.name).toThrow(/of shape \(3, 4\) and .* of shape \(4, 3\) differ/);
      }
      expect(() => st.meanSquaredError(st.zeros([]), st.zeros([]))).toThrow(st.AxisError);
      expect(() => st.binaryCrossEntropy(x, x, { epsilon: -1 })).toThrow(/^binaryCrossEntropy: epsilon must be a number in \[0, 0.5\)/);
      expect(() => st.categoricalCrossEntropy(x, x, { epsilon: 0.5 })).toThrow(st.InvalidArgumentError);
      expect(() => st.meanAbsoluteError(x, 3 as never)).toThrow(/yPred/);
    });
  });

  it("leave nothing behind but their result", () => {
    st.tidy(() => {
      const x = st.randomNormal([8, 5], { seed: 1 }), p = st.randomUniform([8, 5], { seed: 2 }), labels = st.tensor([0, 1, 2, 3, 4, 0, 1, 2], "int32");
      const losses = [
        () => st.sparseSoftmaxCrossEntropy(labels, x),
        () => st.sigmoidCrossEntropy(p, x),
        () => st.binaryCrossEntropy(p, p),
        () => st.categoricalCrossEntropy(p, p),
        () => st.meanSquaredError(p, x),
        () => st.meanAbsoluteError(p, x),
      ];
      for (const f of losses) {
        const before = st.memory().tensors;
        const r = f();
        expect(st.memory().tensors).toBe(before + 1);
        r.dispose();
      }
    });
  });
});
