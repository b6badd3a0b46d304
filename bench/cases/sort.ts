// Sorting: sort of 1e6 float32 (tfjs-wasm's only way is topk with k = n) and topk k=10 of
// (128, 10000), the radix argsort against tfjs.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase } from "../case.js";
import type { Tfjs, TfTensor } from "../tfjs.js";
import { tensorVariant, tfjsVariant } from "./variants.js";

const FAMILY = "sort";
const EXACT = { rtol: 0, atol: 0 };

const sortCase: CaseDefinition = {
  name: "sort",
  family: FAMILY,
  title: "sort(x): 1e6 float32, ascending",
  sizes: { meaning: "elements", defaults: [1e6], max: 1e8 },
  prepare(n = 1e6): PreparedCase {
    const x = st.randomUniform([n], { min: -1, max: 1, seed: 81 });
    return {
      shape: shapeLabel([n]),
      bytes: 2 * n * 4,
      tolerance: EXACT,
      naive: tensorVariant(() => st.tensor(x.data().slice().sort())),
      wasm: tensorVariant(() => st.sort(x)),
      // tfjs sorts only through topk (descending); reversed to compare.
      tfjs: (tf: Tfjs) => tfjsVariant(tf, [x], (t) => tf.reverse(tf.topk(t, n).values)),
      dispose: () => x.dispose(),
    };
  },
};

const topkCase: CaseDefinition = {
  name: "topk",
  family: FAMILY,
  title: "topk(x, 10).values over the last axis of (128, 10000)",
  prepare(): PreparedCase {
    const shape = [128, 10000];
    const x = st.randomUniform(shape, { seed: 82 });
    return {
      shape: `${shapeLabel(shape)} k=10`,
      bytes: 128 * 10000 * 4,
      tolerance: EXACT,
      naive: tensorVariant(() => {
        const xv = x.data();
        const out = new Float32Array(128 * 10);
        for (let r = 0; r < 128; r++) out.set(xv.slice(r * 10000, (r + 1) * 10000).sort().reverse().subarray(0, 10), r * 10);
        return st.tensor(out, [128, 10]);
      }),
      wasm: tensorVariant(() => st.topk(x, 10).values),
      tfjs: (tf: Tfjs) => tfjsVariant(tf, [x], (t: TfTensor) => tf.topk(t, 10).values),
      dispose: () => x.dispose(),
    };
  },
};

export const cases: readonly CaseDefinition[] = [sortCase, topkCase];
