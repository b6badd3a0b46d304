// The op manifest: one entry per element-wise op and per reduction kernel, the single
// source of truth for what an op is. Metadata only (no code), so every layer may read it:
//   - scripts/generate-ops.ts writes from it the AssemblyScript op codes
//     (assembly/elementwise/opcodes.ts and dispatch.ts, assembly/reduce/opcodes.ts), the
//     public element-wise functions (src/ops/elementwise.ts) and their Tensor methods
//     (src/tensor-methods-elementwise.ts); test/manifest.test.ts fails when those differ;
//   - the backend takes its kernel codes and thread grains from it, the engine its dtype
//     rule and whether relu may fuse into it;
//   - the tests take the per-op suites from it, and check that every op has a reference
//     (test/helpers/reference.ts) and every differentiable op a gradient rule
//     (src/autodiff/gradients/index.ts).
// Adding an op: docs/contributing.md, "Adding an op".

/**
 * What an op's result dtype is, from its operands' (after numpy promotion for two):
 * "same" keeps it; "float" turns int32 into float32 (sqrt, exp, div, ...).
 */
export type ResultRule = "same" | "float";

export interface ElementwiseSpec {
  /** 1: op(x); 2: a op b, numpy broadcasting, a JS number allowed on either side. */
  readonly arity: 1 | 2;
  /** The kernels' switch case (unary and binary codes are separate spaces). */
  readonly code: number;
  readonly result: ResultRule;
  /** Computed from polynomials: worth splitting over threads from fewer elements. */
  readonly transcendental?: boolean;
  /** Has an `op | THEN_RELU` kernel case: relu(a op b) may run as one pass. */
  readonly fusesRelu?: boolean;
  /** Has a gradient rule (all of them, so far). */
  readonly differentiable: boolean;
  /** The public function's doc comment (and its Tensor method's). */
  readonly doc: string;
}

