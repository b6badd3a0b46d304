// Plain-JS references for the tests, written independently of src/shape and
// src/backend: index arithmetic done the long way, float32 results rounded with
// Math.fround after each operation (what IEEE float32 hardware computes for + - * / sqrt
// of float32 inputs: rounding a float64 result of these to float32 is exact rounding).
import { expect } from "vitest";
import { ELEMENTWISE, opsOfArity, specOf, type BinaryOpName, type ComparisonOp, type ElementwiseOp, type LogicalOp, type UnaryOpName, type ValueTestOp } from "../../src/manifest.js";

/** The exact ops (compared bit for bit); the transcendental ones are checked in ulps. */
type Exact<K extends ElementwiseOp> = K extends ElementwiseOp ? ((typeof ELEMENTWISE)[K] extends { transcendental: true } ? never : K) : never;
export type BinaryName = Exact<BinaryOpName>;
export type UnaryName = Exact<UnaryOpName>;

const exact = (op: ElementwiseOp) => specOf(op).transcendental !== true;
/** The manifest's exact binary and unary ops: the element-wise suites run each of them. */
export const BINARY_OPS: readonly BinaryName[] = opsOfArity(2).filter(exact) as BinaryName[];
export const UNARY_OPS: readonly UnaryName[] = opsOfArity(1).filter(exact) as UnaryName[];

/** numpy.round: to the nearest integer, halves to the even one (Math.round sends halves up); keeps -0. */
function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/** numpy / C pow: pow(1, y) and pow(x, ±0) are 1 even for NaN, pow(-1, ±Inf) is 1 (JS Math.pow gives NaN for the first and last). */
function cPow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return Math.pow(a, b);
}

/** numpy's float divmod (npy_divmod): [floor quotient, remainder with the divisor's sign]. JS % is C's fmod. */
function divmod(a: number, b: number): [number, number] {
  let m = a % b;
  if (b === 0) return [a / b, m];
  let q = (a - m) / b;
  if (m !== 0 && !Number.isNaN(m)) {
    if (b < 0 !== m < 0) {
      m += b;
      q -= 1;
    }
  } else if (m === 0) {
    m = b < 0 || Object.is(b, -0) ? -0 : 0;
  }
  if (q === 0) return [(a / b < 0 || Object.is(a / b, -0)) ? -0 : 0, m];
  let f = Math.floor(q);
  if (q - f > 0.5) f += 1;
  return [f, m];
}

/** softplus in float64 without overflow: max(x, 0) + log1p(e^-|x|). */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * The reference of every manifest op: numpy semantics in float64 (callers round to the
 * dtype). test/manifest.test.ts checks that no op is missing.
 */
export const REFERENCE: { [K in BinaryOpName]: (a: number, b: number) => number } & { [K in UnaryOpName]: (x: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  // NaN in either operand gives NaN (numpy.maximum / numpy.minimum).
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b),
  pow: cPow,
  mod: (a, b) => divmod(a, b)[1],
  floorDiv: (a, b) => divmod(a, b)[0],
  relu: (x) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0),
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  square: (x) => x * x,
  sqrt: (x) => Math.sqrt(x),
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  reciprocal: (x) => 1 / x,
  log1p: Math.log1p,
  expm1: Math.expm1,
  softplus,
  sin: Math.sin,
  cos: Math.cos,
};

export const BINARY_REF: Record<BinaryName, (a: number, b: number) => number> = REFERENCE;

/** Whether x counts as true: x != 0 (NaN is true, -0 false), as numpy's bool(). */
export const truthy = (x: number): boolean => x !== 0;

/** The comparisons and logical ops (src/ops/compare.ts): IEEE comparisons (NaN compares false, except !=; -0 == 0). */
export const BOOL_REFERENCE: Record<ComparisonOp | LogicalOp, (a: number, b: number) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  less: (a, b) => a < b,
  lessEqual: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greaterEqual: (a, b) => a >= b,
  logicalAnd: (a, b) => truthy(a) && truthy(b),
  logicalOr: (a, b) => truthy(a) || truthy(b),
  logicalXor: (a, b) => truthy(a) !== truthy(b),
  logicalNot: (x) => !truthy(x),
};

/** The value tests. */
export const VALUE_TEST_REFERENCE: Record<ValueTestOp, (x: number) => boolean> = {
  isNaN: (x) => Number.isNaN(x),
  isInf: (x) => x === Infinity || x === -Infinity,
  isFinite: (x) => Number.isFinite(x),
};

