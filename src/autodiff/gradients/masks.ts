// 0/1 masks for the gradients of the piecewise ops (relu, abs, maximum, minimum, max, min).
// The library has no comparison ops yet, so a mask is built from public ops in a way that
// is exact for every non-NaN input:
//
//   positive(x) = minimum(relu(x) · 2^k · 2^k, 1)
//
// relu sends x <= 0 to 0. For x > 0 the two multiplications lift even the smallest
// subnormal (2^-149 in float32, 2^-1074 in float64) to at least 1 (or to +Inf), and
// minimum caps it at 1. NaN stays NaN (the gradient at a NaN is NaN). When `greater`
// and `equal` ops land, these become one op each.
//
// A mask is piecewise constant, so its derivative is zero wherever it exists: masks are
// computed with recording suspended and enter the graph as constants.
import { abs, minimum, mul, neg, relu, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor.js";
import type { TensorLike } from "../../engine/operand.js";
import { tidy } from "../../memory/tidy.js";
import { withoutRecording } from "../tape.js";

/** Computed off the tape, its temporaries freed at once. */
function constant(fn: () => Tensor): Tensor {
  return withoutRecording(() => tidy(fn));
}

function scaleFor(x: Tensor): number {
  return x.dtype === "float64" ? 2 ** 538 : 2 ** 75;
}

function positiveUnrecorded(x: Tensor): Tensor {
  const s = scaleFor(x);
  return minimum(mul(mul(relu(x), s), s), 1);
}

/** 1 where x > 0, 0 where x <= 0. */
export function positive(x: Tensor): Tensor {
  return constant(() => positiveUnrecorded(x));
}

/** 1 where a > b, 0 where a <= b (broadcast shape). */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return constant(() => positiveUnrecorded(sub(a, b)));
}

/** -1, 0 or 1 (numpy.sign). */
export function sign(x: Tensor): Tensor {
  return constant(() => sub(positiveUnrecorded(x), positiveUnrecorded(neg(x))));
}

/** 1 where a == b, 0 elsewhere (a - b is 0 only when a == b: IEEE subtraction never underflows to 0). */
export function equal(a: Tensor, b: Tensor): Tensor {
  return constant(() => sub(1, positiveUnrecorded(abs(sub(a, b)))));
}