export const ELEMENTWISE = {
  add: { arity: 2, code: 0, result: "same", fusesRelu: true, differentiable: true, doc: "a + b, numpy broadcasting; either side may be a plain number." },
  sub: { arity: 2, code: 1, result: "same", fusesRelu: true, differentiable: true, doc: "a - b, numpy broadcasting; either side may be a plain number." },
  mul: { arity: 2, code: 2, result: "same", fusesRelu: true, differentiable: true, doc: "a * b, numpy broadcasting; either side may be a plain number." },
  div: {
    arity: 2, code: 3, result: "float", fusesRelu: true, differentiable: true,
    doc: "a / b, numpy broadcasting; int32 / int32 gives float32 (true division; numpy gives float64).",
  },
  maximum: { arity: 2, code: 4, result: "same", fusesRelu: true, differentiable: true, doc: "Element-wise maximum; NaN in either operand gives NaN (numpy.maximum)." },
  minimum: { arity: 2, code: 5, result: "same", fusesRelu: true, differentiable: true, doc: "Element-wise minimum; NaN in either operand gives NaN (numpy.minimum)." },
  pow: {
    arity: 2, code: 6, result: "float", transcendental: true, differentiable: true,
    doc: "a ** b with C/numpy special cases (pow(x, 0) = 1, a negative base with a fractional exponent = NaN); int32 gives float32.",
  },
  mod: {
    arity: 2, code: 7, result: "same", differentiable: true,
    doc: "a mod b with the divisor's sign (numpy.remainder, Python's %): mod(-1, 3) = 2, a zero result takes b's sign, mod(x, 0) = NaN; int32 mod(x, 0) = 0 as numpy. bool and uint8 compute in int32 and keep their dtype (numpy gives int8 for bools; the values agree). float32 is computed in float64 (exact as float32's). Gradient: da = dy, db = -dy · floorDiv(a, b).",
  },
  floorDiv: {
    arity: 2, code: 8, result: "same", differentiable: true,
    doc: "floor(a / b) (numpy.floor_divide, Python's //), with mod(a, b) = a - floorDiv(a, b)·b as numpy's divmod; b = 0 gives a / b (±inf, NaN); int32 floorDiv(x, 0) = 0 and floorDiv(INT_MIN, -1) = INT_MIN (wraps) as numpy. bool and uint8 compute in int32 and keep their dtype. float32 is computed in float64 and rounded. Gradient 0.",
  },
  relu: { arity: 1, code: 0, result: "same", differentiable: true, doc: "max(x, 0); relu(NaN) is NaN. Gradient 0 at 0." },
  neg: { arity: 1, code: 1, result: "same", differentiable: true, doc: "-x." },
  abs: { arity: 1, code: 2, result: "same", differentiable: true, doc: "|x|. Gradient 0 at 0." },
  square: { arity: 1, code: 3, result: "same", differentiable: true, doc: "x * x." },
  sqrt: { arity: 1, code: 4, result: "float", differentiable: true, doc: "Square root; NaN below 0. int32 gives float32." },
  exp: { arity: 1, code: 5, result: "float", transcendental: true, differentiable: true, doc: "e^x (overflow gives inf), within 2.5 ulp in float32. int32 gives float32." },
  log: { arity: 1, code: 6, result: "float", transcendental: true, differentiable: true, doc: "Natural log: log(0) = -inf, log(x < 0) = NaN. int32 gives float32." },
  tanh: { arity: 1, code: 7, result: "float", transcendental: true, differentiable: true, doc: "Hyperbolic tangent. int32 gives float32." },
  sigmoid: {
    arity: 1, code: 8, result: "float", transcendental: true, differentiable: true,
    doc: "1 / (1 + e^-x), saturating cleanly (never NaN for large |x|). int32 gives float32.",
  },
  sign: { arity: 1, code: 9, result: "same", differentiable: true, doc: "-1, 0 or 1 by the sign of x (numpy.sign: sign(-0) = 0, sign(NaN) = NaN); int32 stays int32. Gradient 0." },
  floor: { arity: 1, code: 10, result: "float", differentiable: true, doc: "The largest integer <= x (numpy.floor; -0 stays -0). Integers give float32. Gradient 0." },
  ceil: { arity: 1, code: 11, result: "float", differentiable: true, doc: "The smallest integer >= x (numpy.ceil). Integers give float32. Gradient 0." },
  round: { arity: 1, code: 12, result: "float", differentiable: true, doc: "x rounded to the nearest integer, halves to even (numpy.round: round(2.5) = 2). Integers give float32. Gradient 0." },
  reciprocal: { arity: 1, code: 13, result: "float", differentiable: true, doc: "1 / x (1 / 0 = inf). Integers give float32." },
  log1p: {
    arity: 1, code: 14, result: "float", transcendental: true, differentiable: true,
    doc: "log(1 + x), accurate for tiny x (log1p(1e-10) ≈ 1e-10 to a few ulp); log1p(-1) = -inf, below -1 NaN, log1p(-0) = -0. int32 gives float32.",
  },
  expm1: {
    arity: 1, code: 15, result: "float", transcendental: true, differentiable: true,
    doc: "e^x - 1, accurate for tiny x (expm1(1e-10) ≈ 1e-10 to a few ulp); expm1(-inf) = -1, expm1(-0) = -0. int32 gives float32.",
  },
  softplus: {
    arity: 1, code: 16, result: "float", transcendental: true, differentiable: true,
    doc: "log(1 + e^x), as max(x, 0) + log1p(e^-|x|): softplus(1000) = 1000, softplus(-1000) = 0, never NaN or inf for finite x. Gradient sigmoid(x). int32 gives float32.",
  },
  sin: {
    arity: 1, code: 17, result: "float", transcendental: true, differentiable: true,
    doc: "Sine (radians), accurate over the whole range (large arguments reduced exactly); sin(±inf) = NaN, sin(-0) = -0. int32 gives float32.",
  },
  cos: {
    arity: 1, code: 18, result: "float", transcendental: true, differentiable: true,
    doc: "Cosine (radians), accurate over the whole range (large arguments reduced exactly); cos(±inf) = NaN. int32 gives float32.",
  },
} as const satisfies Record<string, ElementwiseSpec>;

export type ElementwiseOp = keyof typeof ELEMENTWISE;
export type BinaryOpName = { [K in ElementwiseOp]: (typeof ELEMENTWISE)[K]["arity"] extends 2 ? K : never }[ElementwiseOp];
export type UnaryOpName = { [K in ElementwiseOp]: (typeof ELEMENTWISE)[K]["arity"] extends 1 ? K : never }[ElementwiseOp];

/** Added to a binary op's code for relu(a op b) in one pass (ops with `fusesRelu`). */
export const THEN_RELU = 16;

/** The manifest's entry for an op name. */
export function specOf(op: ElementwiseOp): ElementwiseSpec {
  return ELEMENTWISE[op];
}

/** The op names of one arity, in manifest order. */
export function opsOfArity<A extends 1 | 2>(arity: A): (A extends 2 ? BinaryOpName : UnaryOpName)[] {
  return (Object.keys(ELEMENTWISE) as ElementwiseOp[]).filter((op) => ELEMENTWISE[op].arity === arity) as (A extends 2 ? BinaryOpName : UnaryOpName)[];
}

