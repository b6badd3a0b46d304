// Ops with a bool result, and where(): comparisons (numpy broadcasting, a plain number on
// either side), logical ops, value tests. Comparisons, logical ops and where read
// broadcast and strided operands in place (src/backend/compare.ts walks them). What
// still copies, at the operand's own shape (never the broadcast one): an operand of
// another dtype than the kernel's (int32 beside float32, anything not bool in a logical
// op or as where's condition, bool or uint8 values in where) is converted; a transposed
// view is packed (crossesLines). The value tests lay any strided operand out. None is
// differentiable except where().
import { dtypeInfo, isFloatDType, isInt32Value, kernelDType, promoteTypes, type DType, type KernelDType } from "../dtype.js";
import { broadcastShapes } from "../shape/broadcast.js";
import { shapesEqual } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { runCompare, runCompareScalar, runLogical, runValueTest, runWhere } from "../backend/compare.js";
import { fill } from "../backend/layout.js";
import { castValues, numberTensor } from "../engine/convert.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { weakScalarDType } from "../engine/elementwise.js";
import { expectTensor, type TensorLike } from "../engine/operand.js";
import { COMPARISONS, VALUE_TESTS, type ComparisonOp, type LogicalOp, type ValueTestOp } from "../manifest.js";
import { broadcastTo } from "./movement.js";

/**
 * `t` as a contiguous block of `shape` in `dtype`: itself when it already is one, else a
 * copy (broadcast, packed, converted) that the caller disposes.
 */
function laidOut(t: Tensor, shape: readonly number[], dtype: DType, threads: number): Tensor {
  if (t.dtype === dtype && t.isContiguousLayout && shapesEqual(t._shape, shape)) return t;
  const out = Tensor.empty(shape, dtype);
  const view = shapesEqual(t._shape, shape) ? t : broadcastTo(t, shape);
  try {
    castValues(view, out, threads);
  } finally {
    if (view !== t) view.dispose();
  }
  return out;
}

/**
 * Whether walking `t` row by row would step a cache line or more per element along its
 * innermost axis (a transposed view): such a view reads faster packed, which takes the
 * blocked transpose copy for 4- and 8-byte dtypes, then the contiguous SIMD kernel.
 */
function crossesLines(t: Tensor): boolean {
  for (let k = t.rank - 1; k >= 0; k--) {
    if (t._shape[k] !== 1) return Math.abs(t._strides[k]) * dtypeInfo(t.dtype).bytes >= 64;
  }
  return false;
}

/**
 * `t` as the kernels read it, in `dtype`: itself (any broadcast or strided view) when it
 * is in `dtype` already and does not cross lines; else a converted or packed contiguous
 * copy of its own shape (not the broadcast one) that the caller disposes.
 */
function operandIn(t: Tensor, dtype: DType, threads: number): Tensor {
  if (t.dtype === dtype && !crossesLines(t)) return t;
  const out = Tensor.empty(t._shape, dtype);
  try {
    castValues(t, out, threads);
  } catch (e) {
    out.dispose();
    throw e;
  }
  return out;
}

/** Disposes the laid-out copies (not the operands themselves). */
function disposeCopies(copies: readonly Tensor[], operands: readonly Tensor[]): void {
  for (const c of copies) if (!operands.includes(c)) c.dispose();
}

/** The broadcast shape of some operands, naming the op in the error. */
function broadcastAll(ts: readonly Tensor[], op: string): readonly number[] {
  let shape = ts[0]._shape;
  for (const t of ts.slice(1)) if (!shapesEqual(shape, t._shape)) shape = broadcastShapes(shape, t._shape, op);
  return shape;
}

interface ComparePlan {
  shape: readonly number[];
  dtype: "bool";
  op: ComparisonOp;
  /** The dtype the operands are compared in. */
  work: KernelDType;
  /** The scalar operand, when there is one (compared as the second operand). */
  scalar?: number;
}

