// The notebook's loops, translated literally to plain JS (Deep Learning with Python,
// "The gears of neural networks"). They copy the operands' values out with data(),
// loop element by element, and return a new tensor: the benchmark's baseline and an
// oracle independent of every kernel.
import { ShapeError } from "./errors.js";
import { formatShape } from "./shape/shape.js";
import type { Tensor } from "./tensor.js";
import { tensor } from "./ops/creation.js";
import { expectTensor } from "./ops/operand.js";

function assertRank(x: Tensor, rank: number, op: string, name: string): void {
  if (x.rank !== rank) throw new ShapeError(`naive.${op}: ${name} must have rank ${rank}, got shape ${formatShape(x.shape)}`);
}

/** naive_relu: x = x.copy(); x[i, j] = max(x[i, j], 0). */
export function relu(x: Tensor): Tensor {
  expectTensor(x, "naive.relu");
  assertRank(x, 2, "relu", "x");
  const [rows, cols] = x.shape;
  const z = x.data(); // x.copy()
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i * cols + j] = Math.max(z[i * cols + j], 0);
    }
  }
  return tensor(z, x.shape, x.dtype);
}

/** naive_add: x = x.copy(); x[i, j] += y[i, j]. */
export function add(x: Tensor, y: Tensor): Tensor {
  expectTensor(x, "naive.add");
  expectTensor(y, "naive.add");
  assertRank(x, 2, "add", "x");
  if (x.shape[0] !== y.shape[0] || x.shape[1] !== y.shape[1] || y.rank !== 2) {
    throw new ShapeError(`naive.add: shapes must match, got ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  const [rows, cols] = x.shape;
  const z = x.data();
  const yv = y.data();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i * cols + j] += yv[i * cols + j];
    }
  }
  return tensor(z, x.shape, x.dtype);
}

/** naive_add_matrix_and_vector: x = x.copy(); x[i, j] += y[j]. */
export function addMatrixAndVector(x: Tensor, y: Tensor): Tensor {
  expectTensor(x, "naive.addMatrixAndVector");
  expectTensor(y, "naive.addMatrixAndVector");
  assertRank(x, 2, "addMatrixAndVector", "x");
  assertRank(y, 1, "addMatrixAndVector", "y");
  if (x.shape[1] !== y.shape[0]) {
    throw new ShapeError(`naive.addMatrixAndVector: x.shape[1] must equal y.shape[0], got ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  const [rows, cols] = x.shape;
  const z = x.data();
  const yv = y.data();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      z[i * cols + j] += yv[j];
    }
  }
  return tensor(z, x.shape, x.dtype);
}
