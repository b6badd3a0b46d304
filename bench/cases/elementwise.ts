// Element-wise cases: the notebook's seed loop, relu(x + y) on a large tensor, and the
// notebook's two broadcasting examples. Data: uniform [-1, 1), seeded (as in the anchors),
// so relu zeroes about half of x + y.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase, type Tolerance, type Variant } from "../case.js";
import { tensorVariant, tfjsVariant } from "./variants.js";

const FAMILY = "elementwise";
const F32 = 4;
/** Four live tensors of this many float32 (x, y, x + y, the result) stay well inside the 4 GiB heap. */
const MAX_ELEMENTS = 1e8;

/** Add, maximum and relu are exact in float32 on every path, so any difference is a bug. */
const TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-7 };

function uniform(shape: readonly number[], seed: number): st.Tensor {
  return st.randomUniform(shape, { min: -1, max: 1, seed });
}

/** A 2-D shape holding `elements` values: square when possible (1e6 -> (1000,1000)), else rows of 1000. */
function matrixOf(elements: number): [number, number] {
  const side = Math.round(Math.sqrt(elements));
  if (side * side === elements) return [side, side];
  if (elements % 1000 === 0) return [elements / 1000, 1000];
  return [1, elements];
}

function disposeAll(...ts: st.Tensor[]): void {
  for (const t of ts) t.dispose();
}

/** The notebook's headline: `for _ in range(1000): z = x + y; z = np.maximum(z, 0.)` on (20,100). */
const SEED_ITERATIONS = 1000;
const seed: CaseDefinition = {
  name: "seed",
  family: FAMILY,
  title: `${SEED_ITERATIONS} × relu(x + y), the notebook's loop`,
  notebook: {
    naive: "for _ in range(1000): z = naive_add(x, y); z = naive_relu(z)",
    library: "for _ in range(1000): z = x + y; z = np.maximum(z, 0.)",
  },
  prepare(): PreparedCase {
    const shape = [20, 100];
    const x = uniform(shape, 1);
    const y = uniform(shape, 2);
    const elements = x.size;
    return {
      shape: `${shapeLabel(shape)}+${shapeLabel(shape)}`,
      bytes: SEED_ITERATIONS * elements * 5 * F32, // add: 2 reads + 1 write; relu: 1 read + 1 write
      tolerance: TOLERANCE,
      naive: {
        output: () => st.tidy(() => st.naive.relu(st.naive.add(x, y)).data()),
        run: () => {
          for (let i = 0; i < SEED_ITERATIONS; i++) st.tidy(() => void st.naive.relu(st.naive.add(x, y)));
        },
      },
      wasm: {
        output: () => st.tidy(() => st.relu(st.add(x, y)).data()),
        run: () => {
          for (let i = 0; i < SEED_ITERATIONS; i++) st.tidy(() => void st.relu(st.add(x, y)));
        },
      },
      tfjs: (tf) => tfjsVariant(tf, [x, y], (a, b) => tf.relu(tf.add(a, b)), SEED_ITERATIONS),
      dispose: () => disposeAll(x, y),
    };
  },
};

/** relu(x + y) on one large tensor: memory-bound streaming. */
const reluAdd: CaseDefinition = {
  name: "relu-add",
  family: FAMILY,
  title: "relu(x + y)",
  sizes: { meaning: "elements of x (x, y: 2-D, square when possible)", defaults: [1e6, 1.6e7], quick: [1e6], threaded: [1.6e7], max: MAX_ELEMENTS },
  prepare(size = 1e6): PreparedCase {
    const shape = matrixOf(size);
    const x = uniform(shape, 3);
    const y = uniform(shape, 4);
    return {
      shape: `${shapeLabel(shape)}+${shapeLabel(shape)}`,
      bytes: size * 5 * F32,
      tolerance: TOLERANCE,
      naive: {
        output: () => st.tidy(() => st.naive.relu(st.naive.add(x, y)).data()),
        run: () => st.tidy(() => void st.naive.relu(st.naive.add(x, y))),
      },
      wasm: {
        output: () => st.tidy(() => st.relu(st.add(x, y)).data()),
        run: () => st.tidy(() => void st.relu(st.add(x, y))),
      },
      tfjs: (tf) => tfjsVariant(tf, [x, y], (a, b) => tf.relu(tf.add(a, b))),
      dispose: () => disposeAll(x, y),
    };
  },
};

/**
 * Three relu layers without weights: relu(relu(relu(x + y) - z) + y). Each link fuses into
 * one pass (src/engine/fusion.ts); the naive loops and tfjs make six.
 */
