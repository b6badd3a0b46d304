// Autodiff: the dense layer of the book's network, forward and forward+backward, with the
// loss sum(x @ W + b) (so the upstream gradient is ones) and gradients with respect to W
// and b — the anchors' W7 workload — and one training step of examples/train-dense.ts's
// network. Data: uniform [0, 1), seeded (as in the anchors).
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase, type Tolerance, type Variant } from "../case.js";
import type { Tfjs, TfTensor } from "../tfjs.js";

const FAMILY = "dense";

/** float32 GEMM and a 131072-term sum: rounding differs between implementations, not the math. */
const TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-3 };

/** The tfjs calls these cases need beyond bench/tfjs.ts's common slice. */
interface TfjsGrads {
  sum(x: TfTensor): TfTensor;
  grads(f: (...xs: TfTensor[]) => TfTensor): (xs: TfTensor[]) => TfTensor[];
}

interface Inputs {
  x: st.Tensor;
  W: st.Variable;
  b: st.Variable;
}

function inputs(batch: number, k: number, n: number): Inputs {
  return st.tidy(() => ({
    x: st.keep(st.randomUniform([batch, k], { seed: 71 })),
    W: st.variable(st.randomUniform([k, n], { seed: 72 }), { name: "W" }),
    b: st.variable(st.randomUniform([n], { seed: 73 }), { name: "b" }),
  }));
}

const loss = ({ x, W, b }: Inputs): st.Tensor => st.sum(st.add(st.matmul(x, W), b));

/** The notebook's loops: naive_matrix_dot, naive_add_matrix_and_vector, then a plain sum. */
function naiveForward({ x, W, b }: Inputs): number {
  return st.tidy(() => {
    const y = st.naive.addMatrixAndVector(st.naive.matrixDot(x, W), b).data();
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i];
    return s;
  });
}

/** The backward pass as plain loops: dW = xᵀ · dy and db = column sums of dy, with dy = ones. */
function naiveBackward({ x, W }: Inputs): Float32Array {
  const [rows, k] = x.shape;
  const n = W.shape[1];
  const xv = x.data();
  const dy = new Float32Array(rows * n).fill(1);
  const out = new Float32Array(k * n + n);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += xv[r * k + i] * dy[r * n + j];
      out[i * n + j] = s;
    }
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += dy[r * n + j];
    out[k * n + j] = s;
  }
  return out;
}

/** loss(v) on a tape and its gradients [dW, db]; call inside tidy. */
function libraryGradients(v: Inputs): st.Tensor[] {
  const tape = new st.GradientTape();
  const l = tape.record(() => loss(v));
  return tape.gradient(l, [v.W, v.b]) as st.Tensor[];
}

function libraryBackward(v: Inputs): Float32Array {
  return st.tidy(() => {
    const [dW, db] = libraryGradients(v);
    const out = new Float32Array(dW.size + db.size);
    out.set(dW.data());
    out.set(db.data(), dW.size);
    return out;
  });
}

function tfjsInputs(tf: Tfjs, v: Inputs): TfTensor[] {
  return [v.x, v.W, v.b].map((t) => tf.tensor(t.data(), t.shape, "float32"));
}

function dense(backward: boolean): CaseDefinition {
  return {
    name: backward ? "dense-backward" : "dense-forward",
    family: FAMILY,
    title: backward ? "sum(x @ W + b) and its gradients with respect to W and b (GradientTape)" : "sum(x @ W + b), the dense layer's forward pass",
    sizes: { meaning: "batch rows of x (784 inputs, 512 units)", defaults: [256], max: 65536 },
    prepare(batch = 256): PreparedCase {
      const [k, n] = [784, 512];
      const v = inputs(batch, k, n);
      const flops = 2 * batch * k * n * (backward ? 2 : 1);
      const naive: Variant = backward
        ? { output: () => naiveBackward(v), run: () => void (naiveForward(v), naiveBackward(v)) }
        : { output: () => [naiveForward(v)], run: () => void naiveForward(v) };
      const wasm: Variant = backward
        ? { output: () => libraryBackward(v), run: () => st.tidy(() => void libraryGradients(v)) }
        : { output: () => st.tidy(() => loss(v).data()), run: () => st.tidy(() => void loss(v)) };
      return {
        shape: `${shapeLabel([batch, k])}@${shapeLabel([k, n])}+${shapeLabel([n])}`,
        flops,
        tolerance: TOLERANCE,
        naive,
        wasm,
        tfjs: (tf) => {
          const t = tf as Tfjs & TfjsGrads;
          const [x, W, b] = tfjsInputs(tf, v);
          const f = (w: TfTensor, bias: TfTensor) => t.sum(t.add(t.matMul(x, w), bias));
          const grads = t.grads(f);
          return {
            output: () =>
              t.tidy(() => {
                if (!backward) return Array.from(f(W, b).dataSync());
                const [dW, db] = grads([W, b]);
                return [...Array.from(dW.dataSync()), ...Array.from(db.dataSync())];
              }),
            run: () =>
              t.tidy(() => {
                if (backward) grads([W, b]);
                else f(W, b);
              }),
            dispose: () => [x, W, b].forEach((z) => z.dispose()),
          };
        },
        dispose: () => [v.x, v.W, v.b].forEach((z) => z.dispose()),
      };
    },
  };
}

