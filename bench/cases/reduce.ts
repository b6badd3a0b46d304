// Reductions: the whole-tensor sum and the two axis sums of a matrix. Summing axis 0
// must stream rows (a column-strided walk is what makes tfjs-wasm 14× slower than numpy).
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase, type Tolerance } from "../case.js";
import { tensorVariant as variant, tfjsVariant } from "./variants.js";

const FAMILY = "reduce";
const F32 = 4;
/** The naive loops sum in float64; the kernels use blocked float32 partials added in float64. */
const SUM_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };

/** The literal loops: z += x[i, j] (all), z[j] += x[i, j] (axis 0), z[i] += x[i, j] (axis 1). */
function naiveSum(x: st.Tensor, axis: 0 | 1 | undefined): st.Tensor {
  const [rows, cols] = x.shape;
  const xv = x.data();
  if (axis === undefined) {
    let z = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) z += xv[i * cols + j];
    }
    return st.tensor(z);
  }
  const z = new Float64Array(axis === 0 ? cols : rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (axis === 0) z[j] += xv[i * cols + j];
      else z[i] += xv[i * cols + j];
    }
  }
  return st.tensor(z, [z.length], "float32");
}

function sumCase(name: string, axis: 0 | 1 | undefined, title: string): CaseDefinition {
  return {
    name,
    family: FAMILY,
    title,
    sizes: { meaning: "n for an (n, n) matrix", defaults: axis === undefined ? [1000, 4000] : [1000], quick: [1000], max: 30000 },
    prepare(n = 1000): PreparedCase {
      const x = st.randomUniform([n, n], { seed: 31 });
      return {
        shape: shapeLabel([n, n]),
        bytes: n * n * F32,
        tolerance: SUM_TOLERANCE,
        naive: variant(() => naiveSum(x, axis)),
        wasm: variant(() => st.sum(x, axis)),
        tfjs: (tf) => tfjsVariant(tf, [x], (t) => tf.sum(t, axis)),
        dispose: () => x.dispose(),
      };
    },
  };
}

/** logSumExp over the last axis of an (n, n) matrix: the stable softmax denominator (max, shift, exp, sum, log). */
const logSumExp: CaseDefinition = {
  name: "logsumexp",
  family: FAMILY,
  title: "logSumExp(x, -1): row-wise, without overflow",
  sizes: { meaning: "n for an (n, n) matrix", defaults: [1000], quick: [1000], max: 30000 },
  prepare(n = 1000): PreparedCase {
    const x = st.randomUniform([n, n], { min: -10, max: 10, seed: 33 });
    return {
      shape: shapeLabel([n, n]),
      bytes: n * n * F32,
      tolerance: { rtol: 1e-5, atol: 1e-5 },
      naive: variant(() => {
        const xv = x.data();
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          let m = -Infinity;
          for (let j = 0; j < n; j++) m = Math.max(m, xv[i * n + j]);
          let s = 0;
          for (let j = 0; j < n; j++) s += Math.exp(xv[i * n + j] - m);
          out[i] = m + Math.log(s);
        }
        return st.tensor(out);
      }),
      wasm: variant(() => st.logSumExp(x, -1)),
      tfjs: (tf) => tfjsVariant(tf, [x], (t) => tf.logSumExp(t, -1)),
      dispose: () => x.dispose(),
    };
  },
};

/** cumsum of 1e6 float32: a scan, its serial chain one add per vector. */
const cumsumCase: CaseDefinition = {
  name: "cumsum",
  family: FAMILY,
  title: "cumsum(x): running sums of a vector",
  sizes: { meaning: "elements", defaults: [1e6], max: 1e8 },
  prepare(n = 1e6): PreparedCase {
    const x = st.randomUniform([n], { min: -1, max: 1, seed: 35 });
    return {
      shape: shapeLabel([n]),
      bytes: 2 * n * F32,
      // float32 running sums drift with n: the naive loop adds in float64.
      tolerance: { rtol: 1e-3, atol: 1e-2 },
      naive: variant(() => {
        const xv = x.data();
        const out = new Float32Array(n);
        let s = 0;
        for (let i = 0; i < n; i++) out[i] = s += xv[i];
        return st.tensor(out);
      }),
      wasm: variant(() => st.cumsum(x)),
      tfjs: (tf) => tfjsVariant(tf, [x], (t) => tf.cumsum(t)),
      dispose: () => x.dispose(),
    };
  },
};

export const cases: readonly CaseDefinition[] = [
  sumCase("sum", undefined, "sum(x), every element"),
  sumCase("sum-axis0", 0, "sum(x, 0): down the columns"),
  sumCase("sum-axis1", 1, "sum(x, 1): along the rows"),
  logSumExp,
  cumsumCase,
];
