// What every layer is: a kind ("dense"), per-example input and output shapes (the batch
// axis left out), weights made once when the input shape is first known (build), and a
// forward call. A layer with a softmax or sigmoid on its output can also give the
// pre-activation values (its logits), so a model can compute a cross-entropy from them.
import { InvalidArgumentError, ShapeError } from "../../errors.js";
import type { RandomGenerator } from "../../ops/random.js";
import type { Tensor } from "../../tensor.js";
import { variable, type Variable } from "../../autodiff/variable.js";
import { tidy } from "../../memory/tidy.js";
import { formatShape } from "../../shape/shape.js";
import { quoted } from "../by-name.js";
import type { ActivationName } from "../activations.js";
import { initialize, type Initializer } from "../initializers.js";

/** Options every layer takes. */
export interface LayerOptions {
  /**
   * The shape of one example, without the batch axis ([784], [28, 28, 1]), as Keras's
   * `input_shape`: used when the layer is the first of a model, which is then built at once.
   */
  inputShape?: readonly number[];
  /** The layer's name (default: its kind and its index among the model's layers of that kind, "dense_1"). Must be unique within a model. */
  name?: string;
}

/** What a layer's call knows besides its input. */
export interface CallContext {
  /** Training (dropout active) or inference. */
  readonly training: boolean;
  /** The model's generator: the source of dropout masks not seeded otherwise. */
  readonly generator: RandomGenerator;
}

/** One of a layer's weights: its name within the layer ("kernel", "bias") and its variable. */
export interface LayerWeight {
  /** The name within the layer, as Keras's ("kernel", "bias"). */
  readonly name: string;
  /** The values, trained in place. */
  readonly variable: Variable;
}

/** A per-example shape with its batch axis, as Keras prints it: "(None, 28, 28, 1)". */
export function batchShape(shape: readonly number[]): string {
  return `(None, ${shape.join(", ")})`;
}

/** Checks a shape option: positive integers. */
export function checkShape(value: unknown, what: string, where: string): number[] {
  if (!Array.isArray(value) || !value.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new InvalidArgumentError(`${where}: ${what} must be an array of positive integers (one example's shape, no batch axis), got ${quoted(value)}`);
  }
  return value.slice();
}

/** Checks a positive integer option. */
export function positiveInteger(value: unknown, what: string, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`${where}: ${what} must be a positive integer, got ${quoted(value)}`);
  return value;
}

/**
 * A layer of a model (Keras's keras.layers.Layer): made by the functions of {@link layers},
 * built by the model it is put in (its weights are created when the input shape is known),
 * then called on batches. Shapes are per example: the batch axis is left out.
 */
export abstract class Layer {
  /** The layer's kind in Keras 3's snake_case ("dense", "max_pooling2d"): its default name's stem. */
  abstract readonly kind: string;
  /** The Keras class name ("Dense", "MaxPooling2D"), shown by summary(). */
  abstract readonly className: string;
  /** The per-example input shape given as an option, if any. */
  readonly inputShape: readonly number[] | undefined;
  /** The name: given as an option, or set by the model it is first put in ("dense", "dense_1", ...). */
  name: string | undefined;
  #weights: LayerWeight[] = [];
  #builtFor: readonly number[] | undefined;
  #outputShape: readonly number[] | undefined;

