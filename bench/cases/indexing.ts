// Indexing: a training batch gathered from a dataset, 128 rows of (60000, 784) float32
// (MNIST's shape): the plain loop over data() against the wasm row copies and tfjs.gather.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase } from "../case.js";
import type { Tfjs } from "../tfjs.js";
import { tensorVariant, tfjsVariant } from "./variants.js";

const FAMILY = "indexing";

const gatherRows: CaseDefinition = {
  name: "gather",
  family: FAMILY,
  title: "gather(x, 128 row indices): a batch from (60000, 784)",
  prepare(): PreparedCase {
    const rows = 60000, cols = 784, batch = 128;
    const x = st.randomUniform([rows, cols], { seed: 71 });
    const indices = Array.from({ length: batch }, (_, i) => (i * 7919) % rows);
    const idx = st.tensor(indices, "int32");
    return {
      shape: `${shapeLabel([rows, cols])}[${batch}]`,
      bytes: 2 * batch * cols * 4,
      tolerance: { rtol: 0, atol: 0 },
      naive: tensorVariant(() => {
        const xv = x.data(); // what a user without gather does: read it all, copy the rows
        const out = new Float32Array(batch * cols);
        indices.forEach((r, i) => out.set(xv.subarray(r * cols, (r + 1) * cols), i * cols));
        return st.tensor(out, [batch, cols]);
      }),
      wasm: tensorVariant(() => st.gather(x, idx)),
      tfjs: (tf: Tfjs) => {
        const ti = tf.tensor(indices, [batch], "int32");
        const v = tfjsVariant(tf, [x], (t) => tf.gather(t, ti));
        return { ...v, dispose: () => (v.dispose(), ti.dispose()) };
      },
      dispose: () => [x, idx].forEach((t) => t.dispose()),
    };
  },
};

export const cases: readonly CaseDefinition[] = [gatherRows];