/** The dtype a tensor of `dtype` and a JS number compare in: numpy's weak scalar, widened when the number needs it. */
function scalarWork(dtype: DType, s: number): KernelDType {
  const work = kernelDType(dtype);
  if (work === "int32" && !isInt32Value(s) && !Number.isNaN(s) && Number.isFinite(s)) return "float64"; // 0.5, 2^40: compare exactly
  if (work === "int32" && !Number.isFinite(s)) return "float64"; // NaN, ±Infinity
  return work;
}

const COMPARE = computeOp<{ op: ComparisonOp; scalar?: number }, ComparePlan>({
  name: "compare",
  differentiable: false,
  operands: "variadic",
  plan(inputs, { op, scalar }) {
    if (scalar !== undefined) return { shape: inputs[0]._shape, dtype: "bool", op, work: scalarWork(inputs[0].dtype, scalar), scalar };
    return { shape: broadcastAll(inputs, op), dtype: "bool", op, work: kernelDType(promoteTypes(inputs[0].dtype, inputs[1].dtype)) };
  },
  compute(inputs, out, { op, work, scalar }, threads) {
    const laid: Tensor[] = [];
    try {
      for (const t of inputs) laid.push(operandIn(t, work, threads));
      if (scalar !== undefined) runCompareScalar(op, work, laid[0], scalar, out, threads);
      else runCompare(op, work, laid[0], laid[1], out, threads);
    } finally {
      disposeCopies(laid, inputs);
    }
  },
});

function compare(op: ComparisonOp, a: TensorLike, b: TensorLike): Tensor {
  if (typeof a === "number") {
    if (typeof b !== "number") return run(COMPARE, [expectTensor(b, op, "second operand")], { op: COMPARISONS[op].swapped, scalar: a });
    const ta = numberTensor(a, "float64");
    try {
      return run(COMPARE, [ta], { op, scalar: b });
    } finally {
      ta.dispose();
    }
  }
  const ta = expectTensor(a, op, "first operand");
  if (typeof b === "number") return run(COMPARE, [ta], { op, scalar: b });
  return run(COMPARE, [ta, expectTensor(b, op, "second operand")], { op });
}

/** a == b, element-wise (bool; numpy broadcasting, a plain number on either side); NaN equals nothing. */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare("equal", a, b);
/** a != b, element-wise (bool); NaN differs from everything, itself included. */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => compare("notEqual", a, b);
/** a < b, element-wise (bool); false where either is NaN. */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare("less", a, b);
/** a <= b, element-wise (bool); false where either is NaN. */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare("lessEqual", a, b);
/** a > b, element-wise (bool); false where either is NaN. */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare("greater", a, b);
/** a >= b, element-wise (bool); false where either is NaN. */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare("greaterEqual", a, b);

interface BoolPlan {
  shape: readonly number[];
  dtype: "bool";
  code: number;
}

const LOGICAL_OP = computeOp<LogicalOp, { shape: readonly number[]; dtype: "bool"; op: LogicalOp }>({
  name: "logical",
  differentiable: false,
  operands: "variadic",
  plan: (inputs, op) => ({ shape: broadcastAll(inputs, op), dtype: "bool", op }),
  compute(inputs, out, { op }, threads) {
    const laid: Tensor[] = [];
    try {
      for (const t of inputs) laid.push(operandIn(t, "bool", threads)); // x != 0
      runLogical(op, laid[0], laid.length > 1 ? laid[1] : null, out, threads);
    } finally {
      disposeCopies(laid, inputs);
    }
  },
});

/** A logical op's operand: a tensor, or a number taken as bool. */
function logicalOperand(x: TensorLike, op: LogicalOp, what: string, temps: Tensor[]): Tensor {
  if (typeof x !== "number") return expectTensor(x, op, what);
  const t = numberTensor(x !== 0 ? 1 : 0, "bool");
  temps.push(t);
  return t;
}

