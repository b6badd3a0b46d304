// The gradient through an activation fused into a GEMM's epilogue (conv2d, linear), taken
// from the op's output y = act(pre): relu' = (y > 0), sigmoid' = y(1 - y), tanh' = 1 - y².
import type { Activation } from "../../manifest.js";
import { greater, where } from "../../ops/compare.js";
import { mul, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";

/** d loss / d pre-activation, from dy = d loss / d y. */
export function throughActivation(dy: Tensor, y: Tensor, activation: Activation | undefined): Tensor {
  switch (activation) {
    case undefined:
      return dy;
    case "relu":
      // y = relu(pre) is >= 0 or NaN: dy where y > 0, else 0·y (0, or NaN at a NaN, as the
      // relu rule gives). Three passes, where the general mask takes five.
      return where(greater(y, 0), dy, mul(y, 0));
    case "sigmoid":
      return mul(dy, mul(y, sub(1, y)));
    case "tanh":
      return mul(dy, sub(1, square(y)));
  }
}
