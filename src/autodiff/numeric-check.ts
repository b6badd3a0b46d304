// checkGradients: the tape's gradients against central differences computed in float64.
//
// For a non-scalar f the check uses a fixed pseudo-random weighting R of the outputs,
// L(x) = sum(f(x) · R), rather than sum(f(x)): a plain sum cannot see a gradient sent to
// the wrong element (say, a transpose rule that forgot to transpose). Analytic: the tape's
// gradient of f with outputGradients = R, on the inputs as given (dtype and layout
// untouched, so non-contiguous and broadcast views are exercised). Numeric: for each input
// element, (L(x + eps) - L(x - eps)) / 2eps with every input converted to float64 and L
// summed in float64.
import { isFloatDType } from "../dtype.js";
import { DTypeError, InvalidArgumentError } from "../errors.js";
import { tidy } from "../memory/tidy.js";
import { tensor } from "../ops/creation.js";
import { describe, expectTensor } from "../engine/operand.js";
import { Random } from "../random.js";
import { Tensor } from "../tensor.js";
import { GradientTape } from "./gradient-tape.js";
import { withoutRecording } from "./tape.js";

/**
 * Options of {@link checkGradients}. The defaults of eps, rtol and atol are chosen together:
 * the float32 set when any input is float32, else the float64 set.
 */
export interface CheckGradientsOptions {
  /** Central-difference step, > 0 (default 1e-3 when an input is float32, 1e-6 for float64). */
  eps?: number;
  /** Relative tolerance, >= 0 (default 1e-3 for float32 inputs, 1e-5 for float64). */
  rtol?: number;
  /** Absolute tolerance, >= 0 (default 1e-4 for float32 inputs, 1e-7 for float64). */
  atol?: number;
  /** Seed of the pseudo-random output weighting (default 0x5eed, so runs are reproducible). */
  seed?: number;
}

/** The comparison for one input of {@link checkGradients}, element by element. */
export interface InputGradientCheck {
  /** The tape's gradient, row-major. */
  analytic: Float64Array;
  /** The central-difference estimate, row-major. */
  numeric: Float64Array;
  /** Largest |analytic - numeric| over the input's elements (0 for an empty input, NaN if either side has a NaN). */
  maxAbsError: number;
  /**
   * Row-major index of the element furthest outside its tolerance, i.e. with the largest
   * |analytic - numeric| / (atol + rtol · |numeric|) (a NaN error counts as the worst);
   * not necessarily where maxAbsError occurs. -1 for an empty input.
   */
  worstIndex: number;
  /** True when every element is within atol + rtol · |numeric| (a NaN fails). */
  ok: boolean;
}

/** What {@link checkGradients} returns. */
export interface GradientCheckResult {
  /** Every element of every input within atol + rtol · |numeric|. */
  ok: boolean;
  /** One comparison per input, in the order of `inputs`. */
  inputs: InputGradientCheck[];
  /** A one-line summary naming the worst element. */
  message: string;
}

function defaults(inputs: readonly Tensor[]): Required<Omit<CheckGradientsOptions, "seed">> {
  const single = inputs.some((x) => x.dtype === "float32");
  return single ? { eps: 1e-3, rtol: 1e-3, atol: 1e-4 } : { eps: 1e-6, rtol: 1e-5, atol: 1e-7 };
}

