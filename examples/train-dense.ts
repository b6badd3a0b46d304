// The book's first network (Deep Learning with Python, ch. 2): Dense(512, relu) →
// Dense(10, softmax), trained with softmax cross-entropy on 28×28 "digits" — here a
// synthetic set made in this script (no downloads): ten class templates of a few blurry
// strokes each, every sample a randomly shifted, noisy copy of its class template.
// Run with `npx tsx examples/train-dense.ts` (after `npm run build`).
import * as st from "simd-tensor";

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
const HIDDEN = 512;
const TRAIN = 24000;
const TEST = 2000;
const BATCH = 128;
const EPOCHS = 5;

/** mulberry32: a small seeded generator, so every run sees the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(2024);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Ten templates: each the sum of three short blurry strokes, scaled to [0, 1]. */
function makeTemplates(): Float32Array[] {
  return Array.from({ length: CLASSES }, () => {
    const img = new Float32Array(PIXELS);
    for (let stroke = 0; stroke < 3; stroke++) {
      const [x0, y0] = [6 + 16 * random(), 6 + 16 * random()];
      const angle = Math.PI * random();
      for (let s = -5; s <= 5; s++) {
        const cx = x0 + s * Math.cos(angle), cy = y0 + s * Math.sin(angle);
        for (let y = 0; y < SIDE; y++) {
          for (let x = 0; x < SIDE; x++) img[y * SIDE + x] += Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 3);
        }
      }
    }
    const peak = img.reduce((m, v) => Math.max(m, v), 0);
    return img.map((v) => v / peak);
  });
}

/** n samples: a template shifted by up to 3 pixels each way, at a random contrast, plus strong pixel noise, clipped to [0, 1]. */
function makeSet(templates: Float32Array[], n: number): { images: Float32Array; labels: Int32Array } {
  const images = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = Math.floor(random() * CLASSES);
    labels[i] = label;
    const t = templates[label];
    const dx = Math.floor(random() * 7) - 3, dy = Math.floor(random() * 7) - 3;
    const contrast = 0.5 + random();
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const sx = x - dx, sy = y - dy;
        const v = sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE ? t[sy * SIDE + sx] : 0;
        images[i * PIXELS + y * SIDE + x] = Math.min(1, Math.max(0, contrast * v + 0.45 * gaussian()));
      }
    }
  }
  return { images, labels };
}

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
const templates = makeTemplates();
const train = makeSet(templates, TRAIN);
const test = makeSet(templates, TEST);
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
