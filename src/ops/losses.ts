// Loss functions with Keras 3's formulas (keras/src/losses/losses.py and the backends'
// nn.py), composed from public ops so their gradients come from the rules of their parts.
// One value per example (the mean or sum over the last axis), except sigmoidCrossEntropy,
// which is element-wise as TF's; take the mean for a scalar loss.
import { isFloatDType } from "../dtype.js";
import { AxisError, DTypeError, InvalidArgumentError, ShapeError } from "../errors.js";
import { describe, expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { formatShape, shapesEqual } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { astype } from "./cast.js";
import { equal, greaterEqual, where } from "./compare.js";
import { abs, add, div, exp, log, mul, neg, square, sub } from "./elementwise.js";
import { arange } from "./creation.js";
import { expandDims } from "./movement.js";
import { mean, sum } from "./reduce.js";
import { logSoftmax } from "./softmax.js";
import { clip } from "./statistics.js";
import { stopGradient } from "./stop-gradient.js";

/** Options of {@link binaryCrossEntropy} and {@link categoricalCrossEntropy}. */
export interface CrossEntropyOptions {
  /** Probabilities are clipped to [epsilon, 1 - epsilon] before the log, in [0, 0.5) (default 1e-7, Keras's backend epsilon). */
  epsilon?: number;
}

/** The two operands of a loss, checked: tensors of one shape with at least one axis, labels in the predictions' dtype (as Keras converts them). */
function pair(op: string, labels: unknown, predictions: unknown, names: [string, string], rankAtLeast = 1): [Tensor, Tensor] {
  const y = expectTensor(labels, op, names[0]);
  const p = expectTensor(predictions, op, names[1]);
  if (!shapesEqual(y._shape, p._shape)) {
    throw new ShapeError(`${op}: ${names[0]} of shape ${formatShape(y._shape)} and ${names[1]} of shape ${formatShape(p._shape)} differ`);
  }
  if (p.rank < rankAtLeast) throw new AxisError(`${op}: ${names[1]} must have at least one axis (the loss reduces the last), got shape ()`);
  return [y, p];
}

function inDTypeOf(y: Tensor, p: Tensor): Tensor {
  return isFloatDType(p.dtype) && y.dtype !== p.dtype ? astype(y, p.dtype) : y;
}

function checkEpsilon(op: string, epsilon: unknown): number {
  if (typeof epsilon !== "number" || !(epsilon >= 0 && epsilon < 0.5)) throw new InvalidArgumentError(`${op}: epsilon must be a number in [0, 0.5), got ${describe(epsilon)}`);
  return epsilon;
}

/**
 * log(1 + exp(t)) for t <= 0, to the last bit: log(1 + y) loses y's digits when y is tiny,
 * so the value takes Goldberg's log1p (log(u)·y/(u - 1), u = 1 + y rounded), and the
 * gradient comes from the plain log(1 + y), whose derivative 1/(1 + y) is exact.
 */
function log1pExp(t: Tensor): Tensor {
  const y = exp(t);
  const u = add(y, 1);
  const plain = log(u);
  const accurate = where(equal(u, 1), y, div(mul(plain, y), sub(u, 1)));
  return add(plain, stopGradient(sub(accurate, plain)));
}

/**
 * Cross-entropy of integer class labels against logits: labels (N,) (any integer-valued
 * tensor; more generally the logits' shape without its last axis) and logits (N, C) give
 * -log softmax(logits)[label] per example, computed from logSoftmax, so large logits
 * neither overflow nor lose the loss (Keras's sparse_categorical_crossentropy with
 * from_logits, TF's sparse_softmax_cross_entropy_with_logits). A label outside [0, C) is
 * an InvalidArgumentError naming it. The gradient (to the logits) is softmax - oneHot(label).
 */
export function sparseSoftmaxCrossEntropy(labels: Tensor, logits: Tensor): Tensor {
  const op = "sparseSoftmaxCrossEntropy";
  const y = expectTensor(labels, op, "labels");
  const x = expectTensor(logits, op, "logits");
  if (!isFloatDType(x.dtype)) throw new DTypeError(`${op}: logits must be float32 or float64, got ${x.dtype}`);
  if (y.dtype === "bool") throw new DTypeError(`${op}: labels must be integer class indices, got dtype bool`);
  if (x.rank < 1 || !shapesEqual(y._shape, x._shape.slice(0, -1))) {
    throw new ShapeError(`${op}: labels of shape ${formatShape(y._shape)} must have the shape of logits ${formatShape(x._shape)} without its last axis`);
  }
  const classes = x._shape[x.rank - 1];
  const values = y.data();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) throw new InvalidArgumentError(`${op}: labels[${i}] = ${v} is not a class index in [0, ${classes})`);
  }
  return tidy(() => {
    // where, not a one-hot product: a -inf logit off the label gives 0, not 0·(-inf) = NaN.
    const isLabel = equal(expandDims(y, -1), arange(0, classes, 1, isFloatDType(y.dtype) ? y.dtype : "int32"));
    return neg(sum(where(isLabel, logSoftmax(x, -1), 0), -1));
  });
}

