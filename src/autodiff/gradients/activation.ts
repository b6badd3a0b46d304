// The gradient through an activation fused into a GEMM's epilogue (conv2d, linear), taken
// from the op's output y = act(pre): relu' = (y > 0), sigmoid' = y(1 - y), tanh' = 1 - y².
import type { Activation } from "../../manifest.js";
import { mul, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import { positive } from "./masks.js";

/** d loss / d pre-activation, from dy = d loss / d y. */
export function throughActivation(dy: Tensor, y: Tensor, activation: Activation | undefined): Tensor {
  switch (activation) {
    case undefined:
      return dy;
    case "relu":
      return mul(dy, positive(y));
    case "sigmoid":
      return mul(dy, mul(y, sub(1, y)));
    case "tanh":
      return mul(dy, sub(1, square(y)));
  }
}