/** Compares the tape's gradients of f at `inputs` with central differences in float64. */
export function checkGradients(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: CheckGradientsOptions = {}): GradientCheckResult {
  if (typeof f !== "function") throw new InvalidArgumentError(`checkGradients: expected a function, got ${describe(f)}`);
  if (!Array.isArray(inputs)) throw new InvalidArgumentError(`checkGradients: inputs must be an array of tensors, got ${describe(inputs)}`);
  inputs.forEach((x, i) => {
    expectTensor(x, "checkGradients", `inputs[${i}]`);
    if (!isFloatDType(x.dtype)) throw new DTypeError(`checkGradients: inputs[${i}] is ${x.dtype}; only float tensors have gradients`);
  });
  const { eps, rtol, atol } = { ...defaults(inputs), ...options };
  for (const [name, v] of [["eps", eps], ["rtol", rtol], ["atol", atol]] as const) {
    if (typeof v !== "number" || !(v >= 0) || (name === "eps" && v === 0)) throw new InvalidArgumentError(`checkGradients: ${name} must be a positive number, got ${describe(v)}`);
  }

  // L's weights, drawn once: the shape comes from one evaluation.
  const probe = withoutRecording(() => tidy(() => evaluate(f, inputs)._shape.slice()));
  const rng = new Random(options.seed ?? 0x5eed);
  const size = probe.reduce((n, d) => n * d, 1);
  const weights = new Float64Array(size);
  for (let i = 0; i < size; i++) weights[i] = 0.5 + rng.nextDouble(); // in [0.5, 1.5): no output is ignored

  const analytic = tidy(() => {
    const tape = new GradientTape();
    try {
      tape.watch(inputs as Tensor[]);
      const y = tape.record(() => evaluate(f, inputs));
      const dy = tensor(weights, y._shape, y.dtype);
      return tape.gradient(y, inputs as Tensor[], { outputGradients: dy, unconnectedGradients: "zero" }).map((g) => Float64Array.from(g.data()));
    } finally {
      tape.dispose();
    }
  });

  const numeric = withoutRecording(() => numericGradients(f, inputs, weights, eps));

  let worst: { score: number; text: string } | undefined;
  const results = inputs.map((x, i): InputGradientCheck => {
    const a = analytic[i];
    const n = numeric[i];
    let maxAbsError = 0;
    let worstIndex = -1;
    let worstScore = -1;
    let ok = true;
    for (let j = 0; j < a.length; j++) {
      const err = Math.abs(a[j] - n[j]);
      const allowed = atol + rtol * Math.abs(n[j]);
      if (!(err <= allowed)) ok = false; // NaN fails
      const score = Number.isNaN(err) ? Infinity : err / allowed;
      maxAbsError = Number.isNaN(err) || Number.isNaN(maxAbsError) ? NaN : Math.max(maxAbsError, err);
      if (score > worstScore) {
        worstScore = score;
        worstIndex = j;
      }
      if (worst === undefined || score > worst.score) {
        worst = {
          score,
          text: `input ${i} (shape [${x.shape.join(", ")}]) element ${j}: tape gradient ${a[j]}, central difference ${n[j]}, |error| ${err} (allowed ${allowed})`,
        };
      }
    }
    return { analytic: a, numeric: n, maxAbsError, worstIndex, ok };
  });
  const allOk = results.every((r) => r.ok);
  const message = worst === undefined ? "no elements to check" : `${allOk ? "gradients match; closest call" : "gradient mismatch"}: ${worst.text}`;
  return { ok: allOk, inputs: results, message };
}

function evaluate(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[]): Tensor {
  const y = f(...xs);
  if (!(y instanceof Tensor)) throw new InvalidArgumentError(`checkGradients: f must return a Tensor, got ${describe(y)}`);
  return y;
}

function numericGradients(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], weights: Float64Array, eps: number): Float64Array[] {
  const values = inputs.map((x) => Float64Array.from(x.data()));
  const args = inputs.map((x, i) => tensor(values[i], x._shape, "float64"));
  const loss = (): number =>
    tidy(() => {
      const y = evaluate(f, args).data();
      let s = 0;
      for (let k = 0; k < y.length; k++) s += y[k] * weights[k];
      return s;
    });
  try {
    return inputs.map((x, i) => {
      const out = new Float64Array(x.size);
      const v = values[i];
      for (let j = 0; j < v.length; j++) {
        const keep = v[j];
        const at = (value: number): number => {
          v[j] = value;
          args[i].dispose();
          args[i] = tensor(v, x._shape, "float64");
          return loss();
        };
        const plus = at(keep + eps);
        const minus = at(keep - eps);
        v[j] = keep;
        args[i].dispose();
        args[i] = tensor(v, x._shape, "float64");
        out[j] = (plus - minus) / (2 * eps);
      }
      return out;
    });
  } finally {
    for (const a of args) a.dispose();
  }
}
