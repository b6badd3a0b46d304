// The metrics a model compiles by name. "accuracy" follows the loss, as Keras 3's
// get_metric: binary accuracy (threshold 0.5) under binaryCrossentropy, sparse categorical
// accuracy (argmax == label) under sparseCategoricalCrossentropy, categorical accuracy
// (argmax == argmax of the one-hot label) under categoricalCrossentropy; under another loss
// the shapes decide (one output: binary; labels of one axis fewer: sparse; else categorical).
// Each metric gives its batch mean; fit weights them by batch size over an epoch.
import { astype } from "../ops/cast.js";
import { equal, greater } from "../ops/compare.js";
import { abs, square, sub } from "../ops/elementwise.js";
import { argmax, mean } from "../ops/reduce.js";
import type { Tensor } from "../tensor.js";
import { byName } from "./by-name.js";
import { alignLabels, type LabelKind, type Loss } from "./losses.js";

/** The metrics {@link Model.compile} takes by name ("acc" is accepted for "accuracy"). */
export type MetricName = "accuracy" | "mae" | "mse";

/** A resolved metric. */
export interface Metric {
  /** Its key in the logs and the History ("accuracy", "mae"). */
  readonly name: MetricName;
  /** The batch mean; `logits` says the predictions are logits (a binary threshold at 0, not 0.5). */
  compute(yTrue: Tensor, yPred: Tensor, logits: boolean): Tensor;
  /** Needs probabilities (mae, mse): a model computing its loss from logits applies the output activation for it. */
  readonly needsProbabilities: boolean;
}

type AccuracyKind = "binary" | "sparse" | "categorical";

function accuracyKind(kind: LabelKind, yTrue: Tensor, yPred: Tensor): AccuracyKind {
  if (kind === "binary" || kind === "sparse" || kind === "categorical") return kind;
  if (yPred.shape[yPred.rank - 1] === 1) return "binary";
  if (yTrue.rank < yPred.rank) return "sparse";
  return "categorical";
}

function accuracy(kind: LabelKind, yTrue: Tensor, yPred: Tensor, logits: boolean): Tensor {
  const which = accuracyKind(kind, yTrue, yPred);
  const y = alignLabels(which === "binary" ? "binary" : which === "sparse" ? "sparse" : "categorical", yTrue, yPred);
  let hits: Tensor;
  if (which === "binary") hits = equal(greater(y, 0.5), greater(yPred, logits ? 0 : 0.5));
  else if (which === "sparse") hits = equal(argmax(yPred, -1), y.dtype === "int32" ? y : astype(y, "int32"));
  else hits = equal(argmax(yPred, -1), argmax(y, -1));
  return mean(astype(hits, "float32"));
}

const METRICS: Readonly<Record<MetricName, (loss: Loss) => Metric>> = {
  accuracy: (loss) => ({ name: "accuracy", needsProbabilities: false, compute: (y, p, logits) => accuracy(loss.kind, y, p, logits) }),
  mae: (loss) => ({ name: "mae", needsProbabilities: true, compute: (y, p) => mean(abs(sub(p, astype(alignLabels(loss.kind === "sparse" ? "custom" : "regression", y, p), p.dtype)))) }),
  mse: (loss) => ({ name: "mse", needsProbabilities: true, compute: (y, p) => mean(square(sub(p, astype(alignLabels(loss.kind === "sparse" ? "custom" : "regression", y, p), p.dtype)))) }),
};

const ALIASES: Readonly<Record<string, MetricName>> = { acc: "accuracy", mean_absolute_error: "mae", meanAbsoluteError: "mae", mean_squared_error: "mse", meanSquaredError: "mse" };

/** Resolves compile's `metrics` against the compiled loss. */
export function resolveMetric(value: unknown, loss: Loss, where: string): Metric {
  return byName(METRICS, value, "metric", where, ALIASES)(loss);
}
