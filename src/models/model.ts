// A Sequential model (Keras's keras.Sequential): layers applied in order, built when the
// per-example input shape is known (an inputShape option, or the first batch), then
// compiled with an optimizer, a loss and metrics, and trained with fit, synchronously.
import type { Optimizer } from "../autodiff/optimizers/optimizer.js";
import type { Variable } from "../autodiff/variable.js";
import { InvalidArgumentError, ShapeError, SimdTensorError } from "../errors.js";
import { tidy } from "../memory/tidy.js";
import { tensor, type TensorInput } from "../ops/creation.js";
import { RandomGenerator } from "../ops/random.js";
import { reshape } from "../ops/movement.js";
import { slice } from "../ops/slice.js";
import { Tensor } from "../tensor.js";
import { quoted } from "./by-name.js";
import { evaluateBatches, fitSettings, predictBatches, trainLoop, type Compiled, type EvaluateOptions, type FitOptions, type Forward, type PredictOptions } from "./fit.js";
import type { History, Logs } from "./history.js";
import { Layer, batchShape, checkShape, type CallContext } from "./layers/layer.js";
import { checkLabelShape, resolveLoss, type LossSpec } from "./losses.js";
import { resolveMetric, type MetricName } from "./metrics.js";
import { layerNames, namedWeights, weightMismatches } from "./naming.js";
import { decodeNpz, encodeNpz, joinChunks, type NpzReadOptions } from "../io/npz.js";
import { platform } from "../platform/current.js";
import { resolveOptimizer, type OptimizerName } from "./optimizer-by-name.js";
import { summaryTable } from "./summary.js";

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** One example's shape, without the batch axis (or give the first layer an `inputShape`): the model is built at once. */
  inputShape?: readonly number[];
  /** Seeds the weights' initialisers, dropout masks and fit's shuffling (default: a fresh random seed). */
  seed?: number;
  /** The model's name in summary() (default "sequential"). */
  name?: string;
}

/** Options of {@link Model.compile}. */
export interface CompileOptions {
  /** An optimizer object (`st.optimizers.adam({ learningRate: 1e-4 })`) or a name with Keras's defaults: "rmsprop" (default), "adam", "sgd", "adamw". */
  optimizer?: OptimizerName | Optimizer;
  /** The loss: a name, `{ name, fromLogits }`, or a function of (labels, predictions). */
  loss: LossSpec;
  /** Metrics to report by name: "accuracy" (its meaning follows the loss), "mae", "mse". */
  metrics?: readonly MetricName[];
  /** The model outputs logits (cross-entropy losses given by name; as `{ name, fromLogits: true }`). */
  fromLogits?: boolean;
}

/** Options of {@link Model.apply}. */
export interface ApplyOptions {
  /** Training mode (dropout active); default false. */
  training?: boolean;
}

/** Options of {@link Model.summary}. */
export interface SummaryOptions {
  /** Receives the table (default: printed to stdout in Node, console.log in a browser); null prints nothing. */
  printFn?: ((text: string) => void) | null;
}

/** An input given as a tensor or as values st.tensor takes: the tensor, and whether it was made here (to be freed). */
function asTensor(value: Tensor | TensorInput, what: string, where: string): [Tensor, boolean] {
  if (value instanceof Tensor) {
    value.live(where);
    return [value, false];
  }
  if (value === undefined || value === null) throw new InvalidArgumentError(`${where}: ${what} is required`);
  return [tensor(value), true];
}

/**
 * A stack of layers applied in order, with Keras's training API: {@link Model.compile},
 * {@link Model.fit} (synchronous, every batch inside tidy), {@link Model.evaluate},
 * {@link Model.predict}, {@link Model.summary}, and the weights by Keras name for
 * {@link Model.saveWeights}. Made by {@link sequential}. Free its weights and optimizer
 * state with dispose().
 */
