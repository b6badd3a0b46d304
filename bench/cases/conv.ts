// Convnets: the three Conv2D layers of Deep Learning with Python's chapter 8 MNIST model at
// batch 64 (valid padding, 3×3), forward and forward+backward (input and filter
// gradients), and the fused dense layer (linear with relu) forward+backward. tfjs's wasm
// backend runs the convolution forward (XNNPACK) and its input gradient, but has no
// filter gradient (Conv2DBackpropFilter is not registered: tfjs#8474), so the backward
// case has no tfjs column; the anchors' tfjs-cpu times are in docs/benchmarks.md.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase, type Tolerance } from "../case.js";
import type { Tfjs, TfTensor } from "../tfjs.js";
import { tensorVariant, tfjsVariant } from "./variants.js";

const FAMILY = "conv";

/** The chapter 8 model's convolutions at batch 64: input (N, H, W, Cin) and filter (3, 3, Cin, Cout). */
const LAYERS: readonly (readonly [readonly number[], readonly number[]])[] = [
  [[64, 28, 28, 1], [3, 3, 1, 32]],
  [[64, 13, 13, 32], [3, 3, 32, 64]],
  [[64, 5, 5, 64], [3, 3, 64, 128]],
];

/** float32 sums of up to 576 products: rounding differs between implementations. */
const TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-4 };

interface TfjsConv {
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: "valid" | "same"): TfTensor;
}

function layerOf(size: number | undefined): readonly [readonly number[], readonly number[]] {
  return LAYERS[(size ?? 1) - 1];
}

function convFlops([n, h, w, cin]: readonly number[], [kh, kw, , cout]: readonly number[]): number {
  return 2 * n * (h - kh + 1) * (w - kw + 1) * kh * kw * cin * cout;
}

const SIZES = { meaning: "layer of the chapter 8 convnet (1, 2 or 3), batch 64", defaults: [1, 2, 3], max: 3 };

const conv2dForward: CaseDefinition = {
  name: "conv2d",
  family: FAMILY,
  title: "conv2d(x, filter), 3×3 valid: a Conv2D layer of the chapter 8 model",
  sizes: SIZES,
  prepare(size): PreparedCase {
    const [xs, fs] = layerOf(size);
    const x = st.randomUniform(xs.slice(), { seed: 91 });
    const f = st.randomUniform(fs.slice(), { min: -0.5, max: 0.5, seed: 92 });
    return {
      shape: `${shapeLabel(xs)}*${shapeLabel(fs)}`,
      flops: convFlops(xs, fs),
      tolerance: TOLERANCE,
      wasm: tensorVariant(() => st.conv2d(x, f)),
      tfjs: (tf: Tfjs) => tfjsVariant(tf, [x, f], (a, b) => (tf as Tfjs & TfjsConv).conv2d(a, b, 1, "valid")),
      dispose: () => [x, f].forEach((t) => t.dispose()),
    };
  },
};

const conv2dBackward: CaseDefinition = {
  name: "conv2d-backward",
  family: FAMILY,
  title: "conv2d forward and both gradients (input and filter) for an output gradient dy",
  sizes: SIZES,
  prepare(size): PreparedCase {
    const [xs, fs] = layerOf(size);
    const x = st.randomUniform(xs.slice(), { seed: 93 });
    const f = st.randomUniform(fs.slice(), { min: -0.5, max: 0.5, seed: 94 });
    const dy = st.tidy(() => st.randomUniform(st.conv2d(x, f).shape, { min: -1, max: 1, seed: 95 }));
    // dy seeds the backward pass, so the case times the convolution's own passes only (as a
    // loss sum(conv2d · dy) would also time a product, a sum and their gradients).
    const gradients = st.grads((a: st.Tensor, b: st.Tensor) => st.conv2d(a, b));
    return {
      shape: `${shapeLabel(xs)}*${shapeLabel(fs)}`,
      flops: 3 * convFlops(xs, fs),
      // The filter gradient sums up to 43,264 float32 products: the builds' summation orders differ.
      tolerance: { rtol: 2e-3, atol: 2e-3 },
      wasm: tensorVariant(() => st.concat(gradients([x, f], dy).map((g) => st.flatten(g)))),
      dispose: () => [x, f, dy].forEach((t) => t.dispose()),
    };
  },
};

interface TfjsFused {
  fused: { matMul(args: { a: TfTensor; b: TfTensor; bias?: TfTensor; activation?: "relu" }): TfTensor };
  grads(f: (...xs: TfTensor[]) => TfTensor): (xs: TfTensor[]) => TfTensor[];
  sum(x: TfTensor): TfTensor;
  concat(xs: TfTensor[]): TfTensor;
  reshape(x: TfTensor, shape: number[]): TfTensor;
}

