// Chapter 8's convnet with no model API: the weights as Variables, the forward pass as
// ops (conv2d with its bias and relu fused, maxPool2d, linear), and the training loop by
// hand: shuffle, gather a batch, record the loss on a GradientTape (inside
// optimizer.minimize), update, all inside tidy. What `model.fit` does for
// examples/mnist-convnet.ts, written out.
// Run with `npx tsx examples/mnist-convnet-tape.ts [epochs] [threads]` (after `npm run build`).
import * as st from "simd-tensor";
import { loadMnist } from "./mnist-data.js";

const EPOCHS = Number(process.argv[2] ?? 3);
const THREADS = Number(process.argv[3] ?? 1);
const BATCH = 64;
await st.setThreads(THREADS);

const { trainImages, trainLabels, testImages, testLabels } = loadMnist();
const rng = st.randomGenerator(1);

/** Glorot-uniform weights (Keras's default), zero biases. */
function weights(shape: number[], fanIn: number, fanOut: number, name: string): { kernel: st.Variable; bias: st.Variable } {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return st.tidy(() => ({
    kernel: st.variable(rng.uniform(shape, { min: -limit, max: limit }), { name: `${name}/kernel` }),
    bias: st.variable(st.zeros([shape[shape.length - 1]]), { name: `${name}/bias` }),
  }));
}
const conv1 = weights([3, 3, 1, 32], 9, 9 * 32, "conv2d");
const conv2 = weights([3, 3, 32, 64], 9 * 32, 9 * 64, "conv2d_1");
const conv3 = weights([3, 3, 64, 128], 9 * 64, 9 * 128, "conv2d_2");
const dense = weights([1152, 10], 1152, 10, "dense");

/** The logits of a batch (N, 28, 28, 1) → (N, 10). */
function logits(x: st.Tensor): st.Tensor {
  let h = st.conv2d(x, conv1.kernel, { bias: conv1.bias, activation: "relu" });
  h = st.maxPool2d(h, { size: 2 });
  h = st.conv2d(h, conv2.kernel, { bias: conv2.bias, activation: "relu" });
  h = st.maxPool2d(h, { size: 2 });
  h = st.conv2d(h, conv3.kernel, { bias: conv3.bias, activation: "relu" });
  return st.linear(st.reshape(h, [h.shape[0], 1152]), dense.kernel, dense.bias);
}

const optimizer = st.optimizers.rmsprop(); // Keras's defaults: learning rate 0.001
const n = trainImages.shape[0];
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const start = performance.now();
  const order = st.tidy(() => rng.permutation(n).data());
  let lossSum = 0, hits = 0;
  for (let first = 0; first < n; first += BATCH) {
    const rows = order.subarray(first, Math.min(first + BATCH, n));
    st.tidy(() => {
      const x = st.gather(trainImages, rows), y = st.gather(trainLabels, rows);
      const loss = optimizer.minimize(() => {
        const out = logits(x);
        hits += st.sum(st.equal(st.argmax(out, 1), y)).item(); // minimize frees `out` when it returns
        return st.mean(st.sparseSoftmaxCrossEntropy(y, out));
      });
      lossSum += loss.item() * rows.length;
    });
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`epoch ${epoch + 1}/${EPOCHS}  loss ${(lossSum / n).toFixed(4)}  accuracy ${(hits / n).toFixed(4)}  (${seconds.toFixed(1)} s)`);
}
let correct = 0;
for (let first = 0; first < testImages.shape[0]; first += 500) {
  const count = Math.min(500, testImages.shape[0] - first);
  correct += st.tidy(() => st.sum(st.equal(st.argmax(logits(st.slice(testImages, [first, 0, 0, 0], [count, 28, 28, 1])), 1), st.slice(testLabels, [first], [count]))).item());
}
console.log(`test accuracy ${((100 * correct) / testImages.shape[0]).toFixed(2)}%`);
await st.setThreads(1);
