// 0/1 masks for the gradients of the piecewise ops (relu, abs, maximum, minimum, max, min,
// pow), from the comparison ops, in the dtype of the value they are taken from. Where that
// value is NaN the mask is NaN, so the gradient at a NaN is NaN (a comparison alone would
// give 0 there and hide it).
//
// A mask is piecewise constant, so its derivative is zero wherever it exists: masks are
// computed with recording suspended and enter the graph as constants.
import * as cmp from "../../ops/compare.js";
import { sign as signOp, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { TensorLike } from "../../engine/operand.js";
import { tidy } from "../../memory/tidy.js";
import { withoutRecording } from "../tape.js";

/** Computed off the tape, its temporaries freed at once. */
function constant(fn: () => Tensor): Tensor {
  return withoutRecording(() => tidy(fn));
}

/** `condition` as 1/0 in `value`'s dtype, NaN where `value` is NaN. */
function maskOf(condition: Tensor, value: Tensor): Tensor {
  return cmp.where(cmp.isNaN(value), value, cmp.where(condition, 1, 0));
}

/** 1 where x > 0, 0 where x <= 0. */
export function positive(x: Tensor): Tensor {
  return constant(() => maskOf(cmp.greater(x, 0), x));
}

/** 1 where a > b, 0 where a <= b (broadcast shape). */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return constant(() => {
    const d = sub(a, b);
    return maskOf(cmp.greater(d, 0), d);
  });
}

/** 1 where a == b, 0 elsewhere. */
export function equal(a: Tensor, b: Tensor): Tensor {
  return constant(() => {
    const d = sub(a, b);
    return maskOf(cmp.equal(a, b), d);
  });
}

/** -1, 0 or 1 (numpy.sign; NaN for NaN). */
export function sign(x: Tensor): Tensor {
  return constant(() => signOp(x));
}
