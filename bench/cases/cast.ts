// Dtype conversion (astype) of 1e6 values: the cast kernels against the plain loop a user
// would write over data().
import * as st from "simd-tensor";
import { shapeLabel, type CaseDefinition, type PreparedCase } from "../case.js";
import { tensorVariant } from "./variants.js";

const FAMILY = "cast";

function castCase(from: "float32" | "int32", to: "int32" | "float64"): CaseDefinition {
  const short = { float32: "f32", int32: "i32", float64: "f64" } as const;
  return {
    name: `astype-${short[from]}-${short[to]}`,
    family: FAMILY,
    title: `astype(x, "${to}") of ${from} values`,
    sizes: { meaning: "elements", defaults: [1e6], max: 1e8 },
    prepare(n = 1e6): PreparedCase {
      const x = from === "int32" ? st.tensor(Int32Array.from({ length: n }, (_, i) => (i * 7919) % 100_003 - 50_000)) : st.randomUniform([n], { min: -1e4, max: 1e4, seed: 45 });
      return {
        shape: `${shapeLabel([n])} ${from}`,
        bytes: n * (4 + (to === "float64" ? 8 : 4)),
        tolerance: { rtol: 0, atol: 0 },
        naive: tensorVariant(() => {
          const v = x.data();
          const out = to === "int32" ? Int32Array.from(v, Math.trunc) : Float64Array.from(v);
          return st.tensor(out, x.shape, to);
        }),
        wasm: tensorVariant(() => st.astype(x, to)),
        dispose: () => x.dispose(),
      };
    },
  };
}

export const cases: readonly CaseDefinition[] = [castCase("float32", "int32"), castCase("int32", "float64")];
