// The book's first network (Deep Learning with Python, ch. 2) as the book writes it:
// keras.Sequential([Dense(512, relu), Dense(10, softmax)]), compiled with rmsprop, sparse
// categorical cross-entropy and accuracy, fit for 5 epochs at batch 128 on 28×28 "digits"
// (the synthetic set of examples/synthetic-digits.ts: no downloads), then evaluated on a
// held-out set. The same network written with a GradientTape: examples/train-dense-tape.ts.
// Run with `npx tsx examples/train-dense.ts` (after `npm run build`).
import * as st from "simd-tensor";
import { PIXELS, syntheticDigits } from "./synthetic-digits.js";

const { train, test } = syntheticDigits(24000, 2000);
const trainImages = st.tensor(train.images, [train.labels.length, PIXELS]);
const trainLabels = st.tensor(train.labels);
const testImages = st.tensor(test.images, [test.labels.length, PIXELS]);
const testLabels = st.tensor(test.labels);

const model = st.sequential([
  st.layers.dense(512, { activation: "relu", inputShape: [PIXELS] }),
  st.layers.dense(10, { activation: "softmax" }),
], { seed: 1 });
model.summary();
model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });

const t0 = performance.now();
const history = model.fit(trainImages, trainLabels, { epochs: 5, batchSize: 128, validationSplit: 0.1, seed: 1 });
const seconds = (performance.now() - t0) / 1000;
const { loss, accuracy } = model.evaluate(testImages, testLabels, { batchSize: 500 });
console.log(`test loss ${loss.toFixed(4)}, test accuracy ${(100 * accuracy).toFixed(1)}% (validation accuracy by epoch: ${history.valAccuracy!.map((a) => a.toFixed(3)).join(" ")}; ${seconds.toFixed(1)} s of training)`);
model.dispose();