/**
 * Element-wise logistic loss of labels z (probabilities, usually 0 or 1) against logits x,
 * TF's sigmoid_cross_entropy_with_logits: max(x, 0) - x·z + log(1 + exp(-|x|)), which
 * neither overflows nor rounds to log(0) for large |x|. The gradient is sigmoid(x) - z
 * (at x = 0 too: the two branches meet there, TF's construction).
 */
export function sigmoidCrossEntropy(labels: Tensor, logits: Tensor): Tensor {
  const op = "sigmoidCrossEntropy";
  const [z0, x] = pair(op, labels, logits, ["labels", "logits"], 0);
  if (!isFloatDType(x.dtype)) throw new DTypeError(`${op}: logits must be float32 or float64, got ${x.dtype}`);
  return tidy(() => {
    const z = inDTypeOf(z0, x);
    const positive = greaterEqual(x, 0);
    const relu = where(positive, x, 0);
    const negAbs = where(positive, neg(x), x);
    return add(sub(relu, mul(x, z)), log1pExp(negAbs));
  });
}

/**
 * Keras 3's binary cross-entropy of labels y against probabilities p: p clipped to
 * [ε, 1 - ε], then -(y·log p + (1 - y)·log(1 - p)), the mean over the last axis (so p = 0,
 * y = 1 gives -log(1e-7) = 16.12, as Keras 3; Keras 2 added ε inside the log). Labels are
 * converted to p's dtype.
 */
export function binaryCrossEntropy(labels: Tensor, probs: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = "binaryCrossEntropy";
  const eps = checkEpsilon(op, options?.epsilon ?? 1e-7);
  const [y0, p0] = pair(op, labels, probs, ["labels", "probs"]);
  return tidy(() => {
    const y = inDTypeOf(y0, p0);
    const p = clip(p0, eps, 1 - eps);
    const ll = add(mul(y, log(p)), mul(sub(1, y), log(sub(1, p))));
    return neg(mean(ll, -1));
  });
}

/**
 * Keras 3's categorical cross-entropy of one-hot (or soft) labels against probabilities:
 * p / sum(p, -1) (rows renormalised), clipped to [ε, 1 - ε], then -sum(y·log p, -1) per
 * example. Labels are converted to probs' dtype.
 */
export function categoricalCrossEntropy(labels: Tensor, probs: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = "categoricalCrossEntropy";
  const eps = checkEpsilon(op, options?.epsilon ?? 1e-7);
  const [y0, p0] = pair(op, labels, probs, ["labels", "probs"]);
  return tidy(() => {
    const y = inDTypeOf(y0, p0);
    const p = clip(div(p0, sum(p0, -1, true)), eps, 1 - eps);
    return neg(sum(mul(y, log(p)), -1));
  });
}

/** Keras's mean squared error: mean((yPred - yTrue)², -1), one value per example; yTrue is converted to yPred's dtype. */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [y, p] = pair("meanSquaredError", yTrue, yPred, ["yTrue", "yPred"]);
  return tidy(() => mean(square(sub(p, inDTypeOf(y, p))), -1));
}

/** Keras's mean absolute error: mean(|yPred - yTrue|, -1), one value per example; yTrue is converted to yPred's dtype. */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [y, p] = pair("meanAbsoluteError", yTrue, yPred, ["yTrue", "yPred"]);
  return tidy(() => mean(abs(sub(p, inDTypeOf(y, p))), -1));
}