  /** @param options the options every layer takes; `where` names the layer function in errors. */
  protected constructor(options: LayerOptions | undefined, where: string) {
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw new InvalidArgumentError(`${where}: options must be an object, got ${quoted(options)}`);
    }
    this.inputShape = options?.inputShape === undefined ? undefined : checkShape(options.inputShape, "inputShape", where);
    if (options?.name !== undefined && (typeof options.name !== "string" || options.name === "")) {
      throw new InvalidArgumentError(`${where}: name must be a non-empty string, got ${quoted(options.name)}`);
    }
    this.name = options?.name;
  }

  /** Whether build() ran (the weights exist). */
  get built(): boolean {
    return this.#builtFor !== undefined;
  }

  /** The per-example shape this layer was built for. */
  get builtInputShape(): readonly number[] | undefined {
    return this.#builtFor;
  }

  /** The per-example output shape, once built. */
  get outputShape(): readonly number[] | undefined {
    return this.#outputShape;
  }

  /** The weight variables, in Keras's order (kernel, then bias); empty before build and for layers without weights. */
  get weights(): Variable[] {
    return this.#weights.map((w) => w.variable);
  }

  /** The weights fit trains (all of a layer's weights are trainable). */
  get trainableWeights(): Variable[] {
    return this.weights.filter((v) => v.trainable);
  }

  /** The weights with their names within the layer ("kernel", "bias"), from which the model names them ("dense_1/kernel"). */
  get namedWeights(): readonly LayerWeight[] {
    return this.#weights;
  }

  /** The number of weight elements. */
  countParams(): number {
    return this.#weights.reduce((n, w) => n + w.variable.size, 0);
  }

  /**
   * Creates the weights for a per-example input shape (once: a second call must give the
   * same shape) and returns the output shape.
   */
  build(inputShape: readonly number[], generator: RandomGenerator): readonly number[] {
    if (this.#builtFor !== undefined) {
      if (inputShape.length !== this.#builtFor.length || inputShape.some((d, i) => d !== this.#builtFor![i])) {
        throw new ShapeError(`${this.label}: built for inputs of shape ${batchShape(this.#builtFor)}, got ${batchShape(inputShape)}`);
      }
      return this.#outputShape!;
    }
    const out = this.computeOutputShape(inputShape);
    this.makeWeights(inputShape, generator);
    this.#builtFor = inputShape.slice();
    this.#outputShape = out;
    return out;
  }

  /** The layer's name for messages: "dense_1 (Dense)". */
  get label(): string {
    return `${this.name ?? this.kind} (${this.className})`;
  }

  /** Frees the weights (the layer can no longer be called). */
  dispose(): void {
    for (const w of this.#weights) w.variable.dispose();
    this.#weights = [];
  }

  /** The per-example output shape for a per-example input shape; throws a ShapeError naming the layer for one it cannot take. */
  abstract computeOutputShape(inputShape: readonly number[]): readonly number[];

  /** The forward pass on a batch (the layer is built). */
  abstract call(x: Tensor, context: CallContext): Tensor;

  /** The activation applied last: "softmax" or "sigmoid" let a model take a cross-entropy from {@link Layer.callLogits}. */
  get outputActivation(): ActivationName {
    return "linear";
  }

  /** The forward pass without the output activation (the logits); only for a layer whose {@link Layer.outputActivation} is not "linear". */
  callLogits(x: Tensor, context: CallContext): Tensor {
    return this.call(x, context);
  }

  /** Subclasses create their weights here with addWeight (default: none). */
  protected makeWeights(_inputShape: readonly number[], _generator: RandomGenerator): void {}

  /** A new weight variable named "<layer>/<name>", drawn by `init`. */
  protected addWeight(name: string, shape: readonly number[], init: Initializer, generator: RandomGenerator): Variable {
    const v = tidy(() => {
      const value = initialize(init, shape, generator);
      if (value.dtype !== "float32" || value._shape.length !== shape.length || value._shape.some((d, i) => d !== shape[i])) {
        throw new ShapeError(`${this.label}: the ${name} initializer must return a float32 tensor of shape ${formatShape(shape)}, got ${value.dtype} ${formatShape(value._shape)}`);
      }
      return variable(value, { name: `${this.name ?? this.kind}/${name}` });
    });
    this.#weights.push({ name, variable: v });
    return v;
  }

  /** The error for a weight read before build. */
  protected unbuilt(weight: string): InvalidArgumentError {
    return new InvalidArgumentError(`${this.label}: no ${weight} yet: the layer is built when its model knows the input shape (an inputShape option, or a first batch)`);
  }

  /** A ShapeError naming this layer. */
  protected shapeError(message: string): ShapeError {
    return new ShapeError(`${this.label}: ${message}`);
  }
}
