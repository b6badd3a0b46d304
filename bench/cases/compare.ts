// Comparisons and where on 1e6 float32 (#15's targets): greater(x, y) and where(c, x, y),
// each beside add(x, y) on the same shape, which moves as many bytes or more, so the
// kernels' overhead shows as the ratio to it.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase } from "../case.js";
import type { Tfjs } from "../tfjs.js";
import { tensorVariant, tfjsVariant } from "./variants.js";

const FAMILY = "compare";
const EXACT = { rtol: 0, atol: 0 };

function uniform(n: number, seed: number): st.Tensor {
  return st.randomUniform([n], { min: -1, max: 1, seed });
}

const greater: CaseDefinition = {
  name: "greater",
  family: FAMILY,
  title: "greater(x, y): a bool per element",
  sizes: { meaning: "elements", defaults: [1e6], max: 1e8 },
  prepare(n = 1e6): PreparedCase {
    const x = uniform(n, 61), y = uniform(n, 62);
    return {
      shape: `${shapeLabel([n])}+${shapeLabel([n])}`,
      bytes: n * (4 + 4 + 1),
      tolerance: EXACT,
      naive: tensorVariant(() => {
        const a = x.data(), b = y.data();
        return st.tensor(Uint8Array.from(a, (v, i) => (v > b[i] ? 1 : 0)), x.shape, "bool");
      }),
      wasm: tensorVariant(() => st.greater(x, y)),
      tfjs: (tf) => tfjsVariant(tf, [x, y], (a, b) => tf.greater(a, b)),
      dispose: () => [x, y].forEach((t) => t.dispose()),
    };
  },
};

const where: CaseDefinition = {
  name: "where",
  family: FAMILY,
  title: "where(c, x, y): a bool condition picks between two float32 tensors",
  sizes: { meaning: "elements", defaults: [1e6], max: 1e8 },
  prepare(n = 1e6): PreparedCase {
    const x = uniform(n, 63), y = uniform(n, 64);
    const c = st.greater(x, 0);
    return {
      shape: `${shapeLabel([n])} bool + 2×${shapeLabel([n])}`,
      bytes: n * (1 + 4 + 4 + 4),
      tolerance: EXACT,
      naive: tensorVariant(() => {
        const cv = c.data(), a = x.data(), b = y.data();
        return st.tensor(Float32Array.from(a, (v, i) => (cv[i] !== 0 ? v : b[i])), x.shape);
      }),
      wasm: tensorVariant(() => st.where(c, x, y)),
      tfjs: (tf: Tfjs) => {
        const tc = tf.tensor(c.data(), c.shape, "bool");
        const v = tfjsVariant(tf, [x, y], (a, b) => tf.where(tc, a, b));
        return { ...v, dispose: () => (v.dispose(), tc.dispose()) };
      },
      dispose: () => [c, x, y].forEach((t) => t.dispose()),
    };
  },
};

export const cases: readonly CaseDefinition[] = [greater, where];
