// model.fit against the equivalent hand-written GradientTape loop (#18's budget: fit adds
// at most 5%), for the two networks of the examples at batch 128: the dense 784 → 512 relu
// → 10 and chapter 8's convnet. Both loops shuffle, gather each batch, record the loss on a
// tape, apply rmsprop, and read the loss and the accuracy every batch; they alternate
// (fit, tape, fit, tape, ...) so the machine's load falls on both alike, and the medians of
// the per-round times are compared, with the median of the per-round ratios. A third,
// almost arithmetic-free network measures fit's own per-step cost in absolute terms, which
// a loaded machine blurs less than a ratio of two long runs.
// Run with `npx tsx scripts/bench-fit.ts [rounds] [threads]` (after `npm run build`).
import * as st from "../src/index.js";

const ROUNDS = Number(process.argv[2] ?? 9);
const THREADS = Number(process.argv[3] ?? 1);
const BATCH = 128;
await st.setThreads(THREADS);

interface Case {
  name: string;
  examples: number;
  inputShape: number[];
  layers: () => st.layers.Layer[];
  /** The hand-written forward pass to logits over the model's own weights (by Keras name). */
  logits: (w: Record<string, st.Variable>, x: st.Tensor) => st.Tensor;
}

const cases: Case[] = [
  {
    // Almost no arithmetic: the difference per step is what fit's own code costs.
    name: "overhead probe: dense 8-10",
    examples: 128 * 48,
    inputShape: [8],
    layers: () => [st.layers.dense(10, { activation: "softmax", inputShape: [8] })],
    logits: (w, x) => st.linear(x, w["dense/kernel"], w["dense/bias"]),
  },
  {
    name: "dense 784-512-10",
    examples: 128 * 24,
    inputShape: [784],
    layers: () => [st.layers.dense(512, { activation: "relu", inputShape: [784] }), st.layers.dense(10, { activation: "softmax" })],
    logits: (w, x) => st.linear(st.linear(x, w["dense/kernel"], w["dense/bias"], { activation: "relu" }), w["dense_1/kernel"], w["dense_1/bias"]),
  },
  {
    name: "ch. 8 convnet",
    examples: 128 * 6,
    inputShape: [28, 28, 1],
    layers: () => [
      st.layers.conv2d(32, 3, { activation: "relu", inputShape: [28, 28, 1] }),
      st.layers.maxPooling2d(2),
      st.layers.conv2d(64, 3, { activation: "relu" }),
      st.layers.maxPooling2d(2),
      st.layers.conv2d(128, 3, { activation: "relu" }),
      st.layers.flatten(),
      st.layers.dense(10, { activation: "softmax" }),
    ],
    logits: (w, x) => {
      let h = st.conv2d(x, w["conv2d/kernel"], { bias: w["conv2d/bias"], activation: "relu" });
      h = st.maxPool2d(h, { size: 2 });
      h = st.conv2d(h, w["conv2d_1/kernel"], { bias: w["conv2d_1/bias"], activation: "relu" });
      h = st.maxPool2d(h, { size: 2 });
      h = st.conv2d(h, w["conv2d_2/kernel"], { bias: w["conv2d_2/bias"], activation: "relu" });
      return st.linear(st.reshape(h, [h.shape[0], 1152]), w["dense/kernel"], w["dense/bias"]);
    },
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const c of cases) {
  const g = st.randomGenerator(1);
  const x = g.uniform([c.examples, ...c.inputShape]);
  const y = g.integers(0, 10, [c.examples]);
  const model = st.sequential(c.layers(), { seed: 1 });
  model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const handModel = st.sequential(c.layers(), { seed: 2 }); // only its weights are used
  const w = handModel.namedWeights();
  const optimizer = st.optimizers.rmsprop();
  const order = st.randomGenerator(3);

  const fitOnce = () => model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0, seed: 1 });
  const tapeOnce = () => {
    const perm = st.tidy(() => order.permutation(c.examples).data());
    let lossSum = 0, hits = 0;
    for (let first = 0; first < c.examples; first += BATCH) {
      const rows = perm.subarray(first, Math.min(first + BATCH, c.examples));
      st.tidy(() => {
        const xb = st.gather(x, rows), yb = st.gather(y, rows);
        const loss = optimizer.minimize(() => {
          const logits = c.logits(w, xb);
          hits += st.mean(st.astype(st.equal(st.argmax(logits, -1), yb), "float32")).item() * rows.length;
          return st.mean(st.sparseSoftmaxCrossEntropy(yb, logits));
        });
        lossSum += loss.item() * rows.length;
      });
    }
    return lossSum + hits;
  };
  fitOnce(); // warm-up: optimizer state, code paths
  tapeOnce();
  const fitTimes: number[] = [], tapeTimes: number[] = [], ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ["fit", "tape"] : ["tape", "fit"];
    const t: Record<string, number> = {};
    for (const which of order) {
      const start = performance.now();
      if (which === "fit") fitOnce();
      else tapeOnce();
      t[which] = performance.now() - start;
    }
    fitTimes.push(t.fit);
    tapeTimes.push(t.tape);
    ratios.push(t.fit / t.tape);
  }
  const steps = Math.ceil(c.examples / BATCH);
  const perStep = (ms: number) => (ms / steps).toFixed(ms / steps < 1 ? 3 : 1);
  console.log(
    `${c.name}, batch ${BATCH}, ${steps} steps a round, ${ROUNDS} rounds, ${st.getThreads()} thread(s): ` +
      `fit ${perStep(median(fitTimes))} ms/step, tape loop ${perStep(median(tapeTimes))} ms/step (medians); ` +
      `difference ${(((median(fitTimes) - median(tapeTimes)) * 1000) / steps).toFixed(0)} µs/step; fit/tape ${(median(fitTimes) / median(tapeTimes)).toFixed(3)}, median per-round ratio ${median(ratios).toFixed(3)} ` +
      `(ratios ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
  );
  model.dispose();
  handModel.dispose();
  optimizer.dispose();
}
await st.setThreads(1);