export class Model {
  /** The name summary() shows. */
  readonly name: string;
  /** The layers, in order. */
  readonly layers: readonly Layer[];
  /** Draws the initial weights, the dropout masks and (without fit's `seed`) the shuffling. */
  readonly generator: RandomGenerator;
  /** Set to true from a callback to end fit after the current epoch (Keras's stop_training). */
  stopTraining = false;
  #names: string[];
  #inputShape: readonly number[] | undefined;
  #compiled: (Compiled & { ownsOptimizer: boolean }) | undefined;
  readonly #forward: Forward;

  /** @internal Use sequential(). */
  constructor(layers: readonly Layer[], options: SequentialOptions = {}) {
    if (!Array.isArray(layers)) throw new InvalidArgumentError(`sequential: expected an array of layers, got ${quoted(layers)}`);
    if (options === null || typeof options !== "object") throw new InvalidArgumentError(`sequential: options must be an object, got ${quoted(options)}`);
    layers.forEach((l: unknown, i) => {
      if (!(l instanceof Layer)) throw new InvalidArgumentError(`sequential: layers[${i}] is not a layer (got ${quoted(l)}); make layers with st.layers.dense(...), st.layers.conv2d(...), ...`);
    });
    if (options.name !== undefined && (typeof options.name !== "string" || options.name === "")) throw new InvalidArgumentError(`sequential: name must be a non-empty string, got ${quoted(options.name)}`);
    this.name = options.name ?? "sequential";
    this.layers = layers.slice();
    this.#names = layerNames(this.layers, "sequential");
    this.layers.forEach((l, i) => (l.name ??= this.#names[i]));
    this.generator = new RandomGenerator(options.seed);
    const model = this;
    this.#forward = {
      forward: (x, training, logits) => this.#run(x, training, logits),
      get outputActivation() {
        return model.layers.length === 0 ? "linear" : model.layers[model.layers.length - 1].outputActivation;
      },
      get trainableWeights() {
        return model.trainableWeights;
      },
    };
    const shape = options.inputShape ?? this.layers[0]?.inputShape;
    if (shape !== undefined) this.build(checkShape(shape, "inputShape", "sequential"));
  }

  /** Whether the layers' weights exist (the input shape is known). */
  get built(): boolean {
    return this.#inputShape !== undefined;
  }

  /** One example's input shape (no batch axis), once built. */
  get inputShape(): readonly number[] | undefined {
    return this.#inputShape;
  }

  /** One example's output shape (no batch axis), once built. */
  get outputShape(): readonly number[] | undefined {
    return this.built ? (this.layers.length === 0 ? this.#inputShape : this.layers[this.layers.length - 1].outputShape) : undefined;
  }

  /**
   * Creates every layer's weights for inputs of one example's shape `inputShape` (no batch
   * axis), drawing them from the model's generator in layer order. Done by the constructor
   * when an input shape is given, else by the first call on a batch.
   */
  build(inputShape: readonly number[]): void {
    const shape = checkShape(inputShape, "inputShape", "build");
    if (this.#inputShape !== undefined) {
      if (shape.length !== this.#inputShape.length || shape.some((d, i) => d !== this.#inputShape![i])) {
        throw new ShapeError(`${this.name}: the model takes inputs of shape ${batchShape(this.#inputShape)}, got ${batchShape(shape)}`);
      }
      return;
    }
    let s: readonly number[] = shape;
    for (const layer of this.layers) s = layer.build(s, this.generator);
    this.#inputShape = shape;
  }

  /** Every variable, in layer order (kernel before bias). */
  get weights(): Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  /** The variables fit trains (all of this model's, as its layers have no frozen weights). */
  get trainableWeights(): Variable[] {
    return this.weights.filter((v) => v.trainable);
  }

  /** The number of weight elements. */
  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /**
   * The model as a function (Keras's `model(x, training=...)`): the layers applied to a
   * batch x (examples along axis 0), building the model from x's shape on first use.
   * `training: true` turns dropout on. Recorded on active tapes like any op.
   */
  apply(x: Tensor, options: ApplyOptions = {}): Tensor {
    const training = options?.training ?? false;
    if (typeof training !== "boolean") throw new InvalidArgumentError(`apply: training must be a boolean, got ${quoted(training)}`);
    const [t, made] = asTensor(x, "x", "apply");
    try {
      this.#prepare(t, "apply");
      return this.#run(t, training, false);
    } finally {
      if (made) t.dispose();
    }
  }

  /**
   * Sets the optimizer (a name with Keras's defaults, or an object), the loss and the
   * metrics for fit and evaluate. A named optimizer is made anew (its state fresh); a new
   * compile replaces the previous one.
   */
  compile(options: CompileOptions): void {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError(`compile: options must be an object with a loss, got ${quoted(options)}`);
    const optimizer = resolveOptimizer(options.optimizer ?? "rmsprop", "compile");
    const loss = resolveLoss(options.loss, options.fromLogits, "compile");
    const list = options.metrics ?? [];
    if (!Array.isArray(list)) throw new InvalidArgumentError(`compile: metrics must be an array of names, got ${quoted(list)}`);
    const metrics = list.map((m) => resolveMetric(m, loss, "compile")).filter((m, i, all) => all.findIndex((o) => o.name === m.name) === i);
    this.#releaseOptimizer();
    this.#compiled = { optimizer, loss, metrics, ownsOptimizer: typeof options.optimizer === "string" || options.optimizer === undefined };
  }

  /** The compiled optimizer (its state holds the training's momentum or moments). */
  get optimizer(): Optimizer | undefined {
    return this.#compiled?.optimizer;
  }

  /**
   * Trains the model on inputs x (examples along axis 0) and labels y, as Keras's fit:
   * `epochs` passes in batches of `batchSize`, shuffled each epoch unless `shuffle: false`;
   * `validationSplit` holds out the last fraction of the examples (before shuffling) and
   * `validationData` gives a separate set, either evaluated after each epoch. Progress goes
   * to stderr in Node (verbose 1: a bar redrawn in place on a TTY, one line per epoch
   * elsewhere; 2: one line per epoch; 0: nothing), to console.log in a browser (one line
   * per epoch), or to `stream`. Synchronous; each batch runs inside tidy, so
   * memory() stays flat across epochs. Returns the {@link History}.
   */
  fit(x: Tensor, y: Tensor, options: FitOptions = {}): History {
    const where = "fit";
    if (options === null || typeof options !== "object") throw new InvalidArgumentError(`fit: options must be an object, got ${quoted(options)}`);
    const compiled = this.#requireCompiled(where);
    const settings = fitSettings(options, where);
    const [xs, madeX] = asTensor(x, "x", where);
    const [ys, madeY] = asTensor(y, "y", where);
    const owned: Tensor[] = [];
    if (madeX) owned.push(xs);
    if (madeY) owned.push(ys);
    try {
      this.#checkData(xs, ys, "x", "y", where);
      const split = options.validationSplit ?? 0;
      if (typeof split !== "number" || !(split >= 0 && split < 1)) throw new InvalidArgumentError(`fit: validationSplit must be in [0, 1), got ${quoted(split)}`);
      let trainX = xs, trainY = ys;
      let validation: readonly [Tensor, Tensor] | undefined;
      if (options.validationData !== undefined) {
        const vd = options.validationData;
        if (!Array.isArray(vd) || vd.length !== 2) throw new InvalidArgumentError("fit: validationData must be a pair [x, y]");
        const [vx, mvx] = asTensor(vd[0], "validationData[0]", where);
        if (mvx) owned.push(vx);
        const [vy, mvy] = asTensor(vd[1], "validationData[1]", where);
        if (mvy) owned.push(vy);
        this.#checkData(vx, vy, "validationData[0]", "validationData[1]", where);
        validation = [vx, vy];
      } else if (split > 0) {
        const n = xs.shape[0];
        const at = Math.floor(n * (1 - split)); // Keras: the last fraction, before shuffling
        if (at === 0 || at === n) throw new InvalidArgumentError(`fit: validationSplit ${split} of ${n} examples leaves ${at === 0 ? "no training" : "no validation"} examples`);
        const part = (t: Tensor, start: number, count: number) => slice(t, [start, ...t.shape.slice(1).map(() => 0)], [count, ...t.shape.slice(1)]);
        trainX = part(xs, 0, at);
        trainY = part(ys, 0, at);
        validation = [part(xs, at, n - at), part(ys, at, n - at)];
        owned.push(trainX, trainY, validation[0], validation[1]);
      }
      const callbacks = options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks as object];
      const seed = options.seed ?? tidy(() => this.generator.integers(0, 2 ** 31 - 1, []).item());
      this.stopTraining = false;
      return trainLoop(this.#forward, compiled, { x: trainX, y: trainY, validation }, {
        ...settings,
        generator: new RandomGenerator(seed),
        callbacks,
        stream: options.stream ?? platform.stderr,
        stopRequested: () => this.stopTraining,
      });
    } finally {
      for (const t of owned) t.dispose();
    }
  }

