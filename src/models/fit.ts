// The training loop behind Model.fit and the batched loops of evaluate and predict. Each
// training batch is one tidy scope: the batch is gathered (a view when not shuffled), the
// forward pass and the loss are recorded on a tape, the gradients applied by the
// optimizer (in place), the loss and metrics read as numbers, and everything the step
// made is freed, so memory() stays flat from one epoch to the next (the optimizer's
// state, made at the first step, is all that the first epoch adds).
import { GradientTape } from "../autodiff/gradient-tape.js";
import type { Optimizer } from "../autodiff/optimizers/optimizer.js";
import type { Variable } from "../autodiff/variable.js";
import { InvalidArgumentError } from "../errors.js";
import { keep, tidy } from "../memory/tidy.js";
import { gather } from "../ops/indexing.js";
import { concat } from "../ops/join.js";
import type { RandomGenerator } from "../ops/random.js";
import { slice } from "../ops/slice.js";
import type { Tensor } from "../tensor.js";
import { applyActivation } from "./activations.js";
import { History, type Logs } from "./history.js";
import type { Loss } from "./losses.js";
import type { Metric } from "./metrics.js";
import { ProgressBar, type ProgressStream } from "./progress.js";

/** What compile() settled: the optimizer, the loss, the metrics. */
export interface Compiled {
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  readonly metrics: readonly Metric[];
}

/** What the loops need of a model. */
export interface Forward {
  /** The forward pass on a batch; with `logits`, the last layer's output before its activation. */
  forward(x: Tensor, training: boolean, logits: boolean): Tensor;
  /** The activation of the last layer's output. */
  readonly outputActivation: string;
  /** The variables the optimizer updates. */
  readonly trainableWeights: Variable[];
}

/**
 * Callbacks of {@link Model.fit} (Keras's Callback methods): epochs and batches are numbered
 * from 0; `logs` hold the running means of the loss and metrics over the epoch so far
 * (batch) or the epoch's means and its validation values (epoch end).
 */
export interface FitCallbacks {
  /** Before the first epoch. */
  onTrainBegin?(): void;
  /** After the last epoch (also when stopped early). */
  onTrainEnd?(history: History): void;
  /** At the start of each epoch. */
  onEpochBegin?(epoch: number): void;
  /** At the end of each epoch, after validation; set `model.stopTraining = true` to stop. */
  onEpochEnd?(epoch: number, logs: Logs): void;
  /** Before each batch. */
  onBatchBegin?(batch: number): void;
  /** After each batch's update. */
  onBatchEnd?(batch: number, logs: Logs): void;
}

/** Options of {@link Model.fit}. */
export interface FitOptions {
  /** Passes over the training data (default 1). */
  epochs?: number;
  /** Examples per gradient step (default 32); the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** The fraction of the examples held out for validation, in [0, 1): the last ones, taken before any shuffling, as Keras (default 0). */
  validationSplit?: number;
  /** Validation inputs and labels, evaluated at the end of each epoch (instead of validationSplit). */
  validationData?: readonly [Tensor, Tensor];
  /** Shuffle the training examples before each epoch (default true). */
  shuffle?: boolean;
  /** 0: silent; 1: a progress bar per epoch (redrawn in place on a TTY, one line per epoch elsewhere); 2: one line per epoch (default 1). */
  verbose?: 0 | 1 | 2;
  /** Seeds the shuffling (default: drawn from the model's generator, itself seeded by sequential's `seed`). */
  seed?: number;
  /** Called at the start and end of training, epochs and batches; one object or a list. */
  callbacks?: FitCallbacks | readonly FitCallbacks[];
  /** Where the progress bar goes (default: process.stderr in Node, console.log in a browser). */
  stream?: ProgressStream;
}

/** Options of {@link Model.evaluate}. */
export interface EvaluateOptions {
  /** Examples per batch (default 32). */
  batchSize?: number;
}

/** Options of {@link Model.predict}. */
export interface PredictOptions {
  /** Examples per batch (default 32). */
  batchSize?: number;
}

