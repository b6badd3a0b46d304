// GradientTape with TensorFlow's semantics, adapted to TypeScript: `with tape:` becomes
// tape.record(fn).
//
//   const tape = new st.GradientTape();
//   const y = tape.record(() => st.add(st.matmul(x, W), b));
//   const [dW, db] = tape.gradient(y, [W, b]);
//
// - Only ops run inside record() are recorded, and only those with an operand on the tape:
//   a watched tensor, a trainable variable (watched on first use unless
//   watchAccessedVariables is false), or the result of an op already recorded.
// - gradient(target, sources): a non-scalar target gives the gradient of its sum; a source
//   the target does not depend on gives null (or zeros with unconnectedGradients: "zero").
// - A non-persistent tape answers one gradient() call and then frees what it saved; a
//   persistent one answers any number and frees at dispose().
// - Tapes nest: an outer tape recording while an inner tape computes its gradient records
//   that computation, so outer.gradient(innerGradient, x) is a second derivative.
import { isFloatDType } from "../dtype.js";
import { DTypeError, GradientTapeError, InvalidArgumentError, ShapeError } from "../errors.js";
import { tidy } from "../memory/tidy.js";
import { ones, zeros } from "../ops/creation.js";
import { reshape } from "../ops/movement.js";
import { describe } from "../engine/operand.js";
import { formatShape, shapesEqual } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { backprop } from "./backprop.js";
import { beginRecording, endRecording, paused, TapeState } from "./tape.js";
import { castTo } from "./unbroadcast.js";
import type { Variable } from "./variable.js";

/** Options of the {@link GradientTape} constructor. */
export interface GradientTapeOptions {
  /** Allow several gradient() calls; free with dispose(). Default false. */
  persistent?: boolean;
  /** Watch trainable variables automatically when an op inside record() uses them. Default true. */
  watchAccessedVariables?: boolean;
}

/**
 * What {@link GradientTape.gradient} returns for a source the target does not depend on:
 * `"none"` gives null, `"zero"` a zeros tensor of the source's shape and dtype (TF's
 * tf.UnconnectedGradients).
 */
export type UnconnectedGradients = "none" | "zero";

/** Options of {@link GradientTape.gradient}. */
export interface GradientOptions {
  /** The gradient of the target to start from (default: ones, i.e. the gradient of sum(target)). Same shape as the target. */
  outputGradients?: Tensor;
  /** What a source the target does not depend on gets: null ("none", default) or zeros ("zero"). */
  unconnectedGradients?: UnconnectedGradients;
}

/** A tape nobody disposed frees what it saved when it is garbage-collected. */
const finalizer = new FinalizationRegistry<TapeState>((state) => state.release());

/**
 * Records ops for reverse-mode differentiation, with TensorFlow's tf.GradientTape
 * semantics: run the forward computation inside {@link GradientTape.record | record(fn)},
 * then call {@link GradientTape.gradient | gradient(target, sources)}. Only ops with an
 * operand on the tape are recorded (a watched tensor, a trainable {@link Variable}, or the
 * result of a recorded op). Tapes nest, so an outer tape can differentiate an inner
 * tape's gradient (second derivatives). A non-persistent tape answers one gradient()
 * call; free a persistent one with dispose().
 */
export class GradientTape {
  /** Whether gradient() may be called more than once (set by the constructor option, default false). */
  readonly persistent: boolean;
  /** Whether trainable variables are watched automatically when a recorded op uses them (constructor option, default true). */
  readonly watchAccessedVariables: boolean;
  readonly #state: TapeState;
  #used = false;
  #disposed = false;

