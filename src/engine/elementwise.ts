// How the engine runs an element-wise op of the manifest (engine.ts sends every
// run("add", [a, b]) here): check the operands, work out the output dtype (the manifest's
// result rule, numpy's weak scalars) and shape (numpy broadcasting), allocate, decide
// whether the kernel call may wait for a relu to fuse it (fusion.ts), dispatch, record.
// A hot path (~0.5 µs an op on small operands), so it is written out rather than planned
// through op.ts. No element loops here: the kernels own those.
import { isByteDType, isInt32Value, kernelDType, promoteTypes, type DType } from "../dtype.js";
import { DTypeError, InvalidArgumentError } from "../errors.js";
import { broadcastShapes } from "../shape/broadcast.js";
import { shapesEqual } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { isContiguousPair, runBinary, runBinaryScalar, runUnary } from "../backend/elementwise.js";
import { availableThreads } from "../backend/threads.js";
import { ELEMENTWISE, specOf, type BinaryOpName, type UnaryOpName } from "../manifest.js";
import { forRead } from "./access.js";
import { castValues, converted, numberTensor } from "./convert.js";
import { deferBinary, deferBinaryScalar, deferral, fuseRelu } from "./fusion.js";
import { expectTensor, type TensorLike } from "./operand.js";
import { isRecording, record } from "./recording.js";

/**
 * The manifest's result rule: "float" ops compute (and return) integer and bool operands
 * in float32. numpy refuses to subtract or negate bools; so does this.
 */
function resultDType(op: BinaryOpName | UnaryOpName, operands: DType): DType {
  if (ELEMENTWISE[op].result === "float") return operands === "float64" ? "float64" : "float32";
  if (operands === "bool" && (op === "sub" || op === "neg")) {
    throw new DTypeError(`${op}: numpy does not ${op === "sub" ? "subtract" : "negate"} bools (use logicalXor / logicalNot, or astype("int32") first)`);
  }
  return operands;
}

/**
 * numpy's weak scalar: a JS number adopts the tensor's dtype (a fraction lifts an integer
 * or bool tensor to float32; an integer lifts bool to int32). An integer outside the
 * tensor's range is an error, as numpy's OverflowError, rather than a silent wrap.
 */
function scalarDType(op: BinaryOpName, t: DType, s: number): DType {
  if (ELEMENTWISE[op].result === "float" && (t === "int32" || t === "uint8" || t === "bool")) return "float32";
  return resultDType(op, weakScalarDType(t, s, op));
}

/**
 * numpy's weak scalar, the dtype a tensor of `t` and a JS number `s` compute in: the
 * tensor's when s fits it, float32 for a fraction beside an integer or bool tensor, int32
 * for an integer beside a bool; an integer outside the tensor's range is an error.
 */
export function weakScalarDType(t: DType, s: number, op: string): DType {
  if (t === "float32" || t === "float64") return t;
  if (!Number.isInteger(s)) return "float32";
  const dtype = t === "bool" ? "int32" : t;
  const fits = dtype === "uint8" ? s >= 0 && s <= 255 : isInt32Value(s);
  if (!fits) {
    throw new InvalidArgumentError(`${op}: the number ${s} is out of bounds for a ${t} tensor (use astype("float64") first)`);
  }
  return dtype;
}

/**
 * Where a kernel writes an op's result: `out` itself, or for a one-byte result an int32
 * block that finish() converts into `out` (uint8 wraps, bool is x != 0, as numpy).
 */
function targetFor(out: Tensor): Tensor {
  return isByteDType(out.dtype) ? Tensor.empty(out._shape, "int32") : out;
}

function finish(target: Tensor, out: Tensor, threads: number): void {
  if (target === out) return;
  castValues(target, out, threads);
  target.dispose();
}


/**
 * Whether a binary op may leave its kernel call for relu to fuse (fusion.ts):
 * only ops with a fused kernel form (the manifest's fusesRelu), not small ops (they gain
 * nothing), and not under a tape (relu's gradient reads the intermediate anyway, so fusing
 * would only add a pass).
 */