  /** The loss and metrics of the compiled model on x and y (means over the examples, in batches), as `{ loss, accuracy, ... }`. */
  evaluate(x: Tensor, y: Tensor, options: EvaluateOptions = {}): Logs {
    const compiled = this.#requireCompiled("evaluate");
    const batchSize = options?.batchSize ?? 32;
    if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError(`evaluate: batchSize must be a positive integer, got ${quoted(batchSize)}`);
    const [xs, madeX] = asTensor(x, "x", "evaluate");
    const [ys, madeY] = asTensor(y, "y", "evaluate");
    try {
      this.#checkData(xs, ys, "x", "y", "evaluate");
      return evaluateBatches(this.#forward, compiled, xs, ys, batchSize);
    } finally {
      if (madeX) xs.dispose();
      if (madeY) ys.dispose();
    }
  }

  /** The model's outputs for x in inference mode (dropout off), computed in batches of `batchSize` (default 32): one tensor the caller owns. */
  predict(x: Tensor, options: PredictOptions = {}): Tensor {
    const batchSize = options?.batchSize ?? 32;
    if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError(`predict: batchSize must be a positive integer, got ${quoted(batchSize)}`);
    const [xs, made] = asTensor(x, "x", "predict");
    try {
      this.#prepare(xs, "predict");
      return predictBatches(this.#forward, xs, batchSize);
    } finally {
      if (made) xs.dispose();
    }
  }

  /**
   * Keras's summary table: each layer's name and class, output shape (batch axis None) and
   * parameter count, then the totals. Printed (to stdout in Node, with console.log in a
   * browser; or given to `printFn`) and returned.
   */
  summary(options: SummaryOptions = {}): string {
    const text = summaryTable(this.name, this.layers, this.#names);
    const print = options?.printFn === undefined ? (s: string) => platform.stdout.write(`${s}\n`) : options.printFn;
    print?.(text);
    return text;
  }

  /**
   * Every weight by its Keras 3 name, "<layer>/<weight>": the layer's kind and its index
   * among the model's layers of that kind ("dense/kernel", "dense_1/bias", "conv2d/kernel"),
   * or the name given to the layer. The names saveWeights writes.
   */
  namedWeights(): Record<string, Variable> {
    return namedWeights(this.layers, this.#names);
  }

  /**
   * Copies tensors named as {@link Model.namedWeights} names them into the weights; every
   * name, shape and dtype must match (nothing is written otherwise), and the error lists
   * each difference.
   */
  setNamedWeights(tensors: Readonly<Record<string, Tensor>>, where = "setNamedWeights"): void {
    if (tensors === null || typeof tensors !== "object") throw new InvalidArgumentError(`${where}: expected a record of tensors by weight name, got ${quoted(tensors)}`);
    if (!this.built) throw new InvalidArgumentError(`${where}: the model is not built yet; give its first layer an inputShape (or call it on a batch) first`);
    const weights = this.namedWeights();
    const problems = weightMismatches(weights, tensors);
    if (problems.length > 0) throw new InvalidArgumentError(`${where}: the weights do not fit model "${this.name}": ${problems.join("; ")}`);
    for (const [name, v] of Object.entries(weights)) v.assign(tensors[name]);
  }

  /**
   * Writes the weights to a .npz file (numpy.load reads it), each array named as
   * {@link Model.namedWeights} names it: the bytes of {@link Model.saveWeightsBytes}. Node
   * only; in a browser it throws, naming saveWeightsBytes.
   */
  saveWeights(path: string): void {
    if (typeof path !== "string") throw new InvalidArgumentError(`saveWeights: path must be a string, got ${quoted(path)}`);
    const files = platform.files;
    if ("unavailable" in files) {
      throw new SimdTensorError(`saveWeights: ${files.unavailable} to write ${JSON.stringify(path)} to; model.saveWeightsBytes() returns the .npz file's bytes (to download or store)`);
    }
    files.write(path, this.#weightChunks("saveWeights"));
  }

  /**
   * The weights as the bytes of a .npz file, exactly what {@link Model.saveWeights} writes:
   * each array stored (uncompressed, as `numpy.savez`) as the member "<name>.npy", named as
   * {@link Model.namedWeights} names it. Works on every host.
   */
  saveWeightsBytes(): Uint8Array {
    return joinChunks(this.#weightChunks("saveWeightsBytes"));
  }

  /**
   * Reads weights written by {@link Model.saveWeights} (or numpy.savez with the same names)
   * from a .npz file into this model; names, shapes and dtypes must all match, and the
   * error names each that does not (nothing is loaded then). Node only; in a browser it
   * throws, naming loadWeightsBytes.
   */
  loadWeights(path: string): void {
    if (typeof path !== "string") throw new InvalidArgumentError(`loadWeights: path must be a string, got ${quoted(path)}`);
    const files = platform.files;
    if ("unavailable" in files) {
      throw new SimdTensorError(`loadWeights: ${files.unavailable} to read ${JSON.stringify(path)} from; fetch the .npz file's bytes and pass them to model.loadWeightsBytes(bytes)`);
    }
    this.#requireBuiltToLoad("loadWeights");
    this.#loadNpz(files.read(path), `loadWeights(${JSON.stringify(path)})`, {});
  }

  /**
   * Reads the bytes of a .npz file ({@link Model.saveWeightsBytes}'s, or numpy.savez's
   * with the same names) into this model, with {@link Model.loadWeights}'s checks: names,
   * shapes and dtypes must all match, the error names each that does not, and nothing is
   * loaded then. Works on every host. Compressed members (numpy.savez_compressed) need a
   * ZipCodec: Node's is installed; elsewhere pass `{ codec }` (a browser has no synchronous
   * inflate), or save with numpy.savez.
   */
  loadWeightsBytes(bytes: Uint8Array, options: NpzReadOptions = {}): void {
    if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`loadWeightsBytes: expected a Uint8Array of a .npz file's bytes, got ${quoted(bytes)}`);
    if (options === null || typeof options !== "object") throw new InvalidArgumentError(`loadWeightsBytes: options must be an object, got ${quoted(options)}`);
    this.#requireBuiltToLoad("loadWeightsBytes");
    this.#loadNpz(bytes, "loadWeightsBytes", options);
  }

  /** The weights' .npz archive as chunks in order (saveWeights writes them without joining). */
  #weightChunks(where: string): Uint8Array[] {
    if (!this.built) throw new InvalidArgumentError(`${where}: the model is not built yet (no weights); give its first layer an inputShape or call it on a batch first`);
    return encodeNpz(this.namedWeights(), {}, where);
  }

  #requireBuiltToLoad(where: string): void {
    if (!this.built) throw new InvalidArgumentError(`${where}: the model is not built yet; give its first layer an inputShape or call it on a batch first`);
  }

  #loadNpz(bytes: Uint8Array, where: string, options: NpzReadOptions): void {
    const loaded = decodeNpz(bytes, where, options);
    try {
      this.setNamedWeights(loaded, where);
    } finally {
      for (const t of Object.values(loaded)) t.dispose();
    }
  }

  /** Frees the weights and the state of an optimizer compile() made by name. */
  dispose(): void {
    for (const l of this.layers) l.dispose();
    this.#releaseOptimizer();
    this.#compiled = undefined;
  }

  #releaseOptimizer(): void {
    if (this.#compiled?.ownsOptimizer) this.#compiled.optimizer.dispose();
  }

  #requireCompiled(where: string): Compiled {
    if (this.#compiled === undefined) throw new InvalidArgumentError(`${where}: compile the model first: model.compile({ optimizer, loss, metrics })`);
    return this.#compiled;
  }

  /** Builds from x's shape, or checks x against the built input shape. */
  #prepare(x: Tensor, where: string): void {
    if (x.rank < 1) throw new ShapeError(`${where}: x must have a batch axis, got a scalar`);
    const shape = x.shape.slice(1);
    if (!this.built) {
      this.build(shape);
      return;
    }
    const want = this.#inputShape!;
    if (shape.length !== want.length || shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(`${where}: model "${this.name}" takes inputs of shape ${batchShape(want)}, got x of shape (${x.shape.join(", ")})`);
    }
  }

  /** Checks a data pair: x fits the model, y has as many examples and fits the loss. */
  #checkData(x: Tensor, y: Tensor, xName: string, yName: string, where: string): void {
    this.#prepare(x, where);
    if (y.rank < 1 || y.shape[0] !== x.shape[0]) {
      throw new ShapeError(`${where}: ${xName} has ${x.shape[0]} examples but ${yName} has ${y.rank < 1 ? "no batch axis" : `${y.shape[0]}`} (shapes (${x.shape.join(", ")}) and (${y.shape.join(", ")}))`);
    }
    const compiled = this.#compiled!;
    const out = this.outputShape!;
    checkLabelShape(compiled.loss, y.shape.slice(1), out, where);
    if (compiled.loss.kind === "sparse") {
      const classes = out[out.length - 1];
      const values = y.data();
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!Number.isInteger(v) || v < 0 || v >= classes) throw new InvalidArgumentError(`${where}: ${yName}[${i}] = ${v} is not a class index in [0, ${classes}) (the model has ${classes} outputs)`);
      }
    }
  }

  /** The layers on a batch; with `logits`, the last one without its output activation. */
  #run(x: Tensor, training: boolean, logits: boolean): Tensor {
    const context: CallContext = { training, generator: this.generator };
    return tidy(() => {
      let h = x;
      this.layers.forEach((layer, i) => {
        h = logits && i === this.layers.length - 1 ? layer.callLogits(h, context) : layer.call(h, context);
      });
      return h === x ? reshape(h, h.shape) : h;
    });
  }
}

/**
 * A Sequential model (Keras's `keras.Sequential([...])`): the layers applied in order. With
 * an input shape (the option, or the first layer's `inputShape`) it is built at once;
 * otherwise on its first batch. `seed` makes the initial weights, dropout and shuffling
 * reproducible.
 *
 * ```ts
 * const model = st.sequential([
 *   st.layers.dense(512, { activation: "relu", inputShape: [784] }),
 *   st.layers.dense(10, { activation: "softmax" }),
 * ], { seed: 1 });
 * model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
 * const history = model.fit(x, y, { epochs: 5, batchSize: 128, validationSplit: 0.2 });
 * ```
 */
export function sequential(layers: readonly Layer[], options: SequentialOptions = {}): Model {
  return new Model(layers, options);
}