function positive(value: unknown, name: string, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`${where}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** Rows [start, start + count) of t: a view. */
function rows(t: Tensor, start: number, count: number): Tensor {
  return slice(t, [start, ...t.shape.slice(1).map(() => 0)], [count, ...t.shape.slice(1)]);
}

/** The batch at [start, start + count) of the epoch's order (gathered), or of t itself. */
function batchOf(t: Tensor, order: Int32Array | undefined, start: number, count: number): Tensor {
  return order === undefined ? rows(t, start, count) : gather(t, order.subarray(start, start + count), 0);
}

/** Whether the loss is taken from the last layer's logits, and whether the loss and metrics see logits. */
function logitsPlan(model: Forward, loss: Loss): { fromLayer: boolean; seen: boolean } {
  const fromLayer = loss.absorbs !== undefined && model.outputActivation === loss.absorbs;
  return { fromLayer, seen: fromLayer || loss.fromLogits };
}

/** The batch's metric values (the predictions as the loss saw them). */
function metricValues(compiled: Compiled, model: Forward, y: Tensor, out: Tensor, plan: { fromLayer: boolean; seen: boolean }): number[] {
  let probs: Tensor | undefined;
  return compiled.metrics.map((m) => {
    if (m.needsProbabilities && plan.fromLayer) {
      probs ??= applyActivation(compiled.loss.absorbs!, out);
      return m.compute(y, probs, false).item();
    }
    return m.compute(y, out, plan.seen && !m.needsProbabilities).item();
  });
}

/** The mean loss and metrics of a data set, in batches, without training. */
export function evaluateBatches(model: Forward, compiled: Compiled, x: Tensor, y: Tensor, batchSize: number): Logs {
  const plan = logitsPlan(model, compiled.loss);
  const n = x.shape[0];
  const sums = new Array<number>(1 + compiled.metrics.length).fill(0);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const values = tidy(() => {
      const xb = rows(x, start, count), yb = rows(y, start, count);
      const out = model.forward(xb, false, plan.fromLayer);
      return [compiled.loss.compute(yb, out, plan.seen).item(), ...metricValues(compiled, model, yb, out, plan)];
    });
    values.forEach((v, i) => (sums[i] += v * count));
  }
  return logsOf(compiled, sums, n);
}

function logsOf(compiled: Compiled, sums: readonly number[], count: number): Logs {
  const logs: Logs = { loss: sums[0] / count };
  compiled.metrics.forEach((m, i) => (logs[m.name] = sums[i + 1] / count));
  return logs;
}

/** The predictions for x, in batches: one tensor (the caller owns it). */
export function predictBatches(model: Forward, x: Tensor, batchSize: number): Tensor {
  const n = x.shape[0];
  if (n <= batchSize) return tidy(() => model.forward(x, false, false));
  const parts: Tensor[] = [];
  try {
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      parts.push(keep(tidy(() => model.forward(rows(x, start, count), false, false))));
    }
    return concat(parts, 0);
  } finally {
    for (const p of parts) p.dispose();
  }
}

/** The training data and the validation data (views of x and y with validationSplit). */
export interface FitData {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly validation: readonly [Tensor, Tensor] | undefined;
}

/** Settled options of a fit run. */
export interface FitSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly verbose: 0 | 1 | 2;
  readonly generator: RandomGenerator;
  readonly callbacks: readonly FitCallbacks[];
  readonly stream: ProgressStream;
  /** Read after each epoch: a callback sets it to stop. */
  readonly stopRequested: () => boolean;
}

/** Checks fit's numeric options. */
export function fitSettings(options: FitOptions, where: string): { epochs: number; batchSize: number; verbose: 0 | 1 | 2; shuffle: boolean } {
  const epochs = positive(options.epochs ?? 1, "epochs", where);
  const batchSize = positive(options.batchSize ?? 32, "batchSize", where);
  const verbose = options.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new InvalidArgumentError(`${where}: verbose must be 0, 1 or 2, got ${String(verbose)}`);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== "boolean") throw new InvalidArgumentError(`${where}: shuffle must be a boolean, got ${String(shuffle)}`);
  return { epochs, batchSize, verbose, shuffle };
}

/** The training loop. */
export function trainLoop(model: Forward, compiled: Compiled, data: FitData, s: FitSettings): History {
  const n = data.x.shape[0];
  const steps = Math.ceil(n / s.batchSize);
  const history = new History({ epochs: s.epochs, steps, samples: n, batchSize: s.batchSize });
  const plan = logitsPlan(model, compiled.loss);
  const vars = model.trainableWeights;
  const progress = s.verbose === 0 ? undefined : new ProgressBar(s.stream, s.epochs, steps, s.verbose);
  const { optimizer, loss } = compiled;

  /** One gradient step on a batch: its loss and metric values. */
  const step = (xb: Tensor, yb: Tensor): number[] => {
    const tape = new GradientTape();
    let out: Tensor | undefined;
    let value: Tensor;
    try {
      value = tape.record(() => {
        out = model.forward(xb, true, plan.fromLayer);
        return loss.compute(yb, out, plan.seen);
      });
      const grads = tape.gradient(value, vars);
      optimizer.applyGradients(vars.map((v, i) => [grads[i], v] as const));
    } finally {
      tape.dispose();
    }
    return [value.item(), ...metricValues(compiled, model, yb, out!, plan)];
  };

  for (const c of s.callbacks) c.onTrainBegin?.();
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    for (const c of s.callbacks) c.onEpochBegin?.(epoch);
    progress?.epochBegin(epoch);
    let order: Int32Array | undefined;
    if (s.shuffle) {
      const perm = s.generator.permutation(n);
      order = perm.data() as Int32Array;
      perm.dispose();
    }
    const sums = new Array<number>(1 + compiled.metrics.length).fill(0);
    let seen = 0;
    for (let b = 0; b < steps; b++) {
      for (const c of s.callbacks) c.onBatchBegin?.(b);
      const start = b * s.batchSize;
      const count = Math.min(s.batchSize, n - start);
      const values = tidy(() => step(batchOf(data.x, order, start, count), batchOf(data.y, order, start, count)));
      values.forEach((v, i) => (sums[i] += v * count));
      seen += count;
      const logs = logsOf(compiled, sums, seen);
      progress?.batchEnd(b + 1, logs);
      for (const c of s.callbacks) c.onBatchEnd?.(b, logs);
    }
    const logs = logsOf(compiled, sums, seen);
    if (data.validation !== undefined) Object.assign(logs, prefixed(evaluateBatches(model, compiled, data.validation[0], data.validation[1], s.batchSize)));
    progress?.epochEnd(logs);
    history.record(epoch, logs);
    for (const c of s.callbacks) c.onEpochEnd?.(epoch, logs);
    if (s.stopRequested()) break;
  }
  for (const c of s.callbacks) c.onTrainEnd?.(history);
  return history;
}

function prefixed(logs: Logs): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs)) out[`val${k[0].toUpperCase()}${k.slice(1)}`] = v;
  return out;
}
