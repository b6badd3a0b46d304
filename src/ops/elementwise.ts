// Element-wise ops: validate, work out the output dtype and shape (numpy broadcasting),
// allocate the output, dispatch. No element loops here: the kernels own those.
import { promoteTypes, type DType } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { broadcastShapes } from "../shape/broadcast.js";
import { shapesEqual } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { isContiguousPair, runBinary, runBinaryScalar, runUnary } from "../backend/elementwise.js";
import { deferBinary, deferBinaryScalar, deferral, fuseRelu } from "../backend/deferred-call.js";
import type { BinaryOpName, UnaryOpName } from "../backend/opcodes.js";
import { astype } from "./cast.js";
import { expectTensor, type TensorLike } from "./operand.js";
import { tensor } from "./creation.js";
import { isRecording, record } from "../autodiff/tape.js";

/** Ops whose int32 result is computed (and returned) in float32: true division, and pow (negative exponents). */
const FLOAT_RESULT: ReadonlySet<BinaryOpName> = new Set(["div", "pow"]);

function binaryDType(op: BinaryOpName, a: DType, b: DType): DType {
  const t = promoteTypes(a, b);
  return t === "int32" && FLOAT_RESULT.has(op) ? "float32" : t;
}

/**
 * numpy's weak scalar: a JS number adopts the tensor's dtype (a fraction lifts int32 to
 * float32). An integer outside int32's range is an error with an int32 tensor, as numpy's
 * OverflowError, rather than a silent wrap.
 */
function scalarDType(op: BinaryOpName, t: DType, s: number): DType {
  if (t !== "int32") return t;
  if (FLOAT_RESULT.has(op) || !Number.isInteger(s)) return "float32";
  if (s < -(2 ** 31) || s >= 2 ** 31) {
    throw new InvalidArgumentError(`${op}: the number ${s} is out of bounds for an int32 tensor (use astype("float64") first)`);
  }
  return "int32";
}

/** `t`, or a converted copy that the caller disposes. */
function as(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : astype(t, dtype);
}

/**
 * Whether a binary op may leave its kernel call for relu to fuse (backend/deferred-call.ts):
 * pow has no fused form, small ops gain nothing, and under a tape relu's gradient reads
 * the intermediate anyway, so fusing would only add a pass.
 */
function mayDefer(op: BinaryOpName, out: Tensor): op is Exclude<BinaryOpName, "pow"> {
  return op !== "pow" && out.size >= deferral.minElements && !isRecording();
}

function binary(op: BinaryOpName, a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === "number") {
    if (typeof a === "number") return scalarsOnly(op, a, b);
    return withScalar(op, expectTensor(a, op, "first operand"), b, false);
  }
  if (typeof a === "number") return withScalar(op, expectTensor(b, op, "second operand"), a, true);
  const ta = expectTensor(a, op, "first operand");
  const tb = expectTensor(b, op, "second operand");
  const dtype = binaryDType(op, ta.dtype, tb.dtype);
  const same = shapesEqual(ta.shape, tb.shape);
  const shape = same ? ta.shape : broadcastShapes(ta.shape, tb.shape, op);
  // Reuse the operand's shape and strides arrays when they already describe the output.
  const out = same && ta.isContiguousLayout ? Tensor.empty(shape, dtype, ta.strides) : Tensor.empty(shape, dtype);
  const ca = as(ta, dtype);
  const cb = as(tb, dtype);
  // Contiguous operands: the kernel call waits in case relu follows (backend/deferred-call.ts).
  if (mayDefer(op, out) && ca === ta && cb === tb && isContiguousPair(ta, tb, out)) deferBinary(op, ta, tb, out);
  else runBinary(op, ca, cb, out);
  if (ca !== ta) ca.dispose();
  if (cb !== tb) cb.dispose();
  if (isRecording()) record(op, [ta, tb], out);
  return out;
}

function withScalar(op: BinaryOpName, t: Tensor, s: number, scalarOnLeft: boolean): Tensor {
  const dtype = scalarDType(op, t.dtype, s);
  const out = t.isContiguousLayout ? Tensor.empty(t.shape, dtype, t.strides) : Tensor.empty(t.shape, dtype);
  const ct = as(t, dtype);
  if (mayDefer(op, out) && ct === t && t.isContiguousLayout) deferBinaryScalar(op, t, s, scalarOnLeft, out);
  else runBinaryScalar(op, ct, s, scalarOnLeft, out);
  if (ct !== t) ct.dispose();
  if (isRecording()) record(op, scalarOnLeft ? [s, t] : [t, s], out);
  return out;
}

function scalarsOnly(op: BinaryOpName, a: number, b: number): Tensor {
  const ta = tensor(a);
  try {
    return withScalar(op, ta, b, false);
  } finally {
    ta.dispose();
  }
}

function unary(op: UnaryOpName, a: TensorLike, floatResult = false): Tensor {
  const t = typeof a === "number" ? tensor(a) : expectTensor(a, op);
  const dtype = floatResult && t.dtype === "int32" ? "float32" : t.dtype;
  const out = t.isContiguousLayout ? Tensor.empty(t.shape, dtype, t.strides) : Tensor.empty(t.shape, dtype);
  const ct = as(t, dtype);
  if (op !== "relu" || isRecording() || !fuseRelu(t, out)) runUnary(op, ct, out);
  if (ct !== t) ct.dispose();
  if (isRecording()) record(op, [t], out);
  if (t !== a) t.dispose();
  return out;
}

/** a + b, numpy broadcasting; either side may be a plain number. */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary("add", a, b);
/** a - b */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary("sub", a, b);
/** a * b */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary("mul", a, b);
/** a / b (int32 / int32 gives float32, as numpy's true division) */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary("div", a, b);
/** Element-wise maximum; NaN in either operand gives NaN (numpy.maximum). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary("maximum", a, b);
/** Element-wise minimum; NaN propagates. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary("minimum", a, b);

/** max(x, 0); relu(NaN) is NaN. */
export const relu = (x: TensorLike): Tensor => unary("relu", x);
/** -x, same dtype (an int32 -2^31 wraps to itself, as numpy). */
export const neg = (x: TensorLike): Tensor => unary("neg", x);
/** |x|, same dtype (abs(-0) = 0, abs(NaN) = NaN; an int32 -2^31 wraps to itself, as numpy). */
export const abs = (x: TensorLike): Tensor => unary("abs", x);
/** x * x, same dtype (int32 wraps around on overflow, as numpy). */
export const square = (x: TensorLike): Tensor => unary("square", x);
/** sqrt(x); NaN below 0. int32 input gives float32. */
export const sqrt = (x: TensorLike): Tensor => unary("sqrt", x, true);
/** a ** b with C/numpy special cases (pow(x, 0) = 1, negative base with a fractional exponent = NaN). int32 gives float32. */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary("pow", a, b);
/** e^x (overflow → inf). int32 input gives float32; likewise below. */
export const exp = (x: TensorLike): Tensor => unary("exp", x, true);
/** Natural log: log(0) = -inf, log(x < 0) = NaN. */
export const log = (x: TensorLike): Tensor => unary("log", x, true);
/** Hyperbolic tangent, in [-1, 1] (±1 for large |x|, never NaN there). int32 input gives float32. */
export const tanh = (x: TensorLike): Tensor => unary("tanh", x, true);
/** 1 / (1 + e^-x), saturating cleanly (never NaN for large |x|). */
export const sigmoid = (x: TensorLike): Tensor => unary("sigmoid", x, true);
