// The two variant shapes most cases share: a library (or naive) call that returns a tensor,
// and the same computation in tfjs on copies of the inputs.
import * as st from "simd-tensor";
import type { Variant } from "../case.js";
import type { Tfjs, TfTensor } from "../tfjs.js";

/** A variant from a function returning a tensor; each call runs in st.tidy, so nothing leaks. */
export function tensorVariant(fn: () => st.Tensor): Variant {
  return {
    output: () => st.tidy(() => fn().data()),
    run: () => st.tidy(() => void fn()),
  };
}

/** Copies the inputs into tfjs, runs `op` (repeat times per timed call) under tf.tidy; dispose() frees the copies. */
export function tfjsVariant(tf: Tfjs, inputs: readonly st.Tensor[], op: (...xs: TfTensor[]) => TfTensor, repeat = 1): Variant & { dispose(): void } {
  const xs = inputs.map((t) => tf.tensor(t.data(), t.shape, "float32"));
  return {
    output: () => tf.tidy(() => Array.from(op(...xs).dataSync())),
    run: () => {
      for (let i = 0; i < repeat; i++) tf.tidy(() => void op(...xs));
    },
    dispose: () => xs.forEach((x) => x.dispose()),
  };
}