/** A reduction kernel's entry (assembly/reduce/reduce.ts). */
export interface ReductionSpec {
  /** The reduce kernel's switch case. */
  readonly code: number;
  /** The accumulator's starting value, per dtype family. */
  readonly identity: { readonly float: number; readonly int32: number };
  /** The element-wise op that combines the partial results of threads (NaN propagates as in the reduction). */
  readonly combine: BinaryOpName;
}

/** The axis reductions with a kernel (mean is sum's kernel with a divisor). */
export const REDUCTIONS = {
  sum: { code: 0, identity: { float: 0, int32: 0 }, combine: "add" },
  prod: { code: 1, identity: { float: 1, int32: 1 }, combine: "mul" },
  max: { code: 2, identity: { float: -Infinity, int32: -2147483648 }, combine: "maximum" },
  min: { code: 3, identity: { float: Infinity, int32: 2147483647 }, combine: "minimum" },
} as const satisfies Record<string, ReductionSpec>;

export type ReduceOpName = keyof typeof REDUCTIONS;

/** The arg-reductions (assembly/reduce/argreduce.ts): the kernel's switch case. */
export const ARG_REDUCTIONS = {
  argmax: { code: 0 },
  argmin: { code: 1 },
} as const satisfies Record<string, { readonly code: number }>;

export type ArgReduceOpName = keyof typeof ARG_REDUCTIONS;

/** A comparison (a op b → bool, numpy broadcasting; NaN compares false except in notEqual). */
export interface ComparisonSpec {
  /** The compare kernels' switch case. */
  readonly code: number;
  /** The comparison that gives the same answer with the operands swapped (s < a ≡ a > s). */
  readonly swapped: "equal" | "notEqual" | "less" | "lessEqual" | "greater" | "greaterEqual";
  readonly doc: string;
}

export const COMPARISONS = {
  equal: { code: 0, swapped: "equal", doc: "a == b, element-wise (bool; numpy broadcasting, a plain number on either side); NaN equals nothing." },
  notEqual: { code: 1, swapped: "notEqual", doc: "a != b, element-wise (bool); NaN differs from everything, itself included." },
  less: { code: 2, swapped: "greater", doc: "a < b, element-wise (bool); false where either is NaN." },
  lessEqual: { code: 3, swapped: "greaterEqual", doc: "a <= b, element-wise (bool); false where either is NaN." },
  greater: { code: 4, swapped: "less", doc: "a > b, element-wise (bool); false where either is NaN." },
  greaterEqual: { code: 5, swapped: "lessEqual", doc: "a >= b, element-wise (bool); false where either is NaN." },
} as const satisfies Record<ComparisonSpec["swapped"], ComparisonSpec>; // every name a swap can give is an entry

export type ComparisonOp = keyof typeof COMPARISONS;

/** Logical ops: operands taken as bool (x != 0), result bool; logicalNot is unary. */
export const LOGICAL = {
  logicalAnd: { code: 0, arity: 2, doc: "a AND b, element-wise, operands taken as bool (x != 0); numpy broadcasting." },
  logicalOr: { code: 1, arity: 2, doc: "a OR b, element-wise, operands taken as bool (x != 0); numpy broadcasting." },
  logicalXor: { code: 2, arity: 2, doc: "a XOR b, element-wise, operands taken as bool (x != 0); numpy broadcasting." },
  logicalNot: { code: 3, arity: 1, doc: "NOT x, element-wise, x taken as bool (x != 0)." },
} as const satisfies Record<string, { readonly code: number; readonly arity: 1 | 2; readonly doc: string }>;

export type LogicalOp = keyof typeof LOGICAL;

/** Value tests: x → bool (integers and bools are always finite). */
export const VALUE_TESTS = {
  isNaN: { code: 0, doc: "True where x is NaN (bool)." },
  isInf: { code: 1, doc: "True where x is +Infinity or -Infinity (bool)." },
  isFinite: { code: 2, doc: "True where x is neither NaN nor infinite (bool)." },
} as const satisfies Record<string, { readonly code: number; readonly doc: string }>;

export type ValueTestOp = keyof typeof VALUE_TESTS;

/**
 * The activations a GEMM applies to each output tile as it stores it (the epilogue of
 * linear and conv2d): the kernels' code (0: none). Each is also an element-wise op above.
 */
export const ACTIVATIONS = {
  relu: { code: 1 },
  sigmoid: { code: 2 },
  tanh: { code: 3 },
} as const satisfies Record<Activation, { readonly code: number }>; // exactly the names of Activation

/** An activation a GEMM can apply as it stores its output (the keys of ACTIVATIONS). */
export type Activation = "relu" | "sigmoid" | "tanh";
