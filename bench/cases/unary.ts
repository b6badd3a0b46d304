// Transcendental element-wise ops on 1e6 float32 (the anchors' "Unary ops" table), on
// contiguous data and on a transposed view.
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase, type Tolerance } from "../case.js";
import { tensorVariant as variant, tfjsVariant } from "./variants.js";

const FAMILY = "unary";
/** The kernels are within 4 ulp of the float64 result; the naive loops round Math.* once. */
const TRANSCENDENTAL_TOLERANCE: Tolerance = { rtol: 5e-7, atol: 1e-30 };

type Op = "exp" | "log" | "tanh" | "sigmoid" | "log1p" | "expm1" | "softplus" | "sin" | "cos";
const MATH: Record<Op, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  log1p: Math.log1p,
  expm1: Math.expm1,
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  sin: Math.sin,
  cos: Math.cos,
};
/** Inputs where each function does real work (log: positive; exp: no overflow; sin/cos: the reduced range, 2^20). */
const DOMAIN: Record<Op, [number, number]> = {
  exp: [-10, 10], log: [1e-3, 1e3], tanh: [-5, 5], sigmoid: [-10, 10],
  log1p: [-0.5, 1e3], expm1: [-10, 10], softplus: [-20, 20], sin: [-1e6, 1e6], cos: [-1e6, 1e6],
};

/** The plain loop: z[i] = f(x[i]) with JS Math, one element at a time. */
function naiveUnary(x: st.Tensor, f: (v: number) => number): st.Tensor {
  const z = x.data();
  for (let i = 0; i < z.length; i++) z[i] = f(z[i]);
  return st.tensor(z, x.shape, x.dtype);
}

function unaryCase(op: Op): CaseDefinition {
  return {
    name: op,
    family: FAMILY,
    title: `${op}(x), float32`,
    sizes: { meaning: "elements", defaults: [1e6], max: 2e8 },
    prepare(n = 1e6): PreparedCase {
      const [min, max] = DOMAIN[op];
      const x = st.randomUniform([n], { min, max, seed: 41 });
      return {
        shape: shapeLabel([n]),
        bytes: 2 * n * 4,
        tolerance: TRANSCENDENTAL_TOLERANCE,
        naive: variant(() => naiveUnary(x, MATH[op])),
        wasm: variant(() => st[op](x)),
        tfjs: (tf) => tfjsVariant(tf, [x], (t) => tf[op](t)),
        dispose: () => x.dispose(),
      };
    },
  };
}

/** exp of a transposed view: the strided walk, which gathers each vector's lanes (no copy first). */
const expTransposed: CaseDefinition = {
  name: "exp-transposed",
  family: FAMILY,
  title: "exp(transpose(x)), float32: a strided view",
  sizes: { meaning: "elements of the square matrix x", defaults: [1e6], max: 1e8 },
  prepare(n = 1e6): PreparedCase {
    const side = Math.round(Math.sqrt(n));
    const x = st.randomUniform([side, side], { min: -10, max: 10, seed: 44 });
    const xt = st.transpose(x);
    return {
      shape: `transpose(${shapeLabel([side, side])})`,
      bytes: 2 * side * side * 4,
      tolerance: TRANSCENDENTAL_TOLERANCE,
      naive: variant(() => naiveUnary(xt.contiguous(), Math.exp)),
      wasm: variant(() => st.exp(xt)),
      tfjs: (tf) => tfjsVariant(tf, [x], (t) => tf.exp(tf.transpose(t))),
      dispose: () => (xt.dispose(), x.dispose()),
    };
  },
};

export const cases: readonly CaseDefinition[] = [...(Object.keys(MATH) as Op[]).map(unaryCase), expTransposed];