const f32Bits = new Float32Array(1);
const f32AsInt = new Int32Array(f32Bits.buffer);
/** Distance in float32 units in the last place (±0 both 0; two NaNs 0, one NaN infinite). */
export function ulps32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  f32Bits[0] = a;
  const ia = f32AsInt[0] < 0 ? -2147483648 - f32AsInt[0] : f32AsInt[0];
  f32Bits[0] = b;
  const ib = f32AsInt[0] < 0 ? -2147483648 - f32AsInt[0] : f32AsInt[0];
  return Math.abs(ia - ib);
}

const f64Bits = new Float64Array(1);
const f64AsInt = new BigInt64Array(f64Bits.buffer);
/** Distance in float64 units in the last place (as ulps32). */
export function ulps64(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const ordered = (x: number): bigint => {
    f64Bits[0] = x;
    const i = f64AsInt[0];
    return i < 0n ? -(2n ** 63n) - i : i;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}

export const UNARY_REF: Record<UnaryName, (x: number) => number> = REFERENCE;

/**
 * Ops whose result for a pair of zeros of opposite sign is not pinned down (numpy's
 * maximum(-0., 0.) depends on the loop that runs): the comparison accepts either zero.
 */
export const ZERO_SIGN_FREE: ReadonlySet<string> = new Set(["maximum", "minimum", "relu"]);

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function rowMajorStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = s;
    s *= shape[k];
  }
  return out;
}

/** Visits every multi-index of `shape` in row-major order (fn gets a reused array). */
export function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const size = sizeOfShape(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < size; p++) {
    fn(idx, p);
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
}

/** The multi-index of row-major position p. */
export function unravel(p: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = p % shape[k];
    p = Math.floor(p / shape[k]);
  }
  return idx;
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** numpy's spelling of a shape: (2, 3), (4,) and (). */
export function tupleString(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** numpy's broadcast of two shapes, or null when they are incompatible. */
export function broadcastShapeRef(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const ka = k - (rank - a.length);
    const kb = k - (rank - b.length);
    const da = ka >= 0 ? a[ka] : 1;
    const db = kb >= 0 ? b[kb] : 1;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else return null;
  }
  return out;
}

/** The values of a row-major (shape) array read as if stretched to `target`. */
export function expandRef(values: ArrayLike<number>, shape: readonly number[], target: readonly number[]): number[] {
  const lead = target.length - shape.length;
  const out: number[] = [];
  forEachIndex(target, (idx) => {
    let src = 0;
    for (let k = 0; k < shape.length; k++) src = src * shape[k] + (shape[k] === 1 ? 0 : idx[lead + k]);
    out.push(values[src]);
  });
  return out;
}

export function roundTo(dtype: string): (v: number) => number {
  if (dtype === "float32") return Math.fround;
  if (dtype === "int32") return (v) => v | 0;
  return (v) => v;
}

/** Reference of a broadcasting binary op on float32 operands given as row-major values. */
export function binaryRef(
  op: BinaryName,
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
): { shape: number[]; values: number[] } {
  const shape = broadcastShapeRef(aShape, bShape);
  if (shape === null) throw new Error(`reference: ${tupleString(aShape)} and ${tupleString(bShape)} do not broadcast`);
  const ea = expandRef(a, aShape, shape);
  const eb = expandRef(b, bShape, shape);
  const f = BINARY_REF[op];
  return { shape, values: ea.map((x, i) => Math.fround(f(x, eb[i]))) };
}

export function unaryRef(op: UnaryName, a: ArrayLike<number>): number[] {
  const f = UNARY_REF[op];
  return Array.from(a, (x) => Math.fround(f(x)));
}

/** A fresh op result is row-major (strides of size-1 axes do not matter). */
export function expectRowMajor(t: { shape: readonly number[]; strides: readonly number[] }, context: string): void {
  const want = rowMajorStrides(t.shape);
  if (sizeOfShape(t.shape) === 0) return; // no element to address: any strides will do
  for (let k = 0; k < t.shape.length; k++) {
    if (t.shape[k] > 1) expect(t.strides[k], `${context}: stride of axis ${k}`).toBe(want[k]);
  }
}

function sameValue(actual: number, expected: number, zeroSignFree: boolean): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (zeroSignFree && expected === 0) return actual === 0;
  return Object.is(actual, expected);
}

function show(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

/**
 * Exact comparison: NaN matches NaN, -0 and +0 differ (unless zeroSignFree). On a
 * mismatch the failure names the context, the first bad index and both values.
 */
export function expectSameValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  context: string,
  zeroSignFree = false,
): void {
  expect(actual.length, `${context}: length`).toBe(expected.length);
  let bad = -1;
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!sameValue(actual[i], expected[i], zeroSignFree)) {
      if (bad < 0) bad = i;
      count++;
    }
  }
  if (bad >= 0) {
    expect.fail(
      `${context}: ${count} of ${expected.length} values differ; first at index ${bad}: ` +
        `got ${show(actual[bad])}, expected ${show(expected[bad])}`,
    );
  }
}