const reluChain: CaseDefinition = {
  name: "relu-chain",
  family: FAMILY,
  title: "relu(relu(relu(x + y) - z) + y), fused link by link",
  sizes: { meaning: "elements of x, y, z (2-D, square when possible)", defaults: [1e6], max: MAX_ELEMENTS },
  prepare(size = 1e6): PreparedCase {
    const shape = matrixOf(size);
    const x = uniform(shape, 9);
    const y = uniform(shape, 10);
    const z = uniform(shape, 11);
    const negZ = st.neg(z); // the notebook has no naive_sub: x - z is exactly x + (-z)
    const n = st.naive;
    return {
      shape: `3 × ${shapeLabel(shape)}`,
      bytes: size * 3 * 5 * F32, // three links of add (2 reads + 1 write) and relu (1 read + 1 write), unfused
      tolerance: TOLERANCE,
      naive: tensorVariant(() => n.relu(n.add(n.relu(n.add(n.relu(n.add(x, y)), negZ)), y))),
      wasm: tensorVariant(() => st.relu(st.add(st.relu(st.sub(st.relu(st.add(x, y)), z)), y))),
      tfjs: (tf) => tfjsVariant(tf, [x, y, z], (a, b, c) => tf.relu(tf.add(tf.relu(tf.sub(tf.relu(tf.add(a, b)), c)), b))),
      dispose: () => disposeAll(x, y, z, negZ),
    };
  },
};

/** The notebook's naive_add_matrix_and_vector: a matrix plus a row vector broadcast over its rows. */
const broadcastAdd: CaseDefinition = {
  name: "broadcast-add",
  family: FAMILY,
  title: "x + y, y broadcast over the rows of x",
  sizes: { meaning: "elements of the matrix x (square when possible); y has one row's length", defaults: [1e6], max: MAX_ELEMENTS },
  prepare(size = 1e6): PreparedCase {
    const [rows, cols] = matrixOf(size);
    const x = uniform([rows, cols], 5);
    const y = uniform([cols], 6);
    return {
      shape: `${shapeLabel([rows, cols])}+${shapeLabel([cols])}`,
      bytes: (2 * size + cols) * F32,
      tolerance: TOLERANCE,
      naive: {
        output: () => st.tidy(() => st.naive.addMatrixAndVector(x, y).data()),
        run: () => st.tidy(() => void st.naive.addMatrixAndVector(x, y)),
      },
      wasm: {
        output: () => st.tidy(() => st.add(x, y).data()),
        run: () => st.tidy(() => void st.add(x, y)),
      },
      tfjs: (tf) => tfjsVariant(tf, [x, y], (a, b) => tf.add(a, b)),
      dispose: () => disposeAll(x, y),
    };
  },
};

/**
 * The notebook's np.maximum(x, y) with x (64, 3, 32, 10) and y (32, 10): y broadcast over
 * the two leading axes. The library has no naive.* loop for it, so here is the literal one.
 */
function naiveMaximum4d(x: st.Tensor, y: st.Tensor): st.Tensor {
  const [d0, d1, d2, d3] = x.shape;
  const z = x.data(); // x = x.copy()
  const yv = y.data();
  for (let a = 0; a < d0; a++) {
    for (let b = 0; b < d1; b++) {
      for (let i = 0; i < d2; i++) {
        for (let j = 0; j < d3; j++) {
          const k = ((a * d1 + b) * d2 + i) * d3 + j;
          z[k] = Math.max(z[k], yv[i * d3 + j]);
        }
      }
    }
  }
  return st.tensor(z, x.shape, x.dtype);
}

const maximum4d: CaseDefinition = {
  name: "maximum-4d",
  family: FAMILY,
  title: "maximum(x, y), y broadcast over two leading axes",
  prepare(): PreparedCase {
    const x = uniform([64, 3, 32, 10], 7);
    const y = uniform([32, 10], 8);
    return {
      shape: `${shapeLabel(x.shape)}+${shapeLabel(y.shape)}`,
      bytes: (2 * x.size + y.size) * F32,
      tolerance: TOLERANCE,
      naive: {
        output: () => st.tidy(() => naiveMaximum4d(x, y).data()),
        run: () => st.tidy(() => void naiveMaximum4d(x, y)),
      },
      wasm: {
        output: () => st.tidy(() => st.maximum(x, y).data()),
        run: () => st.tidy(() => void st.maximum(x, y)),
      },
      tfjs: (tf) => tfjsVariant(tf, [x, y], (a, b) => tf.maximum(a, b)),
      dispose: () => disposeAll(x, y),
    };
  },
};

/** x + y in float32 beside float64 (the float64 kernels must stay within 2.2× of float32). */
function addCase(dtype: "float32" | "float64"): CaseDefinition {
  return {
    name: `add-${dtype === "float32" ? "f32" : "f64"}`,
    family: FAMILY,
    title: `x + y, ${dtype}`,
    sizes: { meaning: "elements", defaults: [1e6], max: 1e8 },
    prepare(n = 1e6): PreparedCase {
      const x = st.randomUniform([n], { seed: 42, dtype }), y = st.randomUniform([n], { seed: 43, dtype });
      const bytes = dtype === "float32" ? 4 : 8;
      return {
        shape: `${shapeLabel([n])}+${shapeLabel([n])} ${dtype}`,
        bytes: 3 * n * bytes,
        tolerance: { rtol: 0, atol: 0 },
        naive: tensorVariant(() => {
          const a = x.data(), b = y.data();
          for (let i = 0; i < a.length; i++) a[i] += b[i];
          return st.tensor(a, x.shape, dtype);
        }),
        wasm: tensorVariant(() => st.add(x, y)),
        dispose: () => (x.dispose(), y.dispose()),
      };
    },
  };
}

export const cases: readonly CaseDefinition[] = [seed, reluAdd, reluChain, broadcastAdd, maximum4d, addCase("float32"), addCase("float64")];