function mayDefer(op: BinaryOpName, out: Tensor): boolean {
  return specOf(op).fusesRelu === true && out.size >= deferral.minElements && !isRecording();
}

/** a (op) b for a binary manifest op. */
export function binary(op: BinaryOpName, a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === "number") {
    if (typeof a === "number") return scalarsOnly(op, a, b);
    return withScalar(op, expectTensor(a, op, "first operand"), b, false);
  }
  if (typeof a === "number") return withScalar(op, expectTensor(b, op, "second operand"), a, true);
  const ta = expectTensor(a, op, "first operand");
  const tb = expectTensor(b, op, "second operand");
  const dtype = resultDType(op, promoteTypes(ta.dtype, tb.dtype));
  const same = shapesEqual(ta._shape, tb._shape);
  const shape = same ? ta._shape : broadcastShapes(ta._shape, tb._shape, op);
  // Reuse the operand's shape and strides arrays when they already describe the output.
  const out = same && ta.isContiguousLayout ? Tensor.empty(shape, dtype, ta._strides) : Tensor.empty(shape, dtype);
  const threads = availableThreads();
  forRead(ta);
  forRead(tb);
  const work = kernelDType(dtype);
  const ca = converted(ta, work, threads);
  const cb = converted(tb, work, threads);
  // Contiguous operands: the kernel call waits in case relu follows (fusion.ts).
  if (mayDefer(op, out) && ca === ta && cb === tb && work === dtype && isContiguousPair(ta, tb, out)) {
    deferBinary(op, ta, tb, out, threads);
  } else {
    const target = targetFor(out);
    runBinary(op, ca, cb, target, threads);
    finish(target, out, threads);
  }
  if (ca !== ta) ca.dispose();
  if (cb !== tb) cb.dispose();
  if (isRecording()) record(op, [ta, tb], out);
  return out;
}

function withScalar(op: BinaryOpName, t: Tensor, s: number, scalarOnLeft: boolean): Tensor {
  const dtype = scalarDType(op, t.dtype, s);
  const out = t.isContiguousLayout ? Tensor.empty(t._shape, dtype, t._strides) : Tensor.empty(t._shape, dtype);
  const threads = availableThreads();
  forRead(t);
  const work = kernelDType(dtype);
  const ct = converted(t, work, threads);
  if (mayDefer(op, out) && ct === t && work === dtype && t.isContiguousLayout) {
    deferBinaryScalar(op, t, s, scalarOnLeft, out, threads);
  } else {
    const target = targetFor(out);
    runBinaryScalar(op, ct, s, scalarOnLeft, target, threads);
    finish(target, out, threads);
  }
  if (ct !== t) ct.dispose();
  if (isRecording()) record(op, scalarOnLeft ? [s, t] : [t, s], out);
  return out;
}

function scalarsOnly(op: BinaryOpName, a: number, b: number): Tensor {
  const ta = numberTensor(a, "float32");
  try {
    return withScalar(op, ta, b, false);
  } finally {
    ta.dispose();
  }
}

/** op(a) for a unary manifest op. */
export function unary(op: UnaryOpName, a: TensorLike): Tensor {
  const t = typeof a === "number" ? numberTensor(a, "float32") : expectTensor(a, op);
  const dtype = resultDType(op, t.dtype);
  const out = t.isContiguousLayout ? Tensor.empty(t._shape, dtype, t._strides) : Tensor.empty(t._shape, dtype);
  // relu reads the pending call's inputs instead of its result, when it can.
  if (op !== "relu" || isRecording() || !fuseRelu(t, out)) {
    const threads = availableThreads();
    forRead(t);
    const ct = converted(t, kernelDType(dtype), threads);
    const target = targetFor(out);
    runUnary(op, ct, target, threads);
    finish(target, out, threads);
    if (ct !== t) ct.dispose();
  }
  if (isRecording()) record(op, [t], out);
  if (t !== a) t.dispose();
  return out;
}
