// The dense layer's computation in one op: act(x · W + b), the bias and the activation
// applied by the GEMM to each output tile as it stores it (no extra passes over the
// output). The plain composition relu(add(matmul(x, W), b)) gives the same numbers.
import { isFloatDType, promoteTypes, type DType } from "../dtype.js";
import { InvalidArgumentError, ShapeError } from "../errors.js";
import type { Activation } from "../manifest.js";
import { formatShape } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { runMatmul } from "../backend/linalg.js";
import { withContiguous } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { describe, expectTensor } from "../engine/operand.js";
import { tidy } from "../memory/tidy.js";
import { parseActivation } from "./activation.js";
import { reshape } from "./movement.js";

/** What linear records: the fused activation. */
export interface LinearAttrs {
  readonly activation?: Activation;
}

interface LinearPlan {
  shape: readonly number[];
  dtype: DType;
  saved: LinearAttrs;
}

function plan(x: Tensor, w: Tensor, bias: Tensor | undefined, attrs: LinearAttrs): LinearPlan {
  const k = x._shape[1], n = w._shape[1];
  if (w._shape[0] !== k) throw new ShapeError(`linear: the weights' rows (${w._shape[0]}, of ${formatShape(w._shape)}) differ from the input's features (${k}, of ${formatShape(x._shape)})`);
  if (bias !== undefined && (bias.rank !== 1 || bias._shape[0] !== n)) {
    throw new ShapeError(`linear: the bias must have shape [${n}] (one per output unit), got ${formatShape(bias._shape)}`);
  }
  let dtype = promoteTypes(x.dtype, w.dtype);
  if (bias !== undefined) dtype = promoteTypes(dtype, bias.dtype);
  return { shape: [x._shape[0], n], dtype: isFloatDType(dtype) ? dtype : "float32", saved: attrs };
}

function compute([x, w, bias]: readonly Tensor[], out: Tensor, { saved }: LinearPlan, threads: number): void {
  withContiguous(x, out.dtype, threads, (cx) =>
    withContiguous(w, out.dtype, threads, (cw) => {
      if (bias === undefined) runMatmul(cx, cw, out, [], threads, { activation: saved.activation });
      else withContiguous(bias, out.dtype, threads, (cb) => runMatmul(cx, cw, out, [], threads, { bias: cb, activation: saved.activation }));
    }),
  );
}

const LINEAR = computeOp<LinearAttrs, LinearPlan>({
  name: "linear",
  differentiable: true,
  operands: ["input", "weights"],
  plan: ([x, w], attrs) => plan(x, w, undefined, attrs),
  compute,
});

const LINEAR_BIAS = computeOp<LinearAttrs, LinearPlan>({
  name: "linear",
  differentiable: true,
  operands: ["input", "weights", "bias"],
  plan: ([x, w, b], attrs) => plan(x, w, b, attrs),
  compute,
});

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Applied after the bias: "relu", "sigmoid", "tanh" (or "linear", none). */
  activation?: Activation | "linear";
}

/**
 * The dense layer: act(x · W + b) over the last axis of x. `x` (…, k), `W` (k, n), `b` (n)
 * optional → (…, n). The bias and activation are applied in the matrix product's store of
 * each output tile; gradients flow to x, W and b. Integer inputs compute in float32.
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor | null, options: LinearOptions = {}): Tensor {
  expectTensor(x, "linear", "input");
  expectTensor(w, "linear", "weights");
  if (b !== undefined && b !== null) expectTensor(b, "linear", "bias");
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`linear: options must be an object, got ${describe(options)}`);
  const activation = parseActivation(options.activation, "linear");
  if (w.rank !== 2) throw new ShapeError(`linear: the weights must be a (features, units) matrix, got shape ${formatShape(w._shape)}`);
  if (x.rank === 0) throw new ShapeError("linear: the input must have at least one axis (its features)");
  const fused = (x2: Tensor) => (b === undefined || b === null ? run(LINEAR, [x2, w], { activation }) : run(LINEAR_BIAS, [x2, w, b], { activation }));
  if (x.rank === 2) return fused(x);
  // Other ranks: the leading axes as rows, restored afterwards.
  const lead = x._shape.slice(0, -1);
  const k = x._shape[x.rank - 1];
  return tidy(() => reshape(fused(reshape(x, [lead.reduce((p, d) => p * d, 1), k])), [...lead, w._shape[1]]));
}
