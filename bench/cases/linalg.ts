// Products and layout: the notebook's "tensor product" loops (naive_vector_dot,
// naive_matrix_vector_dot, naive_matrix_dot) against the SIMD kernels, and the
// transposing copy that contiguous() runs on a transposed view.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase, type Tolerance } from "../case.js";
import { tensorVariant as variant, tfjsVariant } from "./variants.js";

const FAMILY = "linalg";
const F32 = 4;

/**
 * float32 products accumulate rounding error with k; the naive loops sum in float64. A
 * k-term float32 dot of [0,1) values stays within ~1e-6·sqrt(k) relative in practice;
 * these bounds leave room for FMA vs mul+add and blocking differences.
 */
const PRODUCT_TOLERANCE: Tolerance = { rtol: 2e-5, atol: 1e-5 };
/** A copy is exact. */
const EXACT: Tolerance = { rtol: 0, atol: 0 };

function uniform(shape: readonly number[], seed: number): st.Tensor {
  return st.randomUniform(shape, { seed });
}

const vectorDot: CaseDefinition = {
  name: "vector-dot",
  family: FAMILY,
  title: "dot(x, y) of two vectors (naive_vector_dot)",
  sizes: { meaning: "elements of each vector", defaults: [1e6], max: 2e8 },
  prepare(size = 1e6): PreparedCase {
    const x = uniform([size], 21), y = uniform([size], 22);
    return {
      shape: `${shapeLabel([size])}·${shapeLabel([size])}`,
      bytes: 2 * size * F32,
      flops: 2 * size,
      tolerance: PRODUCT_TOLERANCE,
      naive: variant(() => st.naive.vectorDot(x, y)),
      wasm: variant(() => st.dot(x, y)),
      tfjs: (tf) => tfjsVariant(tf, [x, y], (a, b) => tf.dot(a, b)),
      dispose: () => (x.dispose(), y.dispose()),
    };
  },
};

const matvec: CaseDefinition = {
  name: "matvec",
  family: FAMILY,
  title: "dot(A, x), matrix · vector (naive_matrix_vector_dot)",
  sizes: { meaning: "n for an (n, n) matrix", defaults: [1024], max: 20000 },
  prepare(n = 1024): PreparedCase {
    const a = uniform([n, n], 23), x = uniform([n], 24);
    return {
      shape: `${shapeLabel([n, n])}·${shapeLabel([n])}`,
      bytes: (n * n + 2 * n) * F32,
      flops: 2 * n * n,
      tolerance: PRODUCT_TOLERANCE,
      naive: variant(() => st.naive.matrixVectorDot(a, x)),
      wasm: variant(() => st.dot(a, x)),
      tfjs: (tf) => tfjsVariant(tf, [a, x], (m, v) => tf.dot(m, v)),
      dispose: () => (a.dispose(), x.dispose()),
    };
  },
};

const matmul: CaseDefinition = {
  name: "matmul",
  family: FAMILY,
  title: "matmul(A, B), square float32 (naive_matrix_dot)",
  sizes: { meaning: "n for (n, n) @ (n, n)", defaults: [64, 128, 256, 512, 1024], quick: [64, 256], threaded: [1024], max: 8192 },
  prepare(n = 256): PreparedCase {
    const a = uniform([n, n], 25), b = uniform([n, n], 26);
    return {
      shape: `${shapeLabel([n, n])}@${shapeLabel([n, n])}`,
      bytes: 3 * n * n * F32,
      flops: 2 * n * n * n,
      tolerance: PRODUCT_TOLERANCE,
      naive: variant(() => st.naive.matrixDot(a, b)),
      wasm: variant(() => st.matmul(a, b)),
      tfjs: (tf) => tfjsVariant(tf, [a, b], (x, y) => tf.matMul(x, y)),
      dispose: () => (a.dispose(), b.dispose()),
    };
  },
};

/** The literal transposing copy: z[j, i] = x[i, j]. */
function naiveTranspose(x: st.Tensor): st.Tensor {
  const [rows, cols] = x.shape;
  const xv = x.data();
  const z = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[j * rows + i] = xv[i * cols + j];
    }
  }
  return st.tensor(z, [cols, rows]);
}

const transposeCopy: CaseDefinition = {
  name: "transpose",
  family: FAMILY,
  title: "transpose(x).contiguous(), a materialised transpose",
  sizes: { meaning: "n for an (n, n) matrix", defaults: [1000], max: 20000 },
  prepare(n = 1000): PreparedCase {
    const x = uniform([n, n], 27);
    return {
      shape: shapeLabel([n, n]),
      bytes: 2 * n * n * F32,
      tolerance: EXACT,
      naive: variant(() => naiveTranspose(x)),
      wasm: variant(() => st.transpose(x).contiguous()),
      tfjs: (tf) => tfjsVariant(tf, [x], (t) => tf.transpose(t)),
      dispose: () => x.dispose(),
    };
  },
};

export const cases: readonly CaseDefinition[] = [vectorDot, matvec, matmul, transposeCopy];
