// The linear classifier of Deep Learning with Python, ch. 3, step by step as the book
// writes it in TensorFlow: two Gaussian clouds of 1000 points (means [0, 3] and [3, 0],
// covariance [[1, 0.5], [0.5, 1]]), a model W·x + b fitted with a mean squared error,
// a GradientTape and plain gradient descent (assignSub), 40 steps at learning rate 0.1.
// Run with `npx tsx examples/linear-classifier.ts` (after `npm run build`).
import * as st from "simd-tensor";

const SAMPLES_PER_CLASS = 1000;
const LEARNING_RATE = 0.1;
const STEPS = 40;

const rng = st.randomGenerator(1337);

/** n points of N(mean, [[1, 0.5], [0.5, 1]]): standard normals through the covariance's Cholesky factor L (x = mean + L·z). */
function cloud(mean: [number, number], n: number): st.Tensor {
  return st.tidy(() => {
    const lTransposed = st.tensor([[1, 0.5], [0, Math.sqrt(0.75)]]);
    return st.add(st.matmul(rng.normal([n, 2]), lTransposed), st.tensor(mean));
  });
}

const inputs = st.tidy(() => st.concat([cloud([0, 3], SAMPLES_PER_CLASS), cloud([3, 0], SAMPLES_PER_CLASS)]));
const targets = st.concat([st.zeros([SAMPLES_PER_CLASS, 1]), st.ones([SAMPLES_PER_CLASS, 1])]);

const W = st.variable(rng.uniform([2, 1]), { name: "W" });
const b = st.variable(st.zeros([1]), { name: "b" });

const model = (x: st.Tensor) => st.add(st.matmul(x, W), b);
const squareLoss = (yTrue: st.Tensor, yPred: st.Tensor) => st.mean(st.meanSquaredError(yTrue, yPred));

function trainingStep(): number {
  return st.tidy(() => {
    const tape = new st.GradientTape();
    const loss = tape.record(() => squareLoss(targets, model(inputs)));
    const [gradW, gradB] = tape.gradient(loss, [W, b], { unconnectedGradients: "zero" });
    W.assignSub(st.mul(gradW, LEARNING_RATE));
    b.assignSub(st.mul(gradB, LEARNING_RATE));
    return loss.item();
  });
}

for (let step = 0; step < STEPS; step++) console.log(`Loss at step ${step}: ${trainingStep().toFixed(4)}`);

const accuracy = st.tidy(() => st.mean(st.equal(st.greater(model(inputs), 0.5), targets)).item());
console.log(`accuracy: ${(100 * accuracy).toFixed(1)}%`);
if (accuracy <= 0.95) {
  console.error("the classifier should separate the two clouds to more than 95%");
  process.exitCode = 1;
}

[inputs, targets, W, b].forEach((t) => t.dispose());
