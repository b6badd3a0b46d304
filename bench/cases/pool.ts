// Pooling: maxPool2d 2×2 (stride 2, valid) of a (64, 26, 26, 32) float32 batch, the
// layer after a first conv of a small CNN, forward and forward + backward (the gradient
// of sum(maxPool2d(x)), so dy is ones), against tfjs-wasm's MaxPool and MaxPoolGrad.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase } from "../case.js";
import type { Tfjs, TfTensor } from "../tfjs.js";
import { tensorVariant, tfjsVariant } from "./variants.js";

const FAMILY = "pool";
const SHAPE = [64, 26, 26, 32];
const OPTIONS = { size: 2 } as const;
/** Random floats have no ties: the maxima, and so the gradients, agree exactly. */
const EXACT = { rtol: 0, atol: 0 };

/** The tfjs calls these cases need beyond bench/tfjs.ts's common slice. */
interface TfjsPool {
  maxPool(x: TfTensor, filterSize: number, strides: number, pad: "valid" | "same"): TfTensor;
  grad(f: (x: TfTensor) => TfTensor): (x: TfTensor) => TfTensor;
}

/** The plain loops: each output the max of its 2×2 cells; backward adds 1 at the first maximum's cell. */
function naive(xv: ArrayLike<number>, backward: boolean): Float32Array {
  const [n, h, w, c] = SHAPE;
  const oh = h >> 1, ow = w >> 1;
  const out = new Float32Array(backward ? xv.length : n * oh * ow * c);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity, at = -1;
          for (let i = 0; i < 2; i++) {
            for (let j = 0; j < 2; j++) {
              const p = ((b * h + 2 * oy + i) * w + 2 * ox + j) * c + ch;
              if (xv[p] > best) {
                best = xv[p];
                at = p;
              }
            }
          }
          if (backward) out[at] += 1;
          else out[((b * oh + oy) * ow + ox) * c + ch] = best;
        }
      }
    }
  }
  return out;
}

function maxPoolCase(backward: boolean): CaseDefinition {
  return {
    name: backward ? "maxpool2d-backward" : "maxpool2d",
    family: FAMILY,
    title: backward
      ? "the gradient of sum(maxPool2d(x, { size: 2 })): forward and backward, (64, 26, 26, 32) float32"
      : "maxPool2d(x, { size: 2 }): 2×2 windows, stride 2, (64, 26, 26, 32) float32",
    prepare(): PreparedCase {
      const x = st.randomUniform(SHAPE, { min: -1, max: 1, seed: 91 });
      const inBytes = x.size * 4, outBytes = inBytes / 4;
      const dx = (t: st.Tensor) => st.grad((u: st.Tensor) => st.sum(st.maxPool2d(u, OPTIONS)))(t);
      return {
        shape: `${shapeLabel(SHAPE)} 2×2`,
        // Forward: x read, y written. Backward adds x read again and dx written (dy is made by sum's gradient).
        bytes: backward ? 2 * inBytes + outBytes + inBytes + outBytes : inBytes + outBytes,
        tolerance: EXACT,
        naive: tensorVariant(() => st.tensor(naive(x.data(), backward), backward ? SHAPE : [64, 13, 13, 32])),
        wasm: tensorVariant(() => (backward ? dx(x) : st.maxPool2d(x, OPTIONS))),
        tfjs: (tf: Tfjs) => {
          const t = tf as Tfjs & TfjsPool;
          const pool = (u: TfTensor) => t.maxPool(u, 2, 2, "valid");
          const g = t.grad((u) => t.sum(pool(u)));
          return tfjsVariant(tf, [x], backward ? g : pool);
        },
        dispose: () => x.dispose(),
      };
    },
  };
}

export const cases: readonly CaseDefinition[] = [maxPoolCase(false), maxPoolCase(true)];