  constructor(options: GradientTapeOptions = {}) {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError(`GradientTape: options must be an object, got ${describe(options)}`);
    const { persistent = false, watchAccessedVariables = true } = options;
    if (typeof persistent !== "boolean") throw new InvalidArgumentError(`GradientTape: persistent must be a boolean, got ${describe(persistent)}`);
    if (typeof watchAccessedVariables !== "boolean") {
      throw new InvalidArgumentError(`GradientTape: watchAccessedVariables must be a boolean, got ${describe(watchAccessedVariables)}`);
    }
    this.persistent = persistent;
    this.watchAccessedVariables = watchAccessedVariables;
    this.#state = new TapeState(watchAccessedVariables);
    finalizer.register(this, this.#state, this);
  }

  /**
   * True after dispose(); every method except dispose() then throws
   * {@link GradientTapeError}. (A non-persistent tape that already answered gradient()
   * also refuses further calls, but is not disposed.)
   */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  #usable(method: string): TapeState {
    if (this.#disposed) throw new GradientTapeError(`GradientTape.${method}: the tape was disposed`);
    if (this.#used) {
      throw new GradientTapeError(
        `GradientTape.${method}: this non-persistent tape already computed its gradients and freed what it recorded; ` +
          "create it with { persistent: true } to call gradient() more than once",
      );
    }
    return this.#state;
  }

  /** Makes the tape track plain tensors (or non-trainable variables), before or inside record(). */
  watch(tensors: Tensor | readonly Tensor[]): void {
    const state = this.#usable("watch");
    const list = tensors instanceof Tensor ? [tensors] : tensors;
    if (!Array.isArray(list)) throw new InvalidArgumentError(`GradientTape.watch: expected a Tensor or an array of tensors, got ${describe(tensors)}`);
    list.forEach((t: unknown, i) => {
      const what = list === tensors ? `tensors[${i}]` : "argument";
      if (!(t instanceof Tensor)) throw new InvalidArgumentError(`GradientTape.watch: ${what} must be a Tensor, got ${describe(t)}`);
      t.live("GradientTape.watch");
      if (!isFloatDType(t.dtype)) throw new DTypeError(`GradientTape.watch: ${what} is ${t.dtype}; only float32 and float64 tensors have gradients`);
    });
    for (const t of list) state.watch(t);
  }

  /** Runs fn with this tape recording and returns its result. fn must be synchronous. */
  record<T>(fn: () => T): T {
    const state = this.#usable("record");
    if (typeof fn !== "function") throw new InvalidArgumentError(`GradientTape.record: expected a function, got ${describe(fn)}`);
    if (state.active) return fn(); // already recording (record inside record)
    beginRecording(state);
    let result: T;
    try {
      result = fn();
    } finally {
      endRecording(state);
    }
    if (result instanceof Promise) {
      throw new InvalidArgumentError("GradientTape.record: fn must be synchronous (it returned a Promise): ops after an await would not be recorded");
    }
    return result;
  }

  /** Runs fn without this tape recording (other tapes are unaffected). */
  stopRecording<T>(fn: () => T): T {
    const state = this.#usable("stopRecording");
    if (typeof fn !== "function") throw new InvalidArgumentError(`GradientTape.stopRecording: expected a function, got ${describe(fn)}`);
    return paused(state, fn);
  }

  /** The variables this tape watches, in the order it first saw them. */
  watchedVariables(): Variable[] {
    return this.#usable("watchedVariables").variables.slice() as Variable[];
  }

  gradient(target: Tensor, sources: Tensor, options?: GradientOptions & { unconnectedGradients?: "none" }): Tensor | null;
  gradient(target: Tensor, sources: Tensor, options: GradientOptions & { unconnectedGradients: "zero" }): Tensor;
  gradient(target: Tensor, sources: readonly Tensor[], options?: GradientOptions & { unconnectedGradients?: "none" }): (Tensor | null)[];
  gradient(target: Tensor, sources: readonly Tensor[], options: GradientOptions & { unconnectedGradients: "zero" }): Tensor[];
  gradient(target: Tensor, sources: Tensor | readonly Tensor[], options?: GradientOptions): Tensor | null | (Tensor | null)[];
  /**
   * d target / d source for each source (a tensor: one result; an array: an array in the
   * same order). The results are new tensors owned by the caller.
   */
  gradient(target: Tensor, sources: Tensor | readonly Tensor[], options: GradientOptions = {}): Tensor | null | (Tensor | null)[] {
    const state = this.#usable("gradient");
    const { outputGradients, unconnectedGradients = "none" } = checkGradientArgs(target, sources, options);
    const list: readonly Tensor[] = sources instanceof Tensor ? [sources] : sources;
    if (!state.onTape.has(target)) {
      throw new GradientTapeError(
        `GradientTape.gradient: the target (shape ${formatShape(target._shape)}, ${target.dtype}) was not computed on this tape: ` +
          "compute it inside tape.record() from a watched tensor or a trainable variable",
      );
    }
    if (!this.persistent) this.#used = true;
    try {
      const grads = paused(state, () =>
        tidy(() => {
          const seed = outputGradients === undefined ? ones(target._shape, target.dtype) : castTo(outputGradients, target.dtype);
          const raw = backprop(state.nodes, target, seed, list, state.onTape);
          const seen = new Set<Tensor>();
          return raw.map((g, i) => {
            if (g === undefined) return unconnectedGradients === "zero" ? zeros(list[i]._shape, list[i].dtype) : null;
            // Every result is its own object, never the caller's outputGradients: disposing one
            // must not free another. (A view, recorded, so outer tapes stay connected.)
            const own = g === outputGradients || seen.has(g) ? reshape(g, g._shape) : g;
            seen.add(own);
            return own;
          });
        }),
      );
      return sources instanceof Tensor ? grads[0] : grads;
    } finally {
      if (!this.persistent) state.release();
    }
  }

  /** Frees what the tape saved for backward. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    finalizer.unregister(this);
    this.#state.release();
  }
}

function checkGradientArgs(target: unknown, sources: unknown, options: unknown): GradientOptions {
  if (!(target instanceof Tensor)) throw new InvalidArgumentError(`GradientTape.gradient: target must be a Tensor, got ${describe(target)}`);
  const list = sources instanceof Tensor ? [sources] : sources;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(`GradientTape.gradient: sources must be a Tensor, a Variable or an array of them, got ${describe(sources)}`);
  }
  list.forEach((s: unknown, i) => {
    const what = list === sources ? `sources[${i}]` : "source";
    if (!(s instanceof Tensor)) throw new InvalidArgumentError(`GradientTape.gradient: ${what} must be a Tensor or a Variable, got ${describe(s)}`);
    if (!isFloatDType(s.dtype)) throw new DTypeError(`GradientTape.gradient: ${what} is ${s.dtype}; only float32 and float64 tensors have gradients`);
  });
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`GradientTape.gradient: options must be an object, got ${describe(options)}`);
  const { outputGradients, unconnectedGradients } = options as GradientOptions;
  if (unconnectedGradients !== undefined && unconnectedGradients !== "none" && unconnectedGradients !== "zero") {
    throw new InvalidArgumentError(`GradientTape.gradient: unconnectedGradients must be "none" or "zero", got ${describe(unconnectedGradients)}`);
  }
  if (outputGradients !== undefined) {
    if (!(outputGradients instanceof Tensor)) throw new InvalidArgumentError(`GradientTape.gradient: outputGradients must be a Tensor, got ${describe(outputGradients)}`);
    outputGradients.live("GradientTape.gradient (outputGradients)");
    if (!shapesEqual(outputGradients._shape, target._shape)) {
      throw new ShapeError(`GradientTape.gradient: outputGradients has shape ${formatShape(outputGradients._shape)}, the target has shape ${formatShape(target._shape)}`);
    }
  }
  return options as GradientOptions;
}
