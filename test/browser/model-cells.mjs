// A Keras-style model on a fixed seeded dataset, run by the browser test in Node and in
// Chromium: a small sequential dense classifier fit for 2 epochs, its history, evaluation,
// predictions and weights as .npz bytes, and a second model loaded from those bytes. Every
// value as plain numbers, to compare. Plain JavaScript, so the test page loads it as it is.

/** `verbose` is fit's (Node's test passes 0; the page leaves fit's default, one console.log per epoch). */
export function modelCells(st, { verbose } = {}) {
  const g = st.randomGenerator(11);
  const x = g.normal([64, 8]);
  const labels = st.tidy(() => st.argmax(st.matmul(x, g.normal([8, 3])), 1));
  const layers = () => [st.layers.dense(16, { activation: "relu", inputShape: [8] }), st.layers.dense(3, { activation: "softmax" })];
  const model = st.sequential(layers(), { seed: 1 });
  const other = st.sequential(layers(), { seed: 2 });
  try {
    model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
    const history = model.fit(x, labels, { epochs: 2, batchSize: 16, seed: 3, ...(verbose === undefined ? {} : { verbose }) });
    return st.tidy(() => {
      const head = x.slice([0, 0], [5, 8]);
      const bytes = model.saveWeightsBytes();
      const before = other.predict(head).toArray();
      other.loadWeightsBytes(bytes);
      return {
        history: { epoch: history.epoch, loss: history.loss, accuracy: history.accuracy },
        evaluate: model.evaluate(x, labels),
        predictions: model.predict(head).toArray(),
        bytes: Array.from(bytes),
        otherBefore: before,
        otherLoaded: other.predict(head).toArray(),
        otherBytes: Array.from(other.saveWeightsBytes()),
      };
    });
  } finally {
    model.dispose();
    other.dispose();
    x.dispose();
    labels.dispose();
  }
}
