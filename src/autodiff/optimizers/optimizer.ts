// What every optimizer does: minimize(loss) = record the loss on a tape, take the
// gradients of the variables, applyGradients. Updates are computed with public ops off
// every tape, inside tidy, and written into the variables in place (assign, assignAdd,
// assignSub), so a training step allocates nothing that outlives it (optimizer state lives
// in non-trainable variables, created on first use). Gradient clipping (clipNorm,
// clipValue) is Keras's, applied to each gradient before the update rule sees it.
import { InvalidArgumentError, ShapeError } from "../../errors.js";
import { tidy } from "../../memory/tidy.js";
import { zeros } from "../../ops/creation.js";
import { div, maximum, mul } from "../../ops/elementwise.js";
import { clip, norm } from "../../ops/statistics.js";
import { describe } from "../../engine/operand.js";
import { formatShape, shapesEqual } from "../../shape/shape.js";
import { Tensor } from "../../tensor.js";
import { GradientTape } from "../gradient-tape.js";
import { withoutRecording } from "../tape.js";
import { Variable, variable } from "../variable.js";

/** A gradient and the variable it updates (TF's zip(grads, vars)); a null gradient is skipped. */
export type GradientAndVariable = readonly [Tensor | null | undefined, Variable];

export function checkRate(name: string, key: string, value: unknown, { min = 0, maxExclusive }: { min?: number; maxExclusive?: number } = {}): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (maxExclusive !== undefined && value >= maxExclusive)) {
    const range = maxExclusive !== undefined ? `in [${min}, ${maxExclusive})` : `a finite number >= ${min}`;
    throw new InvalidArgumentError(`${name}: ${key} must be ${range}, got ${describe(value)}`);
  }
  return value;
}

/** Gradient clipping, an option of every optimizer (Keras's clipnorm and clipvalue; at most one of them). */
export interface ClipOptions {
  /** Each gradient scaled to an L2 norm of at most clipNorm (its own norm, Keras's clipnorm): g·clipNorm / max(‖g‖, clipNorm). A finite number > 0. */
  clipNorm?: number;
  /** Each gradient element clipped to [-clipValue, clipValue] (Keras's clipvalue). A finite number > 0. */
  clipValue?: number;
}

