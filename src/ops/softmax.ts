// softmax, logSoftmax and the softmax cross-entropy loss along one axis. Composed from
// public ops, so they need no gradient rules of their own and differentiate to any order.
// Stability: the logits are shifted by their maximum along the axis, which changes nothing
// mathematically (softmax is shift-invariant) but keeps exp() from overflowing; the shift
// goes through stopGradient, since its gradient contributions cancel exactly.
import { ShapeError } from "../errors.js";
import { normalizeAxis } from "../shape/axis.js";
import { formatShape, shapesEqual } from "../shape/shape.js";
import { tidy } from "../memory/tidy.js";
import type { Tensor } from "../tensor.js";
import { stopGradient } from "./stop-gradient.js";
import { div, exp, log, mul, neg, sub } from "./elementwise.js";
import { expectTensor } from "../engine/operand.js";
import { max, sum } from "./reduce.js";

function shifted(logits: Tensor, axis: number): Tensor {
  return sub(logits, stopGradient(max(logits, axis, true)));
}

/** exp(x) / sum(exp(x)) along `axis` (default: the last). */
export function softmax(logits: Tensor, axis = -1): Tensor {
  expectTensor(logits, "softmax");
  const ax = normalizeAxis(axis, logits.rank, "softmax");
  return tidy(() => {
    const e = exp(shifted(logits, ax));
    return div(e, sum(e, ax, true));
  });
}

/** log(softmax(x)) along `axis`, computed without overflow or log(0). */
export function logSoftmax(logits: Tensor, axis = -1): Tensor {
  expectTensor(logits, "logSoftmax");
  const ax = normalizeAxis(axis, logits.rank, "logSoftmax");
  return tidy(() => {
    const s = shifted(logits, ax);
    return sub(s, log(sum(exp(s), ax, true)));
  });
}

/**
 * Cross-entropy between `labels` (one-hot rows or probabilities, the logits' shape) and
 * softmax(logits) along `axis`: -sum(labels · logSoftmax(logits)), one value
 * per example, like tf.nn.softmax_cross_entropy_with_logits (take its mean for a loss).
 */
export function softmaxCrossEntropy(labels: Tensor, logits: Tensor, axis = -1): Tensor {
  expectTensor(labels, "softmaxCrossEntropy", "labels");
  expectTensor(logits, "softmaxCrossEntropy", "logits");
  if (!shapesEqual(labels._shape, logits._shape)) {
    throw new ShapeError(`softmaxCrossEntropy: labels of shape ${formatShape(labels._shape)} and logits of shape ${formatShape(logits._shape)} differ`);
  }
  const ax = normalizeAxis(axis, logits.rank, "softmaxCrossEntropy");
  return tidy(() => neg(sum(mul(labels, logSoftmax(logits, ax)), ax)));
}
