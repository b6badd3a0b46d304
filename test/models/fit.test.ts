// fit against a hand-written GradientTape loop (same initial weights, same batches, same
// numbers), History, callbacks, validation, progress output, memory, and the errors.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

function data(seed: number, n = 96) {
  const g = st.randomGenerator(seed);
  const x = g.normal([n, 6]);
  const labels = st.tidy(() => st.argmax(st.matmul(x, g.normal([6, 3])), 1));
  return { x, labels };
}

function captured(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (s: string) => void chunks.push(s) }, text: () => chunks.join(""), chunks };
}

describe("fit = a hand-written tape loop, step for step", () => {
  for (const optimizer of ["sgd", "adam", "rmsprop"] as const) {
    it(`dense relu → dense softmax, sparse cross-entropy, ${optimizer}, 3 epochs of 6 batches`, () => {
      const { x, labels } = data(1);
      const model = st.sequential([st.layers.dense(8, { activation: "relu", inputShape: [6] }), st.layers.dense(3, { activation: "softmax" })], { seed: 11 });
      const w = model.namedWeights();
      const k1 = st.variable(w["dense/kernel"]), b1 = st.variable(w["dense/bias"]), k2 = st.variable(w["dense_1/kernel"]), b2 = st.variable(w["dense_1/bias"]);
      model.compile({ optimizer, loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
      const history = model.fit(x, labels, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });

      const opt = { sgd: st.optimizers.sgd, adam: st.optimizers.adam, rmsprop: st.optimizers.rmsprop }[optimizer]();
      const losses: number[] = [];
      for (let epoch = 0; epoch < 3; epoch++) {
        let sum = 0;
        for (let start = 0; start < 96; start += 16) {
          sum += st.tidy(() => {
            const xb = st.slice(x, [start, 0], [16, 6]), yb = st.slice(labels, [start], [16]);
            const loss = opt.minimize(() => st.mean(st.sparseSoftmaxCrossEntropy(yb, st.linear(st.relu(st.add(st.matmul(xb, k1), b1)), k2, b2))));
            return loss.item();
          });
        }
        losses.push(sum / 6);
      }
      for (const [mine, theirs] of [[w["dense/kernel"], k1], [w["dense/bias"], b1], [w["dense_1/kernel"], k2], [w["dense_1/bias"], b2]] as const) {
        const a = mine.data(), b = theirs.data();
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6);
      }
      history.loss.forEach((l, i) => expect(l).toBeCloseTo(losses[i], 6));
      expect(history.loss[2]).toBeLessThan(history.loss[0]);
    });
  }

  it("conv2d → maxPooling2d → flatten → dense, categorical one-hot labels, adam, a partial last batch", () => {
    const g = st.randomGenerator(2);
    const x = g.uniform([20, 6, 6, 2]);
    const y = st.oneHot(g.integers(0, 4, [20]), 4);
    const model = st.sequential([st.layers.conv2d(3, 3, { activation: "relu", inputShape: [6, 6, 2] }), st.layers.maxPooling2d(2), st.layers.flatten(), st.layers.dense(4)], { seed: 3 });
    const w = model.namedWeights();
    const vars = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, st.variable(v)]));
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: { name: "categoricalCrossentropy", fromLogits: true } });
    model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    const opt = st.optimizers.adam({ learningRate: 0.01 });
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let start = 0; start < 20; start += 8) {
        const n = Math.min(8, 20 - start);
        st.tidy(() => {
          const xb = st.slice(x, [start, 0, 0, 0], [n, 6, 6, 2]), yb = st.slice(y, [start, 0], [n, 4]);
          opt.minimize(() => {
            const h = st.conv2d(xb, vars["conv2d/kernel"], { bias: vars["conv2d/bias"], activation: "relu" });
            const logits = st.linear(st.reshape(st.maxPool2d(h, { size: 2 }), [n, 12]), vars["dense/kernel"], vars["dense/bias"]);
            return st.mean(st.softmaxCrossEntropy(yb, logits));
          });
        });
      }
    }
    for (const name of Object.keys(w)) {
      const a = w[name].data(), b = vars[name].data();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), name).toBeLessThan(1e-5);
    }
  });

  it("shuffling with a seed: the same seed gives the same run, another seed another", () => {
    const { x, labels } = data(4);
    const run = (seed: number) => {
      const m = st.sequential([st.layers.dense(3, { inputShape: [6] })], { seed: 1 });
      m.compile({ optimizer: "sgd", loss: { name: "sparseCategoricalCrossentropy", fromLogits: true } });
      return m.fit(x, labels, { epochs: 2, batchSize: 10, seed, verbose: 0 }).loss;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

describe("History, callbacks, validation", () => {
  it("holds loss, accuracy, valLoss, valAccuracy per epoch; callbacks number epochs and batches from 0", () => {
    const { x, labels } = data(5, 100);
    const model = st.sequential([st.layers.dense(3, { activation: "softmax", inputShape: [6] })], { seed: 2 });
    model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
    const epochs: [number, st.Logs][] = [];
    const batches: number[] = [];
    const history = model.fit(x, labels, {
      epochs: 3, batchSize: 32, validationSplit: 0.2, verbose: 0,
      callbacks: { onEpochEnd: (e, logs) => void epochs.push([e, { ...logs }]), onBatchEnd: (b) => void batches.push(b) },
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(Object.keys(history.history)).toEqual(["loss", "accuracy", "valLoss", "valAccuracy"]);
    for (const series of [history.loss, history.accuracy, history.valLoss, history.valAccuracy]) expect(series).toHaveLength(3);
    expect(history.params).toEqual({ epochs: 3, steps: 3, samples: 80, batchSize: 32 });
    expect(epochs.map(([e]) => e)).toEqual([0, 1, 2]);
    expect(epochs[2][1].valLoss).toBe(history.valLoss![2]);
    expect(batches).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    // validationSplit holds out the last 20 examples, unshuffled: evaluate on them gives the same numbers.
    const held = model.evaluate(st.slice(x, [80, 0], [20, 6]), st.slice(labels, [80], [20]));
    expect(held.loss).toBeCloseTo(history.valLoss![2], 6);
    expect(held.accuracy).toBeCloseTo(history.valAccuracy![2], 6);
    // The accuracy is argmax == label.
    const predicted = model.predict(x).argmax(1).data();
    const hits = Array.from(labels.data()).filter((l, i) => l === predicted[i]).length;
    expect(model.evaluate(x, labels, { batchSize: 7 }).accuracy).toBeCloseTo(hits / 100, 6);
  });

  it("validationData is evaluated after each epoch; stopTraining ends fit", () => {
    const { x, labels } = data(6, 40);
    const model = st.sequential([st.layers.dense(3, { inputShape: [6] })], { seed: 2 });
    model.compile({ loss: { name: "sparseCategoricalCrossentropy", fromLogits: true }, metrics: ["accuracy"] });
    const history = model.fit(x, labels, { epochs: 5, validationData: [x, labels], verbose: 0, callbacks: [{ onEpochEnd: (e) => { if (e === 1) model.stopTraining = true; } }] });
    expect(history.epoch).toEqual([0, 1]);
    expect(history.valLoss![1]).toBeCloseTo(model.evaluate(x, labels).loss, 6);
  });

  it("accuracy under a binary loss is binary accuracy at 0.5; under categorical it compares argmaxes", () => {
    const model = st.sequential([st.layers.dense(1, { activation: "sigmoid", inputShape: [2], kernelInitializer: "ones" })]);
    model.compile({ loss: "binaryCrossentropy", metrics: ["accuracy", "mae"] });
    const x = st.tensor([[1, 1], [-1, -1], [0.2, 0], [-0.2, 0]]);
    const y = st.tensor([1, 1, 0, 0]); // (N,) labels against (N, 1) outputs: Keras adds the axis
    const r = model.evaluate(x, y);
    expect(r.accuracy).toBeCloseTo(0.5, 6); // right, wrong, wrong, right
    const p = model.predict(x).data();
    expect(r.mae).toBeCloseTo((1 - p[0] + 1 - p[1] + p[2] + p[3]) / 4, 6);
    expect(r.loss).toBeCloseTo(st.mean(st.binaryCrossEntropy(st.reshape(y, [4, 1]), model.predict(x))).item(), 5);

    const c = st.sequential([st.layers.dense(3, { inputShape: [3], kernelInitializer: (s) => st.eye(s[0]) })]);
    c.compile({ loss: "categoricalCrossentropy", metrics: ["accuracy"], fromLogits: true });
    const e = c.evaluate(st.tensor([[3, 1, 0], [0, 0, 2], [1, 2, 0]]), st.tensor([[1, 0, 0], [1, 0, 0], [0, 1, 0]]));
    expect(e.accuracy).toBeCloseTo(2 / 3, 6);
  });

  it("a softmax output with a cross-entropy takes the loss from the logits: finite where probabilities underflow", () => {
    const model = st.sequential([st.layers.dense(2, { activation: "softmax", inputShape: [1], kernelInitializer: () => st.tensor([[200, -200]]) })]);
    model.compile({ optimizer: "sgd", loss: "sparseCategoricalCrossentropy" });
    const { loss } = model.evaluate(st.tensor([[1]]), st.tensor([1], undefined, "int32"));
    expect(loss).toBeCloseTo(400, 3); // Keras's clipped probabilities would cap it at -log(1e-7) = 16.1
  });
});

describe("progress output", () => {
  it("non-TTY: one line per epoch, Keras's layout", () => {
    const { x, labels } = data(7, 64);
    const model = st.sequential([st.layers.dense(3, { activation: "softmax", inputShape: [6] })], { seed: 1 });
    model.compile({ loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
    const out = captured(false);
    const history = model.fit(x, labels, { epochs: 2, batchSize: 16, validationSplit: 0.25, stream: out.stream });
    const lines = out.text().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines[0]).toMatch(/^Epoch 1\/2  3\/3 \[={30}\] - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
    expect(lines[1]).toContain(`Epoch 2/2  3/3 [`);
    expect(lines[1]).toContain(`- loss: ${history.loss[1].toFixed(4)} - accuracy: ${history.accuracy![1].toFixed(4)}`);
    expect(out.text()).not.toContain("\r");
  });

  it("TTY: redrawn in place with \\r, ending each epoch with a newline; verbose 0 writes nothing", () => {
    const { x, labels } = data(8, 64);
    const model = st.sequential([st.layers.dense(3, { inputShape: [6] })], { seed: 1 });
    model.compile({ loss: { name: "sparseCategoricalCrossentropy", fromLogits: true } });
    const tty = captured(true);
    model.fit(x, labels, { epochs: 2, batchSize: 8, stream: tty.stream });
    expect(tty.chunks.every((c) => c.startsWith("\r"))).toBe(true);
    expect(tty.text().split("\n")).toHaveLength(3);
    expect(tty.text()).toMatch(/\rEpoch 1\/2  8\/8 \[={30}\] - \d+s - loss: \d\.\d{4}\n/);
    const silent = captured(true);
    model.fit(x, labels, { epochs: 1, verbose: 0, stream: silent.stream });
    expect(silent.chunks).toEqual([]);
  });
});

describe("memory", () => {
  it("is flat across 3 epochs (and after fit only the optimizer's state remains)", () => {
    const { x, labels } = data(9, 200);
    const model = st.sequential([st.layers.dense(16, { activation: "relu", inputShape: [6] }), st.layers.dropout(0.3), st.layers.dense(3, { activation: "softmax" })], { seed: 4 });
    model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
    const counts: st.MemoryInfo[] = [];
    const before = st.memory();
    model.fit(x, labels, { epochs: 3, batchSize: 32, validationSplit: 0.1, verbose: 0, callbacks: { onEpochEnd: () => void counts.push(st.memory()) } });
    expect(counts[1].tensors).toBe(counts[0].tensors);
    expect(counts[2].tensors).toBe(counts[0].tensors);
    expect(counts[2].bytes).toBe(counts[0].bytes);
    const after = st.memory();
    expect(after.tensors - before.tensors).toBe(2 * 4); // adam's m and v for each of the 4 weights
    model.dispose();
    expect(st.memory().tensors).toBe(before.tensors - 4);
  });
});

describe("errors", () => {
  const model = () => st.sequential([st.layers.dense(3, { activation: "softmax", inputShape: [4] })]);
  it("a loss / label shape mismatch says what the loss wants", () => {
    const m = model();
    m.compile({ loss: "sparseCategoricalCrossentropy" });
    expect(() => m.fit(st.zeros([5, 4]), st.zeros([5, 3]), { verbose: 0 })).toThrow(st.ShapeError);
    expect(() => m.fit(st.zeros([5, 4]), st.zeros([5, 3]), { verbose: 0 })).toThrow(/loss sparseCategoricalCrossentropy takes integer class labels of shape \(N\) for predictions of shape \(N, 3\), got labels of shape \(N, 3\); these look like one-hot labels: use categoricalCrossentropy/);
    m.compile({ loss: "categoricalCrossentropy" });
    expect(() => m.fit(st.zeros([5, 4]), st.zeros([5], "int32"), { verbose: 0 })).toThrow(/takes one-hot labels .*: use sparseCategoricalCrossentropy/);
    m.compile({ loss: "mse" });
    expect(() => m.evaluate(st.zeros([5, 4]), st.zeros([5, 2]))).toThrow(/loss mse takes labels of the predictions' shape \(N, 3\), got labels of shape \(N, 2\)/);
    expect(() => m.fit(st.zeros([5, 4]), st.zeros([6, 3]), { verbose: 0 })).toThrow(/x has 5 examples but y has 6/);
    m.compile({ loss: "sparseCategoricalCrossentropy" });
    expect(() => m.fit(st.zeros([2, 4]), st.tensor([0, 3], undefined, "int32"), { verbose: 0 })).toThrow(/y\[1\] = 3 is not a class index in \[0, 3\)/);
  });

  it("unknown loss, optimizer and metric names list the known ones", () => {
    const m = model();
    expect(() => m.compile({ loss: "crossentropy" as never })).toThrow(/compile: unknown loss "crossentropy"; expected one of "sparseCategoricalCrossentropy", "categoricalCrossentropy", "binaryCrossentropy", "mse", "mae"/);
    expect(() => m.compile({ loss: "mse", optimizer: "adagrad" as never })).toThrow(/compile: unknown optimizer "adagrad"; expected one of "rmsprop", "adam", "sgd"/);
    expect(() => m.compile({ loss: "mse", metrics: ["precision" as never] })).toThrow(/compile: unknown metric "precision"; expected one of "accuracy", "mae"/);
    expect(() => m.fit(st.zeros([1, 4]), st.zeros([1, 3]))).toThrow(/compile the model first/);
  });

  it("optimizer names take Keras's defaults; Keras's snake_case loss names are accepted", () => {
    const m = model();
    for (const [name, lr] of [["rmsprop", 0.001], ["adam", 0.001], ["sgd", 0.01]] as const) {
      m.compile({ optimizer: name, loss: "sparse_categorical_crossentropy" as never });
      expect(m.optimizer!.name).toBe(name);
      expect((m.optimizer as unknown as { learningRate: number }).learningRate).toBe(lr);
    }
  });
});