function checkClip(name: string, key: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${name}: ${key} must be a finite number > 0, got ${describe(value)}`);
  }
  return value;
}

/**
 * Base class of the optimizers ({@link SGD}, {@link Adam}, {@link AdamW}, {@link RMSprop}): {@link Optimizer.minimize}
 * and {@link Optimizer.applyGradients} are shared, a subclass supplies the update rule.
 * Per-variable state (momentum, moments) lives in non-trainable variables created on
 * first use; free it with dispose().
 */
export abstract class Optimizer {
  /** Number of applyGradients() calls so far. */
  iterations = 0;
  readonly #slots = new Map<Variable, Map<string, Variable>>();

  /** Gradient norm clipping threshold (Keras's clipnorm), or undefined. */
  readonly clipNorm: number | undefined;
  /** Gradient value clipping threshold (Keras's clipvalue), or undefined. */
  readonly clipValue: number | undefined;

  /**
   * @param name The optimizer's name ("sgd", "adam", ...), which prefixes its error messages.
   * @param clipping clipNorm or clipValue (at most one, as Keras), each a finite number > 0.
   */
  constructor(readonly name: string, clipping: ClipOptions = {}) {
    this.clipNorm = checkClip(name, "clipNorm", clipping.clipNorm);
    this.clipValue = checkClip(name, "clipValue", clipping.clipValue);
    if (this.clipNorm !== undefined && this.clipValue !== undefined) {
      throw new InvalidArgumentError(`${name}: set clipNorm or clipValue, not both (as Keras)`);
    }
  }

  /**
   * One step: runs lossFn on a tape, computes the gradients of `variables` (default: the
   * trainable variables lossFn used) and applies them. Returns the loss (the caller owns it);
   * everything else lossFn made is freed.
   */
  minimize(lossFn: () => Tensor, variables?: readonly Variable[]): Tensor {
    if (typeof lossFn !== "function") throw new InvalidArgumentError(`${this.name}.minimize: expected a loss function, got ${describe(lossFn)}`);
    if (variables !== undefined) checkVariables(variables, `${this.name}.minimize`);
    return tidy(() => {
      const tape = new GradientTape();
      try {
        if (variables !== undefined) tape.watch(variables);
        const loss = tape.record(lossFn);
        if (!(loss instanceof Tensor)) throw new InvalidArgumentError(`${this.name}.minimize: the loss function must return a Tensor, got ${describe(loss)}`);
        const vars = variables ?? tape.watchedVariables().filter((v) => v.trainable);
        if (vars.length === 0) throw new InvalidArgumentError(`${this.name}.minimize: the loss uses no trainable variable; pass the variables to minimize`);
        const grads = tape.gradient(loss, vars);
        this.applyGradients(vars.map((v, i) => [grads[i], v] as const));
        return loss;
      } finally {
        tape.dispose();
      }
    });
  }

  /** Updates each variable from its gradient. */
  applyGradients(pairs: Iterable<GradientAndVariable>): void {
    const list = Array.from(pairs ?? [], (pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidArgumentError(`${this.name}.applyGradients: entry ${i} must be a [gradient, variable] pair`);
      const [g, v] = pair as GradientAndVariable;
      if (!(v instanceof Variable)) throw new InvalidArgumentError(`${this.name}.applyGradients: entry ${i}: expected a Variable, got ${describe(v)}`);
      v.live(`${this.name}.applyGradients`);
      if (g === null || g === undefined) return undefined;
      if (!(g instanceof Tensor)) throw new InvalidArgumentError(`${this.name}.applyGradients: entry ${i}: the gradient must be a Tensor or null, got ${describe(g)}`);
      if (!shapesEqual(g._shape, v._shape)) {
        throw new ShapeError(`${this.name}.applyGradients: the gradient of shape ${formatShape(g._shape)} does not fit variable '${v.name}' of shape ${formatShape(v._shape)}`);
      }
      return [g, v] as const;
    });
    withoutRecording(() =>
      tidy(() => {
        for (const pair of list) {
          if (pair === undefined) continue;
          const [g, v] = pair;
          this.update(v, this.clipped(g.dtype === v.dtype ? g : g.astype(v.dtype)));
        }
      }),
    );
    this.iterations++;
  }

  /** The gradient after clipNorm or clipValue (Keras's clip_by_norm: g·c / max(‖g‖, c)). */
  private clipped(g: Tensor): Tensor {
    if (this.clipNorm !== undefined) return div(mul(g, this.clipNorm), maximum(norm(g), this.clipNorm));
    if (this.clipValue !== undefined) return clip(g, -this.clipValue, this.clipValue);
    return g;
  }

  /** Writes the new value of one variable (run inside tidy, off the tapes). */
  protected abstract update(v: Variable, g: Tensor): void;

  /** Per-variable optimizer state (momentum, moments), zeros at first. */
  protected slot(v: Variable, name: string): Variable {
    let slots = this.#slots.get(v);
    if (slots === undefined) this.#slots.set(v, (slots = new Map()));
    let s = slots.get(name);
    if (s === undefined) {
      const z = zeros(v._shape, v.dtype);
      s = variable(z, { trainable: false, name: `${v.name}/${name}` });
      z.dispose();
      slots.set(name, s);
    }
    return s;
  }

  /** Frees the optimizer's state. */
  dispose(): void {
    for (const slots of this.#slots.values()) for (const s of slots.values()) s.dispose();
    this.#slots.clear();
  }
}

function checkVariables(variables: unknown, where: string): void {
  if (!Array.isArray(variables)) throw new InvalidArgumentError(`${where}: variables must be an array of Variables, got ${describe(variables)}`);
  variables.forEach((v, i) => {
    if (!(v instanceof Variable)) throw new InvalidArgumentError(`${where}: variables[${i}] must be a Variable, got ${describe(v)}`);
  });
}
