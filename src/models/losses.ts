// The losses a model compiles by name (Keras's), each the mean over the batch of a
// per-example loss of src/ops/losses.ts. Labels are fitted to the predictions as Keras
// does (squeeze_or_expand_to_same_rank): (N,) labels against (N, 1) predictions gain the
// axis; (N, 1) class indices lose it. Anything else that does not fit is a ShapeError that
// says which loss wants which labels.
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { astype } from "../ops/cast.js";
import { oneHot } from "../ops/indexing.js";
import { binaryCrossEntropy, categoricalCrossEntropy, meanAbsoluteError, meanSquaredError, sigmoidCrossEntropy, sparseSoftmaxCrossEntropy } from "../ops/losses.js";
import { expandDims, reshape } from "../ops/movement.js";
import { mean } from "../ops/reduce.js";
import { softmaxCrossEntropy } from "../ops/softmax.js";
import type { Tensor } from "../tensor.js";
import { byName, quoted } from "./by-name.js";

/** The losses {@link Model.compile} takes by name (Keras's spellings in camelCase; the snake_case ones are accepted too). */
export type LossName = "sparseCategoricalCrossentropy" | "categoricalCrossentropy" | "binaryCrossentropy" | "mse" | "mae";

/** A loss by name with its options, as Keras's `SparseCategoricalCrossentropy(from_logits=True)`. */
export interface LossConfig {
  /** The loss. */
  name: LossName;
  /** The model outputs logits, not probabilities (cross-entropies only; default false). */
  fromLogits?: boolean;
}

/** A loss of one's own: labels and predictions (labels as given to fit) → per-example values or a scalar; the model takes the mean. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** What {@link CompileOptions.loss} takes. */
export type LossSpec = LossName | LossConfig | LossFunction;

/** How labels relate to predictions, which also decides what "accuracy" means. */
export type LabelKind = "sparse" | "categorical" | "binary" | "regression" | "custom";

/** A resolved loss. */
export interface Loss {
  /** Its name ("binaryCrossentropy"; "custom" for a function). */
  readonly name: string;
  readonly kind: LabelKind;
  /** The predictions are logits. */
  readonly fromLogits: boolean;
  /** The output activation this loss can take the logits of instead (softmax for the categorical ones, sigmoid for binary). */
  readonly absorbs: "softmax" | "sigmoid" | undefined;
  /** The scalar loss of a batch; `logits` overrides fromLogits (the model passes its pre-activation output). */
  compute(yTrue: Tensor, yPred: Tensor, logits: boolean): Tensor;
}

const NAMES: Readonly<Record<LossName, LabelKind>> = {
  sparseCategoricalCrossentropy: "sparse",
  categoricalCrossentropy: "categorical",
  binaryCrossentropy: "binary",
  mse: "regression",
  mae: "regression",
};
const ALIASES: Readonly<Record<string, LossName>> = {
  sparse_categorical_crossentropy: "sparseCategoricalCrossentropy",
  categorical_crossentropy: "categoricalCrossentropy",
  binary_crossentropy: "binaryCrossentropy",
  meanSquaredError: "mse",
  mean_squared_error: "mse",
  meanAbsoluteError: "mae",
  mean_absolute_error: "mae",
};

function fmt(shape: readonly (number | string)[]): string {
  return `(${shape.join(", ")})`;
}

/**
 * Checks that labels of per-example shape `label` fit predictions of per-example shape
 * `pred` under a loss of `kind`; throws a ShapeError naming the loss and the fix.
 */