/** The dense layer of examples/train-dense.ts, fused: sum(linear(x, W, b, relu)) and its three gradients. */
const linearBackward: CaseDefinition = {
  name: "linear-backward",
  family: FAMILY,
  title: "linear(x, W, b, relu) forward and the gradients for x, W and b (fused epilogue)",
  sizes: { meaning: "batch rows of x (784 inputs, 512 units)", defaults: [256], max: 65536 },
  prepare(batch = 256): PreparedCase {
    const [k, n] = [784, 512];
    const x = st.randomUniform([batch, k], { seed: 96 });
    const w = st.randomUniform([k, n], { min: -0.1, max: 0.1, seed: 97 });
    const b = st.randomUniform([n], { min: -0.1, max: 0.1, seed: 98 });
    const gradients = st.grads((a: st.Tensor, c: st.Tensor, d: st.Tensor) => st.sum(st.linear(a, c, d, { activation: "relu" })));
    return {
      shape: `${shapeLabel([batch, k])}@${shapeLabel([k, n])}+${shapeLabel([n])}`,
      flops: 3 * 2 * batch * k * n,
      tolerance: { rtol: 1e-3, atol: 1e-3 },
      wasm: tensorVariant(() => st.concat(gradients([x, w, b]).map((g) => st.flatten(g)))),
      tfjs: (tf: Tfjs) => {
        const t = tf as Tfjs & TfjsFused;
        const f = (a: TfTensor, c: TfTensor, d: TfTensor) => t.sum(t.fused.matMul({ a, b: c, bias: d, activation: "relu" }));
        const g = t.grads(f);
        return tfjsVariant(tf, [x, w, b], (a, c, d) => t.concat(g([a, c, d]).map((z) => t.reshape(z, [-1]))));
      },
      dispose: () => [x, w, b].forEach((z) => z.dispose()),
    };
  },
};

/**
 * One RMSprop step of the chapter 8 convnet (examples/mnist-convnet-tape.ts writes it out) on a batch: forward,
 * sparse softmax cross-entropy, backward, update. tfjs cannot run it on wasm; tfjs-cpu takes
 * 33.4 s (the anchors).
 */
const convnetStep: CaseDefinition = {
  name: "convnet-train-step",
  family: FAMILY,
  title: "one RMSprop step of the chapter 8 convnet (3 conv2d + 2 maxPool2d + dense, forward, backward, update)",
  sizes: { meaning: "batch of 28×28×1 images", defaults: [64], max: 4096 },
  prepare(batch = 64): PreparedCase {
    const gen = st.randomGenerator(99);
    const x = gen.uniform([batch, 28, 28, 1]);
    const labels = gen.integers(0, 10, [batch]);
    const glorot = (shape: number[], fanIn: number, fanOut: number) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return st.variable(st.tidy(() => gen.uniform(shape, { min: -limit, max: limit })));
    };
    const w = [glorot([3, 3, 1, 32], 9, 288), glorot([3, 3, 32, 64], 288, 576), glorot([3, 3, 64, 128], 576, 1152), glorot([1152, 10], 1152, 10)];
    const b = [32, 64, 128, 10].map((n) => st.variable(st.zeros([n])));
    const logits = () => {
      let h = st.maxPool2d(st.conv2d(x, w[0], { bias: b[0], activation: "relu" }), { size: 2 });
      h = st.maxPool2d(st.conv2d(h, w[1], { bias: b[1], activation: "relu" }), { size: 2 });
      h = st.conv2d(h, w[2], { bias: b[2], activation: "relu" });
      return st.linear(st.reshape(h, [batch, 1152]), w[3], b[3]);
    };
    const loss = () => st.mean(st.sparseSoftmaxCrossEntropy(labels, logits()));
    const vars = [...w, ...b];
    const opt = st.optimizers.rmsprop();
    st.tidy(() => void opt.minimize(loss, vars)); // creates the optimizer's state before the leak check counts tensors
    const flops = 3 * (convFlops([batch, 28, 28, 1], [3, 3, 1, 32]) + convFlops([batch, 13, 13, 32], [3, 3, 32, 64]) + convFlops([batch, 5, 5, 64], [3, 3, 64, 128]) + 2 * batch * 1152 * 10);
    return {
      shape: `${shapeLabel([batch, 28, 28, 1])}→conv32→pool→conv64→pool→conv128→10`,
      flops,
      tolerance: { rtol: 1e-3, atol: 1e-4 },
      wasm: {
        // The agreement check compares the loss at the initial weights (it runs before any step).
        output: () => st.tidy(() => loss().data()),
        run: () => st.tidy(() => void opt.minimize(loss, vars)),
      },
      dispose: () => {
        opt.dispose();
        [x, labels, ...vars].forEach((t) => t.dispose());
      },
    };
  },
};

export const cases: readonly CaseDefinition[] = [conv2dForward, conv2dBackward, linearBackward, convnetStep];
