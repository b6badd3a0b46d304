/**
 * The notebook's naive loops (Deep Learning with Python, "The gears of neural networks")
 * in plain JS, for benchmarks and as an oracle independent of the wasm kernels. Each
 * function checks ranks and shapes as the notebook's asserts do (ShapeError), copies the
 * operands' values out with data(), loops element by element, and returns a new
 * contiguous tensor of the first operand's dtype. No broadcasting, no autodiff.
 *
 * @module
 */
// The notebook's loops, translated literally to plain JS (Deep Learning with Python,
// "The gears of neural networks"). They copy the operands' values out with data(),
// loop element by element, and return a new tensor: the benchmark's baseline and an
// oracle independent of every kernel.
import { ShapeError } from "./errors.js";
import { formatShape } from "./shape/shape.js";
import type { Tensor } from "./tensor.js";
import { tensor } from "./ops/creation.js";
import { expectTensor } from "./engine/operand.js";

function assertRank(x: Tensor, rank: number, op: string, name: string): void {
  if (x.rank !== rank) throw new ShapeError(`naive.${op}: ${name} must have rank ${rank}, got shape ${formatShape(x._shape)}`);
}

/** naive_relu: x = x.copy(); x[i, j] = max(x[i, j], 0). */
export function relu(x: Tensor): Tensor {
  expectTensor(x, "naive.relu");
  assertRank(x, 2, "relu", "x");
  const [rows, cols] = x._shape;
  const z = x.data(); // x.copy()
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i * cols + j] = Math.max(z[i * cols + j], 0);
    }
  }
  return tensor(z, x._shape, x.dtype);
}

/** naive_add: x = x.copy(); x[i, j] += y[i, j]. */
export function add(x: Tensor, y: Tensor): Tensor {
  expectTensor(x, "naive.add");
  expectTensor(y, "naive.add");
  assertRank(x, 2, "add", "x");
  if (x._shape[0] !== y._shape[0] || x._shape[1] !== y._shape[1] || y.rank !== 2) {
    throw new ShapeError(`naive.add: shapes must match, got ${formatShape(x._shape)} and ${formatShape(y._shape)}`);
  }
  const [rows, cols] = x._shape;
  const z = x.data();
  const yv = y.data();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i * cols + j] += yv[i * cols + j];
    }
  }
  return tensor(z, x._shape, x.dtype);
}

/** naive_add_matrix_and_vector: x = x.copy(); x[i, j] += y[j]. */
export function addMatrixAndVector(x: Tensor, y: Tensor): Tensor {
  expectTensor(x, "naive.addMatrixAndVector");
  expectTensor(y, "naive.addMatrixAndVector");
  assertRank(x, 2, "addMatrixAndVector", "x");
  assertRank(y, 1, "addMatrixAndVector", "y");
  if (x._shape[1] !== y._shape[0]) {
    throw new ShapeError(`naive.addMatrixAndVector: x.shape[1] must equal y.shape[0], got ${formatShape(x._shape)} and ${formatShape(y._shape)}`);
  }
  const [rows, cols] = x._shape;
  const z = x.data();
  const yv = y.data();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i * cols + j] += yv[j];
    }
  }
  return tensor(z, x._shape, x.dtype);
}

/**
 * naive_vector_dot over a row or column "view" of copied values: n elements from
 * `offset`, `stride` apart (x[i, :] and y[:, j] in the notebook are such views).
 */
function vectorDotValues(x: ArrayLike<number>, xOffset: number, xStride: number, y: ArrayLike<number>, yOffset: number, yStride: number, n: number): number {
  let z = 0;
  for (let i = 0; i < n; i++) {
    z += x[xOffset + i * xStride] * y[yOffset + i * yStride];
  }
  return z;
}

/** The notebook's asserts for a product: x of rank 2, y of rank yRank, x.shape[1] == y.shape[0]. */
function checkProduct(op: string, x: Tensor, y: Tensor, yRank: number): void {
  expectTensor(x, `naive.${op}`);
  expectTensor(y, `naive.${op}`);
  assertRank(x, 2, op, "x");
  assertRank(y, yRank, op, "y");
  if (x._shape[1] !== y._shape[0]) {
    throw new ShapeError(`naive.${op}: x.shape[1] must equal y.shape[0], got ${formatShape(x._shape)} and ${formatShape(y._shape)}`);
  }
}

/** naive_vector_dot: z += x[i] * y[i]; a 0-d tensor. */
export function vectorDot(x: Tensor, y: Tensor): Tensor {
  expectTensor(x, "naive.vectorDot");
  expectTensor(y, "naive.vectorDot");
  assertRank(x, 1, "vectorDot", "x");
  assertRank(y, 1, "vectorDot", "y");
  if (x._shape[0] !== y._shape[0]) {
    throw new ShapeError(`naive.vectorDot: lengths differ: ${formatShape(x._shape)} and ${formatShape(y._shape)}`);
  }
  return tensor(vectorDotValues(x.data(), 0, 1, y.data(), 0, 1, x._shape[0]), [], x.dtype);
}

/** naive_matrix_vector_dot (first version): z[i] += x[i, j] * y[j]. */
export function matrixVectorDot(x: Tensor, y: Tensor): Tensor {
  checkProduct("matrixVectorDot", x, y, 1);
  const [rows, cols] = x._shape;
  const xv = x.data();
  const yv = y.data();
  const z = new Float64Array(rows); // np.zeros(x.shape[0])
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i] += xv[i * cols + j] * yv[j];
    }
  }
  return tensor(z, [rows], x.dtype);
}

/** naive_matrix_vector_dot (second version): z[i] = naive_vector_dot(x[i, :], y). */
export function matrixVectorDotByRows(x: Tensor, y: Tensor): Tensor {
  checkProduct("matrixVectorDotByRows", x, y, 1);
  const [rows, cols] = x._shape;
  const xv = x.data();
  const yv = y.data();
  const z = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    z[i] = vectorDotValues(xv, i * cols, 1, yv, 0, 1, cols); // x[i, :]
  }
  return tensor(z, [rows], x.dtype);
}

/** naive_matrix_dot: z[i, j] = naive_vector_dot(x[i, :], y[:, j]). */
export function matrixDot(x: Tensor, y: Tensor): Tensor {
  checkProduct("matrixDot", x, y, 2);
  const [rows, inner] = x._shape;
  const cols = y._shape[1];
  const xv = x.data();
  const yv = y.data();
  const z = new Float64Array(rows * cols); // np.zeros((x.shape[0], y.shape[1]))
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // row_x = x[i, :] (stride 1); column_y = y[:, j] (stride cols)
      z[i * cols + j] = vectorDotValues(xv, i * inner, 1, yv, j, cols, inner);
    }
  }
  return tensor(z, [rows, cols], x.dtype);
}
