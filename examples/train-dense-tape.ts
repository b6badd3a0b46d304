// The book's first network (Deep Learning with Python, ch. 2): Dense(512, relu) →
// Dense(10, softmax), trained with softmax cross-entropy on 28×28 "digits" (the synthetic
// set of examples/synthetic-digits.ts), written with no model API: the weights as
// Variables, the forward pass as ops, the loop by hand with optimizer.minimize. The same
// network with layers and model.fit: examples/train-dense.ts.
// Run with `npx tsx examples/train-dense-tape.ts` (after `npm run build`).
import * as st from "simd-tensor";
import { CLASSES, PIXELS, SIDE, rng, syntheticDigits } from "./synthetic-digits.js";

const HIDDEN = 512;
const TRAIN = 24000;
const TEST = 2000;
const BATCH = 128;
const EPOCHS = 5;
const random = rng(7);

/** The rows `order[start..start+count)` as an image batch and a one-hot label batch. */
function batch(set: { images: Float32Array; labels: Int32Array }, order: Int32Array, start: number, count: number): { x: st.Tensor; y: st.Tensor } {
  const xs = new Float32Array(count * PIXELS);
  const ys = new Float32Array(count * CLASSES);
  for (let r = 0; r < count; r++) {
    const i = order[start + r];
    xs.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), r * PIXELS);
    ys[r * CLASSES + set.labels[i]] = 1;
  }
  return { x: st.tensor(xs, [count, PIXELS]), y: st.tensor(ys, [count, CLASSES]) };
}

function shuffled(n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Glorot-uniform weights, zero biases. */
function dense(inputs: number, units: number, name: string, seed: number): { W: st.Variable; b: st.Variable } {
  const limit = Math.sqrt(6 / (inputs + units));
  return st.tidy(() => ({
    W: st.variable(st.randomUniform([inputs, units], { min: -limit, max: limit, seed }), { name: `${name}/W` }),
    b: st.variable(st.zeros([units]), { name: `${name}/b` }),
  }));
}

const t0 = performance.now();
const { train, test } = syntheticDigits(TRAIN, TEST);
console.log(`synthetic digits: ${TRAIN} training and ${TEST} test images of ${SIDE}×${SIDE}, ${CLASSES} classes (made in ${((performance.now() - t0) / 1000).toFixed(2)} s)`);

const layer1 = dense(PIXELS, HIDDEN, "dense1", 1);
const layer2 = dense(HIDDEN, CLASSES, "dense2", 2);
const logitsOf = (x: st.Tensor) => st.add(st.matmul(st.relu(st.add(st.matmul(x, layer1.W), layer1.b)), layer2.W), layer2.b);
const optimizer = st.optimizers.sgd({ learningRate: 0.02, momentum: 0.9 });
console.log(`model: ${PIXELS} → ${HIDDEN} relu → ${CLASSES} softmax, ${PIXELS * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES} parameters; sgd (lr 0.02, momentum 0.9), batch ${BATCH}; kernels: ${st.backendInfo().build} build`);

/** Correct predictions among `count` rows starting at `start` of `order`. */
function correct(logits: st.Tensor, labels: Int32Array, order: Int32Array, start: number): number {
  const predicted = st.tidy(() => st.argmax(logits, 1).data());
  let hits = 0;
  for (let r = 0; r < predicted.length; r++) if (predicted[r] === labels[order[start + r]]) hits++;
  return hits;
}

function evaluate(set: typeof test): number {
  const order = Int32Array.from({ length: set.labels.length }, (_, i) => i);
  let hits = 0;
  for (let start = 0; start < order.length; start += 500) {
    const count = Math.min(500, order.length - start);
    hits += st.tidy(() => correct(logitsOf(batch(set, order, start, count).x), set.labels, order, start));
  }
  return hits / order.length;
}

const before = st.memory();
console.log(`before training: test accuracy ${(100 * evaluate(test)).toFixed(1)}%`);
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const start = performance.now();
  const order = shuffled(TRAIN);
  let lossSum = 0, hits = 0, seen = 0;
  for (let first = 0; first + BATCH <= TRAIN; first += BATCH) {
    st.tidy(() => {
      const { x, y } = batch(train, order, first, BATCH);
      const loss = optimizer.minimize(() => {
        const logits = logitsOf(x);
        hits += correct(logits, train.labels, order, first); // minimize frees logits when it returns
        return st.mean(st.softmaxCrossEntropy(y, logits));
      });
      lossSum += loss.item() * BATCH;
      seen += BATCH;
    });
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `epoch ${epoch}/${EPOCHS}  loss ${(lossSum / seen).toFixed(4)}  train accuracy ${((100 * hits) / seen).toFixed(1)}%  ` +
      `test accuracy ${(100 * evaluate(test)).toFixed(1)}%  (${seconds.toFixed(2)} s, ${((1000 * seconds) / Math.floor(TRAIN / BATCH)).toFixed(1)} ms/step)`,
  );
}
const after = st.memory();
console.log(`live tensors before/after training: ${before.tensors} / ${after.tensors} (the optimizer's momentum slots: +4); total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
