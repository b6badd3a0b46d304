// Deep Learning with Python, chapter 4's IMDB classifier on a synthetic bag-of-words set
// (no downloads): each "review" is a multi-hot vector over a 2,000-word vocabulary, and
// its label follows a known rule: 50 "positive" and 50 "negative" words, and a review is
// positive when it holds more positive than negative words (ties dropped). The model, loss
// and metric are the book's: Dense(16, relu) → Dense(16, relu) → Dense(1, sigmoid),
// rmsprop, binary cross-entropy, accuracy, 4 epochs at batch 512 with 10,000 reviews held
// out for validation. Exits with status 1 if the test accuracy is not above 85%.
// Run with `npx tsx examples/imdb-style.ts` (after `npm run build`).
import * as st from "simd-tensor";

const VOCABULARY = 2000;
const WORDS = 60; // distinct words per review, on average

/** `n` reviews as multi-hot rows and their 0/1 labels, from generator `g`. */
function reviews(n: number, g: st.RandomGenerator): { x: st.Tensor; y: st.Tensor } {
  const rows = new Float32Array(n * VOCABULARY);
  const labels = new Float32Array(n);
  let made = 0;
  const words = st.tidy(() => g.integers(0, VOCABULARY, [4 * n, WORDS]).data());
  for (let r = 0; made < n && r < 4 * n; r++) {
    let score = 0;
    const row = rows.subarray(made * VOCABULARY, (made + 1) * VOCABULARY);
    row.fill(0);
    for (let w = 0; w < WORDS; w++) {
      const word = words[r * WORDS + w];
      if (row[word] === 1) continue;
      row[word] = 1;
      if (word < 50) score++; // words 0-49 are positive
      else if (word < 100) score--; // words 50-99 negative
    }
    if (score === 0) continue; // no rule applies: draw another review
    labels[made++] = score > 0 ? 1 : 0;
  }
  return { x: st.tensor(rows, [n, VOCABULARY]), y: st.tensor(labels) };
}

const g = st.randomGenerator(4);
const train = reviews(25000, g);
const test = reviews(25000, g);

const model = st.sequential([
  st.layers.dense(16, { activation: "relu", inputShape: [VOCABULARY] }),
  st.layers.dense(16, { activation: "relu" }),
  st.layers.dense(1, { activation: "sigmoid" }),
], { seed: 1 });
model.compile({ optimizer: "rmsprop", loss: "binaryCrossentropy", metrics: ["accuracy"] });
// The book holds out the first 10,000 training reviews; validationSplit takes the last 40%, as Keras.
const history = model.fit(train.x, train.y, { epochs: 4, batchSize: 512, validationSplit: 0.4, seed: 1 });
const { loss, accuracy } = model.evaluate(test.x, test.y, { batchSize: 1000 });
console.log(`validation accuracy by epoch: ${history.valAccuracy!.map((a) => a.toFixed(3)).join(" ")}`);
console.log(`test loss ${loss.toFixed(4)}, test accuracy ${(100 * accuracy).toFixed(1)}%`);
if (!(accuracy > 0.85)) {
  console.error(`FAIL: test accuracy ${(100 * accuracy).toFixed(1)}% is not above 85%`);
  process.exit(1);
}