function logical(op: LogicalOp, ...xs: TensorLike[]): Tensor {
  const temps: Tensor[] = [];
  try {
    const names = xs.length === 1 ? ["argument"] : ["first operand", "second operand"];
    return run(LOGICAL_OP, xs.map((x, i) => logicalOperand(x, op, names[i], temps)), op);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/** a AND b, element-wise, operands taken as bool (x != 0); numpy broadcasting. */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => logical("logicalAnd", a, b);
/** a OR b, element-wise, operands taken as bool (x != 0); numpy broadcasting. */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => logical("logicalOr", a, b);
/** a XOR b, element-wise, operands taken as bool (x != 0); numpy broadcasting. */
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => logical("logicalXor", a, b);
/** NOT x, element-wise, x taken as bool (x != 0). */
export const logicalNot = (x: TensorLike): Tensor => logical("logicalNot", x);

const VALUE_TEST = computeOp<ValueTestOp, BoolPlan & { op: ValueTestOp }>({
  name: "valueTest",
  differentiable: false,
  operands: ["argument"],
  plan: ([t], op) => ({ shape: t._shape, dtype: "bool", code: VALUE_TESTS[op].code, op }),
  compute([t], out, { shape, code, op }, threads) {
    if (!isFloatDType(t.dtype)) {
      fill(out, op === "isFinite" ? 1 : 0, threads); // integers and bools: always finite
      return;
    }
    const laid = laidOut(t, shape, t.dtype, threads);
    try {
      runValueTest(code, laid, out, threads);
    } finally {
      if (laid !== t) laid.dispose();
    }
  },
});

/** True where x is NaN (bool). */
export const isNaN = (x: Tensor): Tensor => run(VALUE_TEST, [x], "isNaN");
/** True where x is +Infinity or -Infinity (bool). */
export const isInf = (x: Tensor): Tensor => run(VALUE_TEST, [x], "isInf");
/** True where x is neither NaN nor infinite (bool). */
export const isFinite = (x: Tensor): Tensor => run(VALUE_TEST, [x], "isFinite");

interface WherePlan {
  shape: readonly number[];
  dtype: DType;
  /** The broadcast shape of the three operands, which the gradient rule unbroadcasts from. */
  saved: undefined;
}

const WHERE = computeOp<undefined, WherePlan>({
  name: "where",
  differentiable: true,
  operands: ["condition", "x", "y"],
  plan: ([cond, a, b]) => ({ shape: broadcastAll([cond, a, b], "where"), dtype: promoteTypes(a.dtype, b.dtype), saved: undefined }),
  compute(inputs, out, { shape, dtype }, threads) {
    const work = kernelDType(dtype);
    const made: Tensor[] = [];
    const keep = (t: Tensor) => (made.push(t), t);
    try {
      const cond = keep(operandIn(inputs[0], "bool", threads));
      const a = keep(operandIn(inputs[1], work, threads));
      const b = keep(operandIn(inputs[2], work, threads));
      const target = work === dtype ? out : keep(Tensor.empty(shape, work));
      runWhere(work, cond, a, b, target, threads);
      if (target !== out) castValues(target, out, threads);
    } finally {
      disposeCopies(made, [...inputs, out]);
    }
  },
});

/** The dtype a JS number takes beside a tensor of `dtype` in where(): numpy's weak scalar, as in the element-wise ops (bool beside 2 is int32). */
function numberDType(s: number, dtype: DType | undefined): DType {
  if (dtype === undefined) return Number.isInteger(s) && isInt32Value(s) ? "int32" : "float32";
  return weakScalarDType(dtype, s, "where");
}

/**
 * numpy.where(condition, x, y): x where the condition holds (taken as bool, x != 0), y
 * elsewhere; all three broadcast, and x or y may be a plain number. Gradients flow to x
 * and y (zero where the other was chosen).
 */
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor {
  const cond = expectTensor(condition, "where", "condition");
  const other = (v: TensorLike) => (typeof v === "number" ? undefined : expectTensor(v, "where", v === x ? "x" : "y").dtype);
  const temps: Tensor[] = [];
  const operand = (v: TensorLike, dtype: DType | undefined): Tensor => {
    if (typeof v !== "number") return v;
    const t = numberTensor(v, numberDType(v, dtype));
    temps.push(t);
    return t;
  };
  try {
    const tx = operand(x, other(y)), ty = operand(y, other(x));
    return run(WHERE, [cond, tx, ty], undefined);
  } finally {
    for (const t of temps) t.dispose();
  }
}