export function checkLabelShape(loss: Loss, label: readonly number[], pred: readonly number[], where: string): void {
  const same = label.length === pred.length && label.every((d, i) => d === pred[i]);
  const lab = fmt(["N", ...label]), prd = fmt(["N", ...pred]);
  switch (loss.kind) {
    case "sparse": {
      const ok = (label.length === pred.length - 1 && label.every((d, i) => d === pred[i])) || (label.length === pred.length && label[label.length - 1] === 1 && label.slice(0, -1).every((d, i) => d === pred[i]));
      if (!ok) {
        const hint = same ? "; these look like one-hot labels: use categoricalCrossentropy" : "";
        throw new ShapeError(`${where}: loss ${loss.name} takes integer class labels of shape ${fmt(["N", ...pred.slice(0, -1)])} for predictions of shape ${prd}, got labels of shape ${lab}${hint}`);
      }
      return;
    }
    case "categorical":
      if (!same) {
        const hint = label.length === pred.length - 1 || (label.length === pred.length && label[label.length - 1] === 1) ? "; these look like integer class labels: use sparseCategoricalCrossentropy" : "";
        throw new ShapeError(`${where}: loss ${loss.name} takes one-hot labels of the predictions' shape ${prd}, got labels of shape ${lab}${hint}`);
      }
      return;
    case "binary":
    case "regression":
      if (!same && !(label.length === pred.length - 1 && pred[pred.length - 1] === 1 && label.every((d, i) => d === pred[i]))) {
        throw new ShapeError(`${where}: loss ${loss.name} takes labels of the predictions' shape ${prd}, got labels of shape ${lab}`);
      }
      return;
    case "custom":
      return;
  }
}

/** Labels reshaped to what the loss's op wants (Keras's squeeze_or_expand_to_same_rank). */
export function alignLabels(kind: LabelKind, y: Tensor, pred: Tensor): Tensor {
  if (kind === "sparse") return y.rank === pred.rank ? reshape(y, y.shape.slice(0, -1)) : y;
  if ((kind === "binary" || kind === "regression") && y.rank === pred.rank - 1) return expandDims(y, -1);
  return y;
}

function builtIn(name: LossName, fromLogits: boolean): Loss {
  const kind = NAMES[name];
  const perExample = (y: Tensor, p: Tensor, logits: boolean): Tensor => {
    switch (name) {
      case "sparseCategoricalCrossentropy":
        return logits ? sparseSoftmaxCrossEntropy(y, p) : categoricalCrossEntropy(oneHot(y.dtype === "int32" ? y : astype(y, "int32"), p.shape[p.rank - 1], p.dtype), p);
      case "categoricalCrossentropy":
        return logits ? softmaxCrossEntropy(y.dtype === p.dtype ? y : astype(y, p.dtype), p) : categoricalCrossEntropy(y, p);
      case "binaryCrossentropy":
        return logits ? mean(sigmoidCrossEntropy(y, p), -1) : binaryCrossEntropy(y, p);
      case "mse":
        return meanSquaredError(y, p);
      case "mae":
        return meanAbsoluteError(y, p);
    }
  };
  return {
    name,
    kind,
    fromLogits,
    absorbs: fromLogits ? undefined : kind === "sparse" || kind === "categorical" ? "softmax" : kind === "binary" ? "sigmoid" : undefined,
    compute: (y, p, logits) => mean(perExample(alignLabels(kind, y, p), p, logits)),
  };
}

/** Resolves compile's `loss` (and its `fromLogits`). */
export function resolveLoss(spec: unknown, fromLogits: unknown, where: string): Loss {
  if (fromLogits !== undefined && typeof fromLogits !== "boolean") throw new InvalidArgumentError(`${where}: fromLogits must be a boolean, got ${quoted(fromLogits)}`);
  if (typeof spec === "function") {
    const fn = spec as LossFunction;
    return { name: "custom", kind: "custom", fromLogits: false, absorbs: undefined, compute: (y, p) => mean(fn(y, p)) };
  }
  let name: unknown = spec;
  let logits = fromLogits ?? false;
  if (spec !== null && typeof spec === "object" && !Array.isArray(spec)) {
    const config = spec as LossConfig;
    name = config.name;
    if (config.fromLogits !== undefined && typeof config.fromLogits !== "boolean") throw new InvalidArgumentError(`${where}: fromLogits must be a boolean, got ${quoted(config.fromLogits)}`);
    logits = config.fromLogits ?? logits;
  }
  if (spec === undefined) throw new InvalidArgumentError(`${where}: a loss is required, one of ${Object.keys(NAMES).map((n) => JSON.stringify(n)).join(", ")} or a function`);
  byName(NAMES, name, "loss", where, ALIASES);
  const canonical = (Object.hasOwn(NAMES, name as string) ? name : ALIASES[name as string]) as LossName;
  if (logits && NAMES[canonical] === "regression") throw new InvalidArgumentError(`${where}: fromLogits applies to the cross-entropies, not to ${canonical}`);
  return builtIn(canonical, logits);
}