/** The tfjs calls of the training step. */
interface TfjsTraining {
  variable(t: TfTensor): TfTensor;
  relu(x: TfTensor): TfTensor;
  losses: { softmaxCrossEntropy(labels: TfTensor, logits: TfTensor): TfTensor };
  train: { sgd(learningRate: number): { minimize(f: () => TfTensor, returnCost?: boolean, varList?: TfTensor[]): TfTensor | null } };
  variableGrads(f: () => TfTensor, varList?: TfTensor[]): { value: TfTensor; grads: Record<string, TfTensor> };
}

/**
 * One training step of examples/train-dense.ts's network, 784 → 512 relu → 10, on a batch of
 * 128: forward, softmax cross-entropy, backward, SGD update. The agreement check compares the
 * loss and the gradients of the last layer at the initial weights.
 */
const trainStep: CaseDefinition = {
  name: "train-step",
  family: FAMILY,
  title: "one SGD step of the 784 → 512 relu → 10 softmax network (forward, backward, update)",
  sizes: { meaning: "batch rows", defaults: [128], max: 65536 },
  prepare(batch = 128): PreparedCase {
    const [k, h, c] = [784, 512, 10];
    const init = st.tidy(() => ({
      x: st.keep(st.randomUniform([batch, k], { seed: 81 })),
      labels: st.keep(st.tensor(Float32Array.from({ length: batch * c }, (_, i) => (i % c === (Math.floor(i / c) * 7) % c ? 1 : 0)), [batch, c])),
      W1: st.keep(st.randomUniform([k, h], { min: -0.07, max: 0.07, seed: 82 })),
      b1: st.keep(st.zeros([h])),
      W2: st.keep(st.randomUniform([h, c], { min: -0.1, max: 0.1, seed: 83 })),
      b2: st.keep(st.zeros([c])),
    }));
    const vars = [init.W1, init.b1, init.W2, init.b2].map((t) => st.variable(t));
    const [W1, b1, W2, b2] = vars;
    const loss = () => st.mean(st.softmaxCrossEntropy(init.labels, st.add(st.matmul(st.relu(st.add(st.matmul(init.x, W1), b1)), W2), b2)));
    const opt = st.optimizers.sgd({ learningRate: 0.01 });
    const flops = 3 * 2 * batch * (k * h + h * c); // forward, and two products per layer backward (dx of layer 1 is not needed)
    return {
      shape: `${shapeLabel([batch, k])}→${h}→${c}`,
      flops,
      tolerance: { rtol: 1e-3, atol: 1e-4 },
      wasm: {
        output: () =>
          st.tidy(() => {
            const tape = new st.GradientTape();
            const l = tape.record(loss);
            const [dW2, db2] = tape.gradient(l, [W2, b2]);
            return [...l.data(), ...dW2!.data(), ...db2!.data()];
          }),
        run: () => st.tidy(() => void opt.minimize(loss)),
      },
      tfjs: (tf) => {
        const t = tf as Tfjs & TfjsTraining;
        const [x, labels, ...ws] = [init.x, init.labels, init.W1, init.b1, init.W2, init.b2].map((z) => tf.tensor(z.data(), z.shape, "float32"));
        const [tW1, tb1, tW2, tb2] = ws.map((w) => t.variable(w));
        const tfLoss = () => t.losses.softmaxCrossEntropy(labels, t.add(t.matMul(t.relu(t.add(t.matMul(x, tW1), tb1)), tW2), tb2));
        const sgd = t.train.sgd(0.01);
        return {
          output: () =>
            t.tidy(() => {
              const { value, grads } = t.variableGrads(tfLoss, [tW2, tb2]);
              const [g2, gb2] = Object.values(grads);
              return [...Array.from(value.dataSync()), ...Array.from(g2.dataSync()), ...Array.from(gb2.dataSync())];
            }),
          run: () => t.tidy(() => void sgd.minimize(tfLoss, false, [tW1, tb1, tW2, tb2])),
          dispose: () => [x, labels, ...ws, tW1, tb1, tW2, tb2].forEach((z) => z.dispose()),
        };
      },
      dispose: () => {
        opt.dispose();
        [...vars, ...Object.values(init)].forEach((z) => z.dispose());
      },
    };
  },
};

export const cases: readonly CaseDefinition[] = [dense(false), dense(true), trainStep];
