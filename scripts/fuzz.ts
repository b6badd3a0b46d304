// A differential fuzzer: random cases of every op family run through the library and
// through plain-JS float64 references (test/helpers/reference.ts and the ones below,
// written from numpy's semantics, not from src/), compared element by element.
//
//   npm run fuzz -- --cases 2000 --seed 1              every family, 2000 cases each
//   npm run fuzz -- --family reduce --cases 100000     one family
//   npm run fuzz -- --family linalg --case-seed 123    one case again, from its seed
//   npm run fuzz -- --threads 2 --build scalar         on 2 threads (every op split), another build
//   npx tsx --experimental-wasm-relaxed-simd scripts/fuzz.ts --build relaxed   (Node 20 needs the flag)
//
// Every case is one integer, its case seed (a hash of the global seed, the family and the
// case's index): all of its random choices come from a TestRng of that seed, so a
// mismatch report ends with the command that reruns exactly that case. Cases that the
// reference finds invalid (shapes that do not broadcast, an axis out of range, ...) must
// throw a SimdTensorError; a library error on a case the reference finds valid is a
// mismatch. Each case runs in st.tidy and must leave st.memory().tensors as it found it.
//
// Families: elementwise, reduce, linalg, movement, join, compare, gradients (see each one's
// section). All but gradients draw all five dtypes (float32, float64, int32, uint8, bool;
// the one-byte ones computed in int32 and converted back: uint8 wraps mod 256, bool is
// x != 0). The exported runFuzz runs in-process (test/scripts/fuzz.test.ts); `references`
// replaces element-wise, comparison and logical references, so a test can prove that a
// wrong one is caught.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import * as st from "../src/index.js";
import {
  COMPARISONS,
  ELEMENTWISE,
  LOGICAL,
  VALUE_TESTS,
  opsOfArity,
  specOf,
  type BinaryOpName,
  type ComparisonOp,
  type ElementwiseOp,
  type LogicalOp,
  type UnaryOpName,
  type ValueTestOp,
} from "../src/manifest.js";
import { GRADIENTS } from "../src/autodiff/gradients/index.js";
import { tuning } from "../src/threads/tuning.js";
import {
  BOOL_REFERENCE, REFERENCE, VALUE_TEST_REFERENCE, ZERO_SIGN_FREE, broadcastShapeRef, expandRef, forEachIndex, roundTo, sizeOfShape, truthy, ulps32, unravel,
} from "../test/helpers/reference.js";
import { LAYOUTS, makeTensor, permuted } from "../test/helpers/layouts.js";
import { SPECIALS, TestRng } from "../test/helpers/prng.js";

type DType = st.DType;
type Tensor = st.Tensor;

export const FAMILIES = ["elementwise", "reduce", "linalg", "movement", "join", "compare", "sort", "gradients"] as const;
export type FamilyName = (typeof FAMILIES)[number];

/** An element-wise reference: (a, b) for binary ops, (x) for unary ones. */
export type ReferenceFn = (a: number, b: number) => number;
/** A comparison's or logical op's reference: (a, b), or (x) for logicalNot. */
export type BoolReferenceFn = (a: number, b: number) => boolean;
export type ReferenceOverrides = Partial<Record<ElementwiseOp, ReferenceFn>> & Partial<Record<ComparisonOp | LogicalOp, BoolReferenceFn>>;

export interface FuzzOptions {
  /** Cases per family (default 2000). */
  cases?: number;
  /** The global seed (default 1). */
  seed?: number;
  /** Only this family (default: all). */
  family?: FamilyName;
  /** Run just this case (needs `family`). */
  caseSeed?: number;
  /** Replacements for element-wise, comparison and logical references (to prove that the fuzzer can fail). */
  references?: ReferenceOverrides;
  /** Where report lines go (default console.log). */
  log?: (line: string) => void;
  /** Full reports printed per family and op; further mismatches are only counted (default 5). */
  reportsPerOp?: number;
  /**
   * Threads (default 1). Above 1, {@link prepareEnvironment} starts the workers and shrinks
   * every grain of src/threads/tuning.ts to 1, so that even the fuzzer's small ops are split.
   */
  threads?: number;
  /** The kernel build (default: the package's default); set by {@link prepareEnvironment}. */
  build?: st.BuildName;
}

export interface Mismatch {
  family: FamilyName;
  caseSeed: number;
  op: string;
  /** The case's set-up (operands, parameters) and what differed. */
  report: string;
  /** The command that reruns just this case. */
  rerun: string;
}

export interface FamilyStats {
  family: FamilyName;
  cases: number;
  mismatches: number;
  /** Cases the reference found invalid that threw a SimdTensorError, as they must (passes). */
  invalidThrown: number;
  /** invalidThrown per op (bool neg and sub, numbers out of a dtype's range, shapes that do not broadcast, ...). */
  invalidByOp: Record<string, number>;
  ms: number;
  /** Mismatches per op. */
  byOp: Record<string, number>;
  /** Mismatches per kind (the failure with its numbers blanked): count and the first case seed. */
  kinds: Record<string, { count: number; firstCaseSeed: number }>;
}

export interface FuzzReport {
  families: FamilyStats[];
  /** The first 1000 mismatches. */
  mismatches: Mismatch[];
  tensorsBefore: number;
  tensorsAfter: number;
  ok: boolean;
}

// ---------------------------------------------------------------------------------------
// Case seeds, the case context, checks

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The case seed of case `index` of `family` under the global `seed`. */
export function caseSeedOf(seed: number, family: FamilyName, index: number): number {
  const s = (seed >>> 0) ^ fmix32(Math.floor(seed / 2 ** 32) >>> 0);
  return fmix32(fmix32(fmix32(fnv1a(family)) ^ s) ^ (index >>> 0));
}

export function rerunCommand(family: FamilyName, caseSeed: number, options: Pick<FuzzOptions, "threads" | "build"> = {}): string {
  const build = options.build === undefined ? "" : ` --build ${options.build}`;
  const threads = (options.threads ?? 1) > 1 ? ` --threads ${options.threads}` : "";
  return `npm run fuzz -- --family ${family} --case-seed ${caseSeed}${build}${threads}`;
}

class CaseFailure extends Error {}

class Case {
  op = "?";
  readonly setup: string[] = [];
  invalidThrown = false;

  constructor(
    readonly rng: TestRng,
    private readonly refs: ReferenceOverrides,
  ) {}

  note(line: string): void {
    this.setup.push(line);
  }

  ref(op: ElementwiseOp): ReferenceFn {
    return this.refs[op] ?? (REFERENCE as Record<ElementwiseOp, ReferenceFn>)[op];
  }

  boolRef(op: ComparisonOp | LogicalOp): BoolReferenceFn {
    return this.refs[op] ?? BOOL_REFERENCE[op];
  }

  fail(message: string): never {
    throw new CaseFailure(message);
  }

  /** A library call the reference finds valid: any error is a mismatch. */
  lib<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof CaseFailure) throw e;
      return this.fail(`${what} threw ${errorText(e)}, but the reference finds the case valid`);
    }
  }

  /** A library call the reference finds invalid: it must throw a SimdTensorError (of class `kind`, when given). */
  expectError(what: string, why: string, fn: () => unknown, kind?: new (...args: never[]) => st.SimdTensorError): void {
    let result: unknown;
    try {
      result = fn();
    } catch (e) {
      if (e instanceof st.SimdTensorError && kind !== undefined && !(e instanceof kind)) {
        this.fail(`${what} threw ${errorText(e)}, expected a ${kind.name}: ${why}`);
      }
      if (e instanceof st.SimdTensorError) {
        this.invalidThrown = true;
        this.note(`invalid as expected (${why}): ${errorText(e)}`);
        return;
      }
      this.fail(`${what} threw ${errorText(e)}, which is not a SimdTensorError (expected one: ${why})`);
    }
    this.fail(`${what} returned ${result instanceof st.Tensor ? `a tensor of shape [${result.shape.join(", ")}] (${result.dtype})` : String(result)}, expected a SimdTensorError: ${why}`);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function show(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

const fmtShape = (s: readonly number[]) => `[${s.join(", ")}]`;
const fmtList = (xs: readonly (number | null)[]) => `[${xs.map((x) => (x === null ? "null" : show(x))).join(", ")}]`;

interface Expected {
  shape: readonly number[];
  dtype: DType;
  values: ArrayLike<number>;
}

/** Whether element i is acceptable. */
type ElemCheck = (got: number, want: number, i: number) => boolean;

/** Compares a library result with the reference: shape, dtype, then every value. */
function checkTensor(c: Case, what: string, got: unknown, want: Expected, check: ElemCheck, context?: (i: number) => string): void {
  if (!(got instanceof st.Tensor)) c.fail(`${what}: expected a Tensor, got ${String(got)}`);
  const shape = got.shape;
  if (shape.length !== want.shape.length || shape.some((d, k) => d !== want.shape[k])) {
    c.fail(`${what}: shape ${fmtShape(shape)} (${got.dtype}), expected ${fmtShape(want.shape)} (${want.dtype})`);
  }
  if (got.dtype !== want.dtype) c.fail(`${what}: dtype ${got.dtype}, expected ${want.dtype} (shape ${fmtShape(shape)})`);
  const data = c.lib(`${what}.data()`, () => got.data());
  if (data.length !== want.values.length) c.fail(`${what}: data() has ${data.length} values, expected ${want.values.length}`);
  let bad = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    if (!check(data[i], want.values[i], i)) {
      if (bad < 0) bad = i;
      count++;
    }
  }
  if (bad >= 0) {
    const at = want.shape.length > 0 ? ` ${fmtShape(unravel(bad, want.shape))}` : "";
    c.fail(
      `${what} (shape ${fmtShape(want.shape)}, ${want.dtype}): ${count} of ${data.length} values differ; ` +
        `first at flat index ${bad}${at}: expected ${show(want.values[bad])}, got ${show(data[bad])}${context ? `; ${context(bad)}` : ""}`,
    );
  }
}

/** Sometimes (1 in 10): a bool result's toArray() holds booleans, true where the reference is 1. */
function maybeCheckBooleans(c: Case, what: string, got: Tensor, want: readonly number[]): void {
  if (got.dtype !== "bool" || !chance(c.rng, 0.1)) return;
  const nested = c.lib(`${what}.toArray()`, () => got.toArray());
  const flat: unknown[] = got.rank === 0 ? [nested] : (nested as unknown[]).flat(Infinity);
  const bad = flat.findIndex((v, i) => v !== (want[i] === 1));
  if (flat.length !== want.length || bad >= 0) {
    c.fail(`${what}.toArray(): ${flat.length} entries, expected ${want.length} booleans; first wrong at flat index ${bad}: ${String(flat[bad])} (${typeof flat[bad]}), expected ${String(want[bad] === 1)}`);
  }
}

const sameValue = (zeroSignFree: boolean): ElemCheck => (g, w) => {
  if (Number.isNaN(w)) return Number.isNaN(g);
  if (zeroSignFree && w === 0) return g === 0;
  return Object.is(g, w);
};


/** The suite's tolerances for the polynomial kernels: 4 ulp in float32, 1e-13 relative in float64. */
const TRANSCENDENTAL_ULPS: Partial<Record<ElementwiseOp, number>> = { exp: 4, log: 4, tanh: 4, sigmoid: 4, pow: 4, log1p: 4, expm1: 4, softplus: 4, sin: 2, cos: 2 };
const FLOAT64_RTOL = 1e-13;

function transcendentalCheck(op: ElementwiseOp, dtype: DType): ElemCheck {
  const ulps = TRANSCENDENTAL_ULPS[op] ?? 4;
  return (g, w) => {
    if (Number.isNaN(w) || Number.isNaN(g)) return Number.isNaN(w) && Number.isNaN(g);
    if (!Number.isFinite(w) || !Number.isFinite(g)) return g === w;
    if (w === 0 && g === 0) return Object.is(g, w);
    if (dtype === "float32") return ulps32(g, w) <= ulps || Math.abs(g - w) <= 1e-37;
    return Math.abs(g - w) <= FLOAT64_RTOL * Math.abs(w) || Math.abs(g - w) <= 1e-300;
  };
}

// ---------------------------------------------------------------------------------------
// Random shapes, values and operands

/** Every family but gradients (float64 only) draws all five. */
const ALL_DTYPES: readonly DType[] = ["float32", "float64", "int32", "uint8", "bool"];
const F32_MAX = 3.4028234663852886e38;

const isFloat = (d: DType): boolean => d === "float32" || d === "float64";
const isByte = (d: DType): boolean => d === "uint8" || d === "bool";
/** The dtype the kernels compute a dtype in: the one-byte dtypes in int32. */
const kernelOf = (d: DType): DType => (isByte(d) ? "int32" : d);
const isInt32Exact = (v: number): boolean => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;

/** float → int32 as astype: truncation toward zero, saturation, NaN → 0. */
function toInt32Saturating(v: number): number {
  if (Number.isNaN(v)) return 0;
  const t = Math.trunc(v);
  if (t >= 2147483647) return 2147483647;
  if (t <= -2147483648) return -2147483648;
  return t | 0;
}

/**
 * astype's conversion (numpy's, as the library documents it): float → int32 truncates and
 * saturates, NaN → 0; → uint8 is the low 8 bits of that int32; → bool is x != 0 (NaN true).
 */
function castRef(v: number, to: DType): number {
  switch (to) {
    case "float64":
      return v;
    case "float32":
      return Math.fround(v);
    case "int32":
      return toInt32Saturating(v);
    case "uint8":
      return toInt32Saturating(v) & 255;
    case "bool":
      return v !== 0 ? 1 : 0;
  }
}

/**
 * An arithmetic result (computed exactly, in float64) as an op of result dtype `to` gives
 * it: rounded to float32, or wrapped as int32 arithmetic wraps, then for the one-byte
 * dtypes converted as their kernels do (uint8: the low 8 bits; bool: x != 0).
 */
function resultRound(to: DType): (v: number) => number {
  switch (to) {
    case "float64":
      return (v) => v;
    case "float32":
      return Math.fround;
    case "int32":
      return (v) => v | 0;
    case "uint8":
      return (v) => (v | 0) & 255;
    case "bool":
      return (v) => ((v | 0) !== 0 ? 1 : 0);
  }
}

const pick = <T>(rng: TestRng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const chance = (rng: TestRng, p: number): boolean => rng.next() < p;

function shuffle<T>(rng: TestRng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** A dimension: 0 (rarely), 1 (often), or 2..maxDim. */
function randomDim(rng: TestRng, maxDim = 5, pZero = 0.05): number {
  const r = rng.next();
  if (r < pZero) return 0;
  if (r < pZero + 0.22) return 1;
  return rng.int(Math.min(2, maxDim), maxDim);
}

function randomShape(rng: TestRng, maxRank = 4, maxDim = 5, pZero = 0.05, minRank = 0): number[] {
  const rank = rng.int(minRank, maxRank);
  return Array.from({ length: rank }, () => randomDim(rng, maxDim, pZero));
}

/**
 * The shape of a case: mostly randomShape (rank 0–4, dims 0–5); 4% larger ones (rank 1–3,
 * dims up to 40, at most 3000 elements) reach the kernels' unrolled SIMD bodies.
 */
function caseShape(rng: TestRng): number[] {
  if (!chance(rng, 0.04)) return randomShape(rng);
  const shape = Array.from({ length: rng.int(1, 3) }, () => (chance(rng, 0.3) ? rng.int(1, 5) : rng.int(6, 40)));
  while (sizeOfShape(shape) > 3000) {
    const k = shape.indexOf(Math.max(...shape));
    shape[k] = Math.ceil(shape[k] / 2);
  }
  return shape;
}

/** A shape that broadcasts to `out`: some leading axes dropped, some axes made 1. */
function broadcastableTo(rng: TestRng, out: readonly number[], pOne = 0.25): number[] {
  const drop = out.length > 0 && chance(rng, 0.3) ? rng.int(1, out.length) : 0;
  return out.slice(drop).map((d) => (chance(rng, pOne) ? 1 : d));
}

/** A plain float in dtype: mostly uniform in [-10, 10), some small integers (ties, zeros), some wide magnitudes, some specials. */
function drawFloat(rng: TestRng, dtype: DType, specialRate: number, specials: readonly number[] = SPECIALS): number {
  const r = rng.next();
  let v: number;
  if (r < specialRate) v = pick(rng, specials);
  else if (r < specialRate + 0.08) v = rng.int(-4, 4);
  else if (r < specialRate + 0.16) v = (chance(rng, 0.5) ? -1 : 1) * 2 ** (rng.next() * 60 - 30);
  else v = rng.next() * 20 - 10;
  return dtype === "float32" ? Math.fround(v) : v;
}

const UINT8_EDGES: readonly number[] = [0, 1, 127, 128, 254, 255];

/** A uint8: its edges sometimes, else uniform in [0, 255] (in [0, intRange] when that is small: ties). */
function drawUint8(rng: TestRng, intRange = 255): number {
  if (chance(rng, 0.1)) return pick(rng, UINT8_EDGES);
  return rng.int(0, intRange >= 50 ? 255 : intRange);
}

function drawValue(rng: TestRng, dtype: DType, specialRate: number, intRange = 50): number {
  switch (dtype) {
    case "int32":
      return rng.int(-intRange, intRange);
    case "uint8":
      return drawUint8(rng, intRange);
    case "bool":
      return rng.int(0, 1);
    default:
      return drawFloat(rng, dtype, specialRate);
  }
}

const drawMany = (n: number, draw: () => number): number[] => Array.from({ length: n }, draw);

/** A tensor with known row-major values, in some memory layout. */
interface Operand {
  tensor: Tensor;
  values: number[];
  shape: number[];
  dtype: DType;
  layout: string;
}

function describeOperand(name: string, o: Operand | number): string {
  if (typeof o === "number") return `${name}: the number ${show(o)}`;
  return `${name}: shape ${fmtShape(o.shape)} ${o.dtype} ${o.layout}`;
}

/**
 * An operand of `shape`: contiguous, offset, transposed, strided, reversed (layouts.ts), a
 * random axis permutation, or a broadcast (stride-0) view of a smaller tensor in one of those.
 */
function makeOperand(c: Case, shape: readonly number[], dtype: DType, draw: (n: number) => number[], allowBroadcast = true): Operand {
  const rng = c.rng;
  const r = rng.next();
  if (allowBroadcast && r < 0.12) {
    const small = broadcastableTo(rng, shape, 0.5); // a 1 stretches to 0 too
    const smallValues = draw(sizeOfShape(small));
    const inner = pick(rng, LAYOUTS);
    const tensor = c.lib("making an operand", () => st.broadcastTo(makeTensor(st, smallValues, small, inner, dtype), shape.slice()));
    return { tensor, values: expandRef(smallValues, small, shape), shape: shape.slice(), dtype, layout: `broadcast from ${fmtShape(small)} ${inner}` };
  }
  const values = draw(sizeOfShape(shape));
  if (r < 0.22 && shape.length > 1) {
    const perm = shuffle(rng, shape.map((_, k) => k));
    const tensor = c.lib("making an operand", () => permuted(st, values, shape, perm, dtype));
    return { tensor, values, shape: shape.slice(), dtype, layout: `permuted ${fmtShape(perm)}` };
  }
  const layout = pick(rng, LAYOUTS);
  if (dtype === "bool" && layout === "contiguous" && values.length > 0 && chance(rng, 0.3)) {
    // From JS booleans, the dtype inferred (tensor([true, false]) is bool).
    const tensor = c.lib("st.tensor(booleans)", () => st.reshape(st.tensor(values.map((v) => v === 1)), shape.slice()));
    if (tensor.dtype !== "bool") c.fail(`st.tensor(an array of booleans) has dtype ${tensor.dtype}, expected bool`);
    return { tensor, values, shape: shape.slice(), dtype, layout: "from JS booleans" };
  }
  const tensor = c.lib("making an operand", () => makeTensor(st, values, shape, layout, dtype));
  return { tensor, values, shape: shape.slice(), dtype, layout };
}

/** numpy promotion as this library defines it (src/dtype.ts docs): the lattice bool < uint8 < int32 < float32 < float64. */
const PROMOTION_ORDER: readonly DType[] = ["bool", "uint8", "int32", "float32", "float64"];
function promote(a: DType, b: DType): DType {
  return PROMOTION_ORDER[Math.max(PROMOTION_ORDER.indexOf(a), PROMOTION_ORDER.indexOf(b))];
}

/** Why a case is invalid (it must throw a SimdTensorError, of class `kind` when given). */
interface Invalid {
  invalid: string;
  kind?: new (...args: never[]) => st.SimdTensorError;
}
const isInvalid = (x: unknown): x is Invalid => typeof x === "object" && x !== null && "invalid" in x;

const isFloatRule = (op: ElementwiseOp) => ELEMENTWISE[op].result === "float";
/** The manifest's result rule ("float" ops give integers and bools float32), and numpy's refusal to subtract or negate bools. */
function resultDTypeOf(op: ElementwiseOp, d: DType): DType | Invalid {
  if (isFloatRule(op)) return isFloat(d) ? d : "float32";
  if (d === "bool" && (op === "sub" || op === "neg")) return { invalid: `numpy does not ${op === "sub" ? "subtract" : "negate"} bools`, kind: st.DTypeError };
  return d;
}

// ---------------------------------------------------------------------------------------
// elementwise: every manifest op, numpy broadcasting, any layouts and dtypes, plain numbers

const UNARY: readonly UnaryOpName[] = opsOfArity(1);
const BINARY: readonly BinaryOpName[] = opsOfArity(2);
const ALL_ELEMENTWISE: readonly ElementwiseOp[] = [...BINARY, ...UNARY];

const libUnary = (op: UnaryOpName) => st[op] as (x: st.TensorLike) => Tensor;
const libBinary = (op: BinaryOpName) => st[op] as (a: st.TensorLike, b: st.TensorLike) => Tensor;

/**
 * numpy's weak scalar, as src/engine/elementwise.ts documents it: the number adopts a float
 * tensor's dtype; with an integer or bool tensor a fraction (or a "float" op) gives float32;
 * an integer keeps int32 and uint8 (an error outside their range) and lifts bool to int32.
 */
function weakScalarDType(op: BinaryOpName, t: DType, s: number): DType | Invalid {
  if (isFloat(t)) return t;
  if (isFloatRule(op) || !Number.isInteger(s)) return "float32";
  if (t === "uint8") return s >= 0 && s <= 255 ? "uint8" : { invalid: `the number ${show(s)} is out of uint8's range` };
  if (!isInt32Exact(s)) return { invalid: `the number ${show(s)} is out of int32's range` };
  return "int32";
}

function drawNumberOperand(rng: TestRng, other: DType, specialRate: number): number {
  if (!isFloat(other)) {
    const r = rng.next();
    if (r < (other === "uint8" ? 0.1 : 0.04)) {
      // Out of range (an error) or, for int32, on its edges.
      if (other === "uint8") return pick(rng, [256, 256, -1, -1, 300, -255, 2 ** 31, 1e10]);
      if (other === "bool") return pick(rng, [2 ** 31, -(2 ** 31) - 1, 3e9, -3e9, 1e6, -1e6]);
      return pick(rng, [2 ** 31, -(2 ** 31) - 1, 3e9, -3e9, 2 ** 31 - 1, -(2 ** 31)]);
    }
    if (r < 0.2) return rng.next() * 20 - 10;
    if (r < 0.2 + specialRate) return pick(rng, SPECIALS);
    if (other === "uint8") return drawUint8(rng);
    if (other === "bool") return chance(rng, 0.6) ? rng.int(0, 1) : rng.int(-5, 5);
    return rng.int(-50, 50);
  }
  return drawFloat(rng, "float64", specialRate);
}

function elementwiseCase(c: Case): void {
  const rng = c.rng;
  const op = pick(rng, ALL_ELEMENTWISE);
  c.op = op;
  const specialRate = chance(rng, 0.5) ? 0.1 : 0;
  if (ELEMENTWISE[op].arity === 1) unaryCase(c, op as UnaryOpName, specialRate);
  else binaryCase(c, op as BinaryOpName, specialRate);
}

function valueCheck(op: ElementwiseOp, dtype: DType): ElemCheck {
  return specOf(op).transcendental === true && isFloat(dtype) ? transcendentalCheck(op, dtype) : sameValue(ZERO_SIGN_FREE.has(op));
}

function unaryCase(c: Case, op: UnaryOpName, specialRate: number): void {
  const rng = c.rng;
  const f = c.ref(op);
  if (chance(rng, 0.05)) {
    const x = drawFloat(rng, "float64", specialRate);
    c.note(describeOperand("x", x));
    const dtype = "float32"; // a lone number is a float32 0-d tensor
    const want = roundTo(dtype)(f(Math.fround(x), NaN));
    const got = c.lib(`${op}(${show(x)})`, () => libUnary(op)(x));
    checkTensor(c, `${op}(x)`, got, { shape: [], dtype, values: [want] }, valueCheck(op, dtype));
    return;
  }
  const shape = caseShape(rng);
  const dtype = pick(rng, ALL_DTYPES);
  const x = makeOperand(c, shape, dtype, (n) => drawMany(n, () => drawValue(rng, dtype, specialRate)));
  c.note(describeOperand("x", x));
  const out = resultDTypeOf(op, dtype);
  if (isInvalid(out)) return c.expectError(`${op}(x)`, out.invalid, () => libUnary(op)(x.tensor), out.kind);
  // Computed in float64 from the operand as the result dtype holds it, then rounded or wrapped (uint8) back.
  const round = resultRound(out);
  const want = x.values.map((v) => round(f(round(v), NaN)));
  const got = c.lib(`${op}(x)`, () => libUnary(op)(x.tensor));
  checkTensor(c, `${op}(x)`, got, { shape, dtype: out, values: want }, valueCheck(op, out), (i) => `x = ${show(x.values[i])}`);
  maybeCheckBooleans(c, `${op}(x)`, got, want);
}

/** A shape of at least 8192 elements (fusion.ts's deferral.minElements), rank 1 or 2. */
function fusionShape(rng: TestRng): number[] {
  const n = rng.int(8192, 9000);
  if (chance(rng, 0.5)) return [n];
  const rows = rng.int(2, 7);
  return [rows, Math.ceil(n / rows)];
}

function binaryCase(c: Case, op: BinaryOpName, specialRate: number): void {
  const rng = c.rng;
  const f = c.ref(op);
  // A few large contiguous cases followed by relu: the engine defers the op and fuses relu into it.
  const fused = specOf(op).fusesRelu === true && chance(rng, 0.04);
  const outShape = fused ? fusionShape(rng) : caseShape(rng);
  const aNumber = chance(rng, fused ? 0.2 : 0.12);
  const bNumber = !(fused && aNumber) && chance(rng, fused ? 0.2 : 0.12);
  const shapeA = fused ? outShape.slice() : broadcastableTo(rng, outShape);
  let shapeB = fused ? outShape.slice() : broadcastableTo(rng, outShape);
  if (!aNumber && !bNumber && !fused && chance(rng, 0.08) && shapeB.length > 0) {
    // Likely not broadcastable: one axis of b takes another size.
    const k = rng.int(0, shapeB.length - 1);
    shapeB = shapeB.slice();
    shapeB[k] = shapeB[k] === 5 ? 2 : shapeB[k] + rng.int(1, 2);
  }
  const dtypeA = pick(rng, ALL_DTYPES);
  const dtypeB = pick(rng, ALL_DTYPES);
  const tensorDraw = (dtype: DType) => (n: number) => drawMany(n, () => drawValue(rng, dtype, specialRate));
  let a: Operand | number;
  let b: Operand | number;
  if (aNumber && bNumber) {
    a = drawFloat(rng, "float64", specialRate);
    b = drawNumberOperand(rng, "float32", specialRate);
  } else if (aNumber) {
    b = fused ? makeFusedOperand(c, shapeB, dtypeB, tensorDraw(dtypeB)) : makeOperand(c, shapeB, dtypeB, tensorDraw(dtypeB));
    a = drawNumberOperand(rng, dtypeB, specialRate);
  } else {
    a = fused ? makeFusedOperand(c, shapeA, dtypeA, tensorDraw(dtypeA)) : makeOperand(c, shapeA, dtypeA, tensorDraw(dtypeA));
    if (bNumber) b = drawNumberOperand(rng, dtypeA, specialRate);
    else b = fused ? makeFusedOperand(c, shapeB, dtypeB, tensorDraw(dtypeB)) : makeOperand(c, shapeB, dtypeB, tensorDraw(dtypeB));
  }
  c.note(describeOperand("a", a));
  c.note(describeOperand("b", b));
  if (fused) c.note("then relu (fusion-sized)");

  // The reference's dtype and shape.
  let dtype: DType | Invalid;
  if (typeof a === "number" && typeof b === "number") dtype = weakScalarDType(op, "float32", b);
  else if (typeof a === "number") dtype = weakScalarDType(op, (b as Operand).dtype, a);
  else if (typeof b === "number") dtype = weakScalarDType(op, a.dtype, b);
  else dtype = promote(a.dtype, b.dtype);
  const call = () => libBinary(op)(typeof a === "number" ? a : a.tensor, typeof b === "number" ? b : b.tensor);
  if (isInvalid(dtype)) return c.expectError(`${op}(a, b)`, dtype.invalid, call, dtype.kind);
  const out = resultDTypeOf(op, dtype);
  if (isInvalid(out)) return c.expectError(`${op}(a, b)`, out.invalid, call, out.kind);
  const sa = typeof a === "number" ? [] : a.shape;
  const sb = typeof b === "number" ? [] : b.shape;
  const shape = broadcastShapeRef(sa, sb);
  if (shape === null) {
    c.expectError(`${op}(a, b)`, `shapes ${fmtShape(sa)} and ${fmtShape(sb)} do not broadcast`, call);
    return;
  }
  // Computed exactly in float64, then rounded to float32 or wrapped as int32 / uint8 arithmetic (bool: x != 0).
  const round = resultRound(out);
  // A lone number on the left is a float32 0-d tensor (st.tensor(x)).
  const valuesOf = (o: Operand | number, lone: boolean) => (typeof o === "number" ? [round(lone ? Math.fround(o) : o)] : o.values.map(round));
  const ea = expandRef(valuesOf(a, typeof b === "number"), sa, shape);
  const eb = expandRef(valuesOf(b, false), sb, shape);
  const want = ea.map((x, i) => round(f(x, eb[i])));
  const context = (i: number) => `a = ${show(ea[i])}, b = ${show(eb[i])}`;
  const z = c.lib(`${op}(a, b)`, call);
  if (!fused) {
    checkTensor(c, `${op}(a, b)`, z, { shape, dtype: out, values: want }, valueCheck(op, out), context);
    maybeCheckBooleans(c, `${op}(a, b)`, z, want);
    return;
  }
  const reluWant = want.map((v) => (Number.isNaN(v) ? NaN : v > 0 ? v : 0));
  const readFirst = chance(rng, 0.3);
  if (readFirst) checkTensor(c, `${op}(a, b) read before relu`, z, { shape, dtype: out, values: want }, valueCheck(op, out), context);
  const y = c.lib(`relu(${op}(a, b))`, () => st.relu(z));
  checkTensor(c, `relu(${op}(a, b))`, y, { shape, dtype: out, values: reluWant }, sameValue(true), context);
  if (!readFirst && chance(rng, 0.5)) checkTensor(c, `${op}(a, b) read after relu`, z, { shape, dtype: out, values: want }, valueCheck(op, out), context);
}

/** Mostly contiguous (fusion needs contiguous operands), sometimes another layout. */
function makeFusedOperand(c: Case, shape: number[], dtype: DType, draw: (n: number) => number[]): Operand {
  if (chance(c.rng, 0.8)) {
    const values = draw(sizeOfShape(shape));
    return { tensor: c.lib("making an operand", () => makeTensor(st, values, shape, "contiguous", dtype)), values, shape, dtype, layout: "contiguous" };
  }
  return makeOperand(c, shape, dtype, draw, false);
}

// ---------------------------------------------------------------------------------------
// reduce: sum, prod, mean, max, min, argmax, argmin over random axis sets

const REDUCE_OPS = ["sum", "prod", "mean", "max", "min", "argmax", "argmin"] as const;
type ReduceOp = (typeof REDUCE_OPS)[number];

/** Values whose products stay far from float32's range: magnitudes in [2^-0.5, 2^0.5), a few exact specials. */
function drawProdValue(rng: TestRng, dtype: DType, specialRate: number): number {
  if (dtype === "int32") return rng.int(-3, 3);
  if (dtype === "uint8") return chance(rng, 0.03) ? pick(rng, [255, 128, 16]) : pick(rng, [0, 1, 1, 1, 1, 2, 3]);
  if (dtype === "bool") return chance(rng, 0.8) ? 1 : 0; // mostly true: a product (all) not always 0
  const r = rng.next();
  let v: number;
  if (r < specialRate) v = pick(rng, [NaN, Infinity, -Infinity, 0, -0, 1, -1]);
  else if (r < specialRate + 0.1) v = pick(rng, [1, -1, 2, -2, 0.5, -0.5]);
  else v = (chance(rng, 0.5) ? -1 : 1) * 2 ** (rng.next() - 0.5);
  return dtype === "float32" ? Math.fround(v) : v;
}

type AxisChoice = { spec: number | number[] | null | undefined; text: string };

function randomAxisSpec(rng: TestRng, rank: number, single: boolean): AxisChoice {
  const r = rng.next();
  const form = (a: number) => (chance(rng, 0.35) ? a - rank : a);
  if (chance(rng, 0.05)) {
    // Probably invalid: out of range, or (for lists) a repeated axis.
    if (!single && rank > 0 && chance(rng, 0.5)) {
      const a = rng.int(0, rank - 1);
      const list = shuffle(rng, [a, a - rank]);
      return { spec: list, text: fmtList(list) };
    }
    const bad = chance(rng, 0.5) ? rank : -rank - 1;
    return single || chance(rng, 0.5) ? { spec: bad, text: String(bad) } : { spec: [bad], text: `[${bad}]` };
  }
  if (r < 0.2) return { spec: undefined, text: "undefined" };
  if (r < 0.28) return { spec: null, text: "null" };
  if (single || r < 0.6) {
    if (rank === 0) return { spec: undefined, text: "undefined" };
    const a = form(rng.int(0, rank - 1));
    return { spec: a, text: String(a) };
  }
  const list = shuffle(rng, Array.from({ length: rank }, (_, k) => k).filter(() => chance(rng, 0.5))).map(form);
  return { spec: list, text: fmtList(list) };
}

/** numpy's axis normalisation: the sorted axes, or why the spec is invalid. */
function normalizeAxesRef(spec: AxisChoice["spec"], rank: number): number[] | string {
  if (spec === undefined || spec === null) return Array.from({ length: rank }, (_, k) => k);
  const list = typeof spec === "number" ? [spec] : spec;
  const out: number[] = [];
  for (const a of list) {
    if (!Number.isInteger(a) || a < -rank || a >= rank) return `axis ${a} is out of bounds for rank ${rank}`;
    const k = a < 0 ? a + rank : a;
    if (out.includes(k)) return `axis ${a} repeats`;
    out.push(k);
  }
  return out.sort((x, y) => x - y);
}

/** The input's values grouped by output element (each group in row-major order), and the output shape. */
function groupsOf(values: readonly number[], shape: readonly number[], axes: readonly number[], keepdims: boolean): { shape: number[]; groups: number[][] } {
  const reduced = shape.map((_, k) => axes.includes(k));
  const outSize = shape.reduce((n, d, k) => (reduced[k] ? n : n * d), 1);
  const groups = Array.from({ length: outSize }, () => [] as number[]);
  forEachIndex(shape, (idx, p) => {
    let o = 0;
    for (let k = 0; k < shape.length; k++) if (!reduced[k]) o = o * shape[k] + idx[k];
    groups[o].push(values[p]);
  });
  const outShape = keepdims ? shape.map((d, k) => (reduced[k] ? 1 : d)) : shape.filter((_, k) => !reduced[k]);
  return { shape: outShape, groups };
}

function argRef(group: readonly number[], op: "argmax" | "argmin"): number {
  let best = 0;
  for (let i = 0; i < group.length; i++) {
    if (Number.isNaN(group[i])) return i; // the first NaN wins
    if (op === "argmax" ? group[i] > group[best] : group[i] < group[best]) best = i;
  }
  return best;
}

function reduceCase(c: Case): void {
  const rng = c.rng;
  const op = pick(rng, REDUCE_OPS);
  c.op = op;
  const shape = caseShape(rng);
  const dtype = pick(rng, ALL_DTYPES);
  const specialRate = chance(rng, 0.5) ? 0.08 : 0;
  const intRange = op === "sum" || op === "mean" ? 50 : 5; // small ranges: ties for max/min/arg
  const draw = (n: number) => drawMany(n, () => (op === "prod" ? drawProdValue(rng, dtype, specialRate) : drawValue(rng, dtype, specialRate, intRange)));
  const x = makeOperand(c, shape, dtype, draw);
  const arg = op === "argmax" || op === "argmin";
  const axis = randomAxisSpec(rng, shape.length, arg);
  const keepdims = chance(rng, 0.3) ? undefined : chance(rng, 0.5);
  c.note(describeOperand("x", x));
  c.note(`axis ${axis.text}, keepdims ${String(keepdims)}`);
  const what = `${op}(x, ${axis.text}${keepdims === undefined ? "" : `, ${keepdims}`})`;
  const call = (): Tensor => {
    if (op === "argmax" || op === "argmin") {
      const fn = st[op];
      const a = axis.spec as number | null | undefined;
      return keepdims === undefined ? fn(x.tensor, a) : fn(x.tensor, a, keepdims);
    }
    const fn = st[op];
    return keepdims === undefined ? fn(x.tensor, axis.spec) : fn(x.tensor, axis.spec, keepdims);
  };

  const axes = normalizeAxesRef(axis.spec, shape.length);
  if (typeof axes === "string") return c.expectError(what, axes, call);
  const { shape: outShape, groups } = groupsOf(x.values, shape, axes, keepdims === true);
  const count = axes.reduce((n, k) => n * shape[k], 1);
  if (count === 0 && op !== "sum" && op !== "prod" && op !== "mean") {
    return c.expectError(what, `${op} over an empty axis (${count} elements per output)`, call);
  }
  const got = c.lib(what, call);
  let want: number[];
  let check: ElemCheck;
  // sum and prod of uint8/bool count in int32; mean of anything not float is float32; max/min keep the dtype.
  const outDType: DType = arg ? "int32" : op === "mean" && !isFloat(dtype) ? "float32" : (op === "sum" || op === "prod") && isByte(dtype) ? "int32" : dtype;
  const round = roundTo(outDType);
  const eps = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  switch (op) {
    case "argmax":
    case "argmin":
      want = groups.map((g) => argRef(g, op));
      check = sameValue(false);
      break;
    case "max":
    case "min":
      want = groups.map((g) => {
        let m = op === "max" ? -Infinity : Infinity;
        for (const v of g) {
          if (Number.isNaN(v)) return NaN;
          if (op === "max" ? v > m : v < m) m = v;
        }
        return m;
      });
      check = sameValue(true);
      break;
    case "prod":
      if (!isFloat(dtype)) {
        want = groups.map((g) => g.reduce((p, v) => Math.imul(p, v), 1)); // the library wraps (documented)
        check = sameValue(true);
      } else {
        want = groups.map((g) => round(g.reduce((p, v) => p * v, 1)));
        const tol = groups.map((g, i) => (g.length + 2) * eps * Math.abs(want[i]));
        check = (g, w, i) => {
          if (Number.isNaN(w) || !Number.isFinite(w)) return Object.is(g, w);
          if (w === 0) return Object.is(g, w);
          return Math.abs(g - w) <= tol[i];
        };
      }
      break;
    case "sum":
    case "mean": {
      const divide = op === "mean";
      if (!isFloat(dtype) && !divide) {
        want = groups.map((g) => g.reduce((s, v) => (s + v) | 0, 0)); // the library wraps (documented)
        check = sameValue(true);
        break;
      }
      want = groups.map((g) => {
        const s = g.reduce((acc, v) => acc + v, 0);
        return round(divide ? s / g.length : s);
      });
      const outEps = outDType === "float32" ? 2 ** -24 : 2 ** -53;
      // float32 sums accumulate in float64 blocks (rows of four added in float32 first):
      // compare relative to the sum of |x|; float64 sums may round at every addition.
      const tol: number[] = [];
      const lenient: boolean[] = [];
      groups.forEach((g, i) => {
        let sumAbs = 0;
        for (const v of g) if (Number.isFinite(v)) sumAbs += Math.abs(v);
        const acc = dtype === "float64" ? (g.length + 1) * 2 ** -52 * sumAbs : dtype === "float32" ? 1e-6 * sumAbs : 0;
        tol.push((divide ? acc / g.length : acc) + 2 * outEps * Math.abs(want[i]));
        // float32 partial sums may overflow where the float64 reference does not.
        lenient.push(dtype === "float32" && sumAbs >= F32_MAX);
      });
      check = (g, w, i) => {
        if (Number.isNaN(w)) return Number.isNaN(g);
        if (lenient[i] && !Number.isFinite(g)) return true;
        if (!Number.isFinite(w)) return g === w;
        return Math.abs(g - w) <= tol[i];
      };
      break;
    }
  }
  checkTensor(c, what, got, { shape: outShape, dtype: outDType, values: want }, check, (i) => {
    const g = groups[i];
    return `its ${g.length} input values: ${g.length <= 12 ? fmtList(g) : `${fmtList(g.slice(0, 12))}...`}`;
  });
}

// ---------------------------------------------------------------------------------------
// linalg: matmul (1-D, N-D, broadcast batch axes) and dot (numpy.dot)

/** linalg keeps to specials whose sums do not depend on the order (no finite overflow in float32). */
const LINALG_SPECIALS: readonly number[] = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 1e-40, -1e-40];

function linalgCase(c: Case): void {
  const rng = c.rng;
  const op = chance(rng, 0.55) ? "matmul" : "dot";
  c.op = op;
  let shapeA: number[];
  let shapeB: number[];
  // 5% larger matrices (dims up to 48, small batches): the GEMM's packed blocks and their edges.
  const big = chance(rng, 0.05);
  const rankOf = () => pick(rng, big ? [1, 2, 2, 2, 3] : [1, 1, 2, 2, 2, 3, 3, 4]);
  const batchDim = big ? 2 : 4;
  const dim = () => (big ? rng.int(1, 48) : randomDim(rng, 5, 0.05));
  const m = dim();
  const k = dim();
  const n = dim();
  if (chance(rng, 0.03)) {
    shapeA = chance(rng, 0.5) ? [] : [k];
    shapeB = shapeA.length === 0 ? [k] : [];
  } else if (op === "matmul") {
    const ra = rankOf();
    const rb = rankOf();
    const batchRank = Math.max(0, Math.max(ra, rb) - 2);
    const batch = randomShape(rng, batchRank, batchDim, 0.03, batchRank);
    const batchOf = (r: number) => batch.slice(batch.length - Math.max(0, r - 2)).map((d) => (chance(rng, 0.3) ? 1 : d));
    shapeA = ra === 1 ? [k] : [...batchOf(ra), m, k];
    shapeB = rb === 1 ? [k] : [...batchOf(rb), k, n];
  } else {
    const ra = rankOf();
    const rb = pick(rng, [1, 1, 2, 2, 3]);
    shapeA = ra === 1 ? [k] : [...randomShape(rng, ra - 2, batchDim, 0.03, ra - 2), m, k];
    shapeB = rb === 1 ? [k] : [...randomShape(rng, rb - 2, batchDim, 0.03, rb - 2), k, n];
  }
  if (chance(rng, 0.06) && shapeA.length > 0 && shapeB.length > 0) {
    // Likely invalid: the contracted axes differ, or (matmul) a batch axis conflicts.
    if (op === "matmul" && shapeA.length > 2 && chance(rng, 0.5)) shapeA[0] = shapeA[0] + 2;
    else if (shapeB.length === 1) shapeB[0] += 1;
    else shapeB[shapeB.length - 2] += 1;
  }
  const specialRate = chance(rng, 0.4) ? 0.08 : 0;
  const dtypeA = pick(rng, ALL_DTYPES);
  const dtypeB = pick(rng, ALL_DTYPES);
  const draw = (dtype: DType) => (cnt: number) => drawMany(cnt, () => (isFloat(dtype) ? drawFloat(rng, dtype, specialRate, LINALG_SPECIALS) : drawValue(rng, dtype, 0)));
  const a = makeOperand(c, shapeA, dtypeA, draw(dtypeA));
  const b = makeOperand(c, shapeB, dtypeB, draw(dtypeB));
  c.note(describeOperand("a", a));
  c.note(describeOperand("b", b));
  const what = `${op}(a, b)`;
  const call = () => (op === "matmul" ? st.matmul(a.tensor, b.tensor) : st.dot(a.tensor, b.tensor));
  const ref = op === "matmul" ? matmulRef(shapeA, shapeB) : dotRef(shapeA, shapeB);
  if (typeof ref === "string") return c.expectError(what, ref, call);
  const got = c.lib(what, call);
  const dtype = promote(dtypeA, dtypeB);
  // Integer products are exact sums here (|sum| < 2^31); uint8 keeps their low 8 bits, bool is sum != 0.
  const round = resultRound(dtype);
  const eps = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  const tiny = dtype === "float32" ? 2 ** -149 : 2 ** -1074;
  const want: number[] = [];
  const tol: number[] = [];
  for (const pairs of ref.terms) {
    let s = 0;
    let sumAbs = 0;
    for (const [ia, ib] of pairs) {
      const t = a.values[ia] * b.values[ib];
      s += t;
      if (Number.isFinite(t)) sumAbs += Math.abs(t);
    }
    const w = round(s);
    want.push(w);
    tol.push(2 * (pairs.length + 2) * eps * sumAbs + 2 * eps * Math.abs(w) + (pairs.length + 1) * tiny);
  }
  const check: ElemCheck =
    !isFloat(dtype)
      ? sameValue(false)
      : (g, w, i) => {
          if (Number.isNaN(w)) return Number.isNaN(g);
          if (!Number.isFinite(w)) return g === w;
          return Math.abs(g - w) <= tol[i];
        };
  checkTensor(c, what, got, { shape: ref.shape, dtype, values: want }, check, (i) => {
    const pairs = ref.terms[i];
    const shown = pairs.slice(0, 6).map(([ia, ib]) => `${show(a.values[ia])}*${show(b.values[ib])}`);
    return `sum of ${pairs.length} products ${shown.join(" + ")}${pairs.length > 6 ? " + ..." : ""} (tolerance ${tol[i]})`;
  });
}

type ProductRef = { shape: number[]; terms: [number, number][][] };

function flatIndex(idx: readonly number[], shape: readonly number[]): number {
  let p = 0;
  for (let k = 0; k < shape.length; k++) p = p * shape[k] + idx[k];
  return p;
}

/** numpy.matmul: each output element as its list of (index into a, index into b) products, or why it is invalid. */
function matmulRef(sa: readonly number[], sb: readonly number[]): ProductRef | string {
  if (sa.length === 0 || sb.length === 0) return "matmul of a 0-d operand";
  const a2 = sa.length === 1 ? [1, sa[0]] : sa.slice();
  const b2 = sb.length === 1 ? [sb[0], 1] : sb.slice();
  const m = a2[a2.length - 2], k = a2[a2.length - 1], kb = b2[b2.length - 2], n = b2[b2.length - 1];
  if (k !== kb) return `inner dimensions ${k} and ${kb} differ`;
  const batchA = a2.slice(0, -2);
  const batchB = b2.slice(0, -2);
  const batch = broadcastShapeRef(batchA, batchB);
  if (batch === null) return `batch axes ${fmtShape(batchA)} and ${fmtShape(batchB)} do not broadcast`;
  const full = [...batch, m, n];
  const terms: [number, number][][] = [];
  forEachIndex(full, (idx) => {
    const bi = idx.slice(0, batch.length);
    const i = idx[batch.length], j = idx[batch.length + 1];
    const pick = (shape: readonly number[]) => shape.map((d, q) => (d === 1 ? 0 : bi[bi.length - shape.length + q]));
    const pa = pick(batchA), pb = pick(batchB);
    const list: [number, number][] = [];
    for (let q = 0; q < k; q++) list.push([flatIndex([...pa, i, q], a2), flatIndex([...pb, q, j], b2)]);
    terms.push(list);
  });
  const shape = full.slice();
  if (sb.length === 1) shape.splice(shape.length - 1, 1);
  if (sa.length === 1) shape.splice(shape.length - (sb.length === 1 ? 1 : 2), 1);
  return { shape, terms };
}

/** numpy.dot: sum over a's last axis and b's second-to-last (its only one when 1-D). */
function dotRef(sa: readonly number[], sb: readonly number[]): ProductRef | string {
  if (sa.length === 0 || sb.length === 0) return "dot of a 0-d operand";
  const k = sa[sa.length - 1];
  const kb = sb.length === 1 ? sb[0] : sb[sb.length - 2];
  if (k !== kb) return `contracted axes ${k} and ${kb} differ`;
  const lead = sa.slice(0, -1);
  const bLead = sb.length === 1 ? [] : sb.slice(0, -2);
  const bLast = sb.length === 1 ? [] : [sb[sb.length - 1]];
  const shape = [...lead, ...bLead, ...bLast];
  const terms: [number, number][][] = [];
  forEachIndex(shape, (idx) => {
    const ia = idx.slice(0, lead.length);
    const ib = idx.slice(lead.length, lead.length + bLead.length);
    const j = idx.slice(lead.length + bLead.length);
    const list: [number, number][] = [];
    for (let q = 0; q < k; q++) list.push([flatIndex([...ia, q], sa), flatIndex([...ib, q, ...j], sb)]);
    terms.push(list);
  });
  return { shape, terms };
}

// ---------------------------------------------------------------------------------------
// movement: chains of reshape, transpose, expandDims, squeeze, broadcastTo, slice,
// stridedSlice and astype, each step checked against row-major reference arrays

interface ArrayRef {
  shape: number[];
  dtype: DType;
  values: number[];
}

interface Step {
  text: string;
  /** The result, or why the step is invalid. */
  ref: ArrayRef | string;
  run: (t: Tensor) => Tensor;
}

const MOVEMENT_OPS = ["reshape", "transpose", "expandDims", "squeeze", "broadcastTo", "slice", "stridedSlice", "astype"] as const;
type MovementOp = (typeof MOVEMENT_OPS)[number];

/** Values near int32's limits and past them (astype saturates), and uint8's wrapping points. */
const SATURATING: readonly number[] = [
  2147483647, 2147483648, -2147483648, -2147483649, 2147483647.5, -2147483648.5, 3e9, -3e9, 1e10, 2147483520, -2147483520, 0.5, -0.5, 1.9999, -1.9999,
  255, 255.5, 256, 256.9, -1, -1.5, -255.5, -256, 511.99, 65535.5, 65536, -0.99,
];

function drawMovementValue(rng: TestRng, dtype: DType, specialRate: number): number {
  if (dtype === "int32") return chance(rng, 0.08) ? pick(rng, [2147483647, -2147483648, 16777217, -16777217, 255, 256, -1, -256, 65791]) : rng.int(-50, 50);
  if (!isFloat(dtype)) return drawValue(rng, dtype, 0);
  if (chance(rng, 0.08)) return castRef(pick(rng, SATURATING), dtype);
  if (chance(rng, 0.04)) return pick(rng, [NaN, Infinity, -Infinity, -0]); // NaN → 0 (int32, uint8), true (bool)
  return drawFloat(rng, dtype, specialRate);
}

/** `values` (row-major over `shape`) read at `src(idx)` for every index of `outShape`. */
function gather(values: readonly number[], shape: readonly number[], outShape: readonly number[], src: (idx: number[]) => number[]): number[] {
  const out: number[] = [];
  forEachIndex(outShape, (idx) => out.push(values[flatIndex(src(idx), shape)]));
  return out;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; p * p <= n; p++) while (n % p === 0) (out.push(p), (n /= p));
  if (n > 1) out.push(n);
  return out;
}

function reshapeStep(rng: TestRng, cur: ArrayRef): Step {
  const size = cur.values.length;
  let target: number[];
  if (chance(rng, 0.06)) {
    target = randomShape(rng);
  } else if (size === 0) {
    target = randomShape(rng, 4, 5, 0.05, 1);
    target[rng.int(0, target.length - 1)] = 0;
  } else {
    const factors = primeFactors(size);
    target = new Array<number>(rng.int(factors.length === 0 ? 0 : 1, 4)).fill(1);
    for (const p of factors) target[rng.int(0, target.length - 1)] *= p;
  }
  if (target.length > 0 && chance(rng, 0.35)) target[rng.int(0, target.length - 1)] = -1;
  if (target.length > 1 && chance(rng, 0.03)) target[0] = target[1] = -1;
  if (target.length > 0 && chance(rng, 0.02)) target[rng.int(0, target.length - 1)] = -2;
  // numpy's rules.
  let ref: ArrayRef | string;
  const unknown = target.filter((d) => d === -1).length;
  const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (target.some((d) => d < -1)) ref = "a negative dimension other than -1";
  else if (unknown > 1) ref = "more than one -1";
  else if (unknown === 1 && (known === 0 || size % known !== 0)) ref = `size ${size} is not a multiple of ${known}`;
  else if (unknown === 0 && known !== size) ref = `size ${size} into ${known} elements`;
  else ref = { shape: target.map((d) => (d === -1 ? size / known : d)), dtype: cur.dtype, values: cur.values };
  return { text: `reshape(${fmtShape(target)})`, ref, run: (t) => st.reshape(t, target) };
}

function transposeStep(rng: TestRng, cur: ArrayRef): Step {
  const r = cur.shape.length;
  if (chance(rng, 0.2)) {
    const perm = cur.shape.map((_, k) => r - 1 - k);
    return { text: "transpose()", ref: transposed(cur, perm), run: (t) => st.transpose(t) };
  }
  let perm = shuffle(rng, cur.shape.map((_, k) => k)).map((a) => (chance(rng, 0.3) ? a - r : a));
  if (chance(rng, 0.06)) {
    const u = rng.next();
    if (r >= 2 && u < 0.35) perm = [perm[1], ...perm.slice(1)];
    else if (r >= 1 && u < 0.7) perm[rng.int(0, r - 1)] = pick(rng, [r, -r - 1]);
    else perm = [...perm, 0];
  }
  const norm = perm.map((a) => (a < 0 ? a + r : a));
  const ref =
    perm.length !== r
      ? `permutation of ${perm.length} axes for rank ${r}`
      : perm.some((a) => a < -r || a >= r)
        ? "axis out of range"
        : new Set(norm).size !== r
          ? "repeated axis"
          : transposed(cur, norm);
  return { text: `transpose(${fmtShape(perm)})`, ref, run: (t) => st.transpose(t, perm) };
}

function transposed(cur: ArrayRef, perm: readonly number[]): ArrayRef {
  const shape = perm.map((a) => cur.shape[a]);
  const values = gather(cur.values, cur.shape, shape, (idx) => {
    const src = new Array<number>(idx.length);
    perm.forEach((a, k) => (src[a] = idx[k]));
    return src;
  });
  return { shape, dtype: cur.dtype, values };
}

function expandDimsStep(rng: TestRng, cur: ArrayRef): Step {
  const r = cur.shape.length;
  const axis = chance(rng, 0.05) ? pick(rng, [r + 1, -r - 2]) : rng.int(-r - 1, r);
  let ref: ArrayRef | string;
  if (axis < -r - 1 || axis > r) ref = `axis ${axis} out of range for rank ${r} + 1`;
  else {
    const shape = cur.shape.slice();
    shape.splice(axis < 0 ? axis + r + 1 : axis, 0, 1);
    ref = { shape, dtype: cur.dtype, values: cur.values };
  }
  return { text: `expandDims(${axis})`, ref, run: (t) => st.expandDims(t, axis) };
}

function squeezeStep(rng: TestRng, cur: ArrayRef): Step {
  const r = cur.shape.length;
  const ones = cur.shape.flatMap((d, k) => (d === 1 ? [k] : []));
  const form = (a: number) => (chance(rng, 0.3) ? a - r : a);
  let axis: number | number[] | undefined;
  const u = rng.next();
  if (chance(rng, 0.06) && r > 0) axis = chance(rng, 0.5) ? rng.int(0, r - 1) : pick(rng, [r, -r - 1]);
  else if (u < 0.3 || (u < 0.6 && ones.length === 0)) axis = undefined;
  else if (u < 0.6) axis = form(pick(rng, ones));
  else axis = shuffle(rng, ones.filter(() => chance(rng, 0.6))).map(form);
  const list = axis === undefined ? ones : typeof axis === "number" ? [axis] : axis;
  let ref: ArrayRef | string;
  const bad = list.find((a) => a < -r || a >= r || cur.shape[a < 0 ? a + r : a] !== 1);
  if (bad !== undefined) ref = bad < -r || bad >= r ? `axis ${bad} out of range` : `axis ${bad} has size ${cur.shape[bad < 0 ? bad + r : bad]}`;
  else {
    const drop = new Set(list.map((a) => (a < 0 ? a + r : a)));
    ref = { shape: cur.shape.filter((_, k) => !drop.has(k)), dtype: cur.dtype, values: cur.values };
  }
  const text = axis === undefined ? "squeeze()" : `squeeze(${typeof axis === "number" ? axis : fmtShape(axis)})`;
  return { text, ref, run: (t) => st.squeeze(t, axis) };
}

function broadcastToStep(rng: TestRng, cur: ArrayRef): Step {
  const lead = Array.from({ length: rng.int(0, Math.min(2, 4 - Math.min(cur.shape.length, 4))) }, () => randomDim(rng, 3, 0.05));
  let target = [...lead, ...cur.shape.map((d) => (d === 1 ? pick(rng, [1, 1, 2, 3, 0]) : d))];
  if (chance(rng, 0.06) && target.length > 0) {
    target = target.slice();
    if (chance(rng, 0.5)) target.shift();
    else target[rng.int(0, target.length - 1)] += 1;
  }
  let ref: ArrayRef | string;
  const off = target.length - cur.shape.length;
  if (off < 0) ref = "fewer axes than the operand";
  else if (cur.shape.some((d, k) => d !== 1 && d !== target[off + k])) ref = `${fmtShape(cur.shape)} does not stretch to ${fmtShape(target)}`;
  else ref = { shape: target, dtype: cur.dtype, values: expandRef(cur.values, cur.shape, target) };
  return { text: `broadcastTo(${fmtShape(target)})`, ref, run: (t) => st.broadcastTo(t, target) };
}

function sliceStep(rng: TestRng, cur: ArrayRef): Step {
  const r = cur.shape.length;
  const begin = Array.from({ length: rng.int(0, r) }, (_, k) => {
    const n = cur.shape[k];
    return chance(rng, 0.05) ? pick(rng, [n + 1, -n - 1]) : chance(rng, 0.3) ? -rng.int(1, Math.max(1, n)) : rng.int(0, n);
  });
  const starts = cur.shape.map((n, k) => {
    const b = begin[k] ?? 0;
    return b < 0 ? b + n : b;
  });
  const size = chance(rng, 0.3)
    ? undefined
    : Array.from({ length: rng.int(0, r) }, (_, k) => (chance(rng, 0.3) ? -1 : rng.int(0, Math.max(0, cur.shape[k] - starts[k]) + (chance(rng, 0.05) ? 1 : 0))));
  if (chance(rng, 0.02)) (size ?? begin).push(0); // more entries than axes
  let ref: ArrayRef | string = begin.length > r || (size?.length ?? 0) > r ? "more entries than axes" : "";
  const lens: number[] = [];
  for (let k = 0; k < r && ref === ""; k++) {
    const n = cur.shape[k];
    const s = size?.[k];
    const len = s === undefined || s === -1 ? n - starts[k] : s;
    if (starts[k] < 0 || starts[k] > n || len < 0 || starts[k] + len > n) ref = `axis ${k}: begin ${begin[k] ?? 0}, size ${s ?? "(rest)"} out of range for ${n}`;
    lens.push(len);
  }
  if (ref === "") ref = { shape: lens, dtype: cur.dtype, values: gather(cur.values, cur.shape, lens, (idx) => idx.map((i, k) => i + starts[k])) };
  return { text: `slice(${fmtShape(begin)}${size === undefined ? "" : `, ${fmtShape(size)}`})`, ref, run: (t) => st.slice(t, begin, size) };
}

/** Python's slice(start, stop, step).indices(n), walked: the selected indices. */
function pySliceIndices(n: number, start: number | null, stop: number | null, step: number): number[] {
  const neg = step < 0;
  const lower = neg ? -1 : 0;
  const upper = neg ? n - 1 : n;
  const adjust = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) {
      v += n;
      return v < lower ? lower : v;
    }
    return v > upper ? upper : v;
  };
  const s = adjust(start, neg ? upper : lower);
  const e = adjust(stop, neg ? lower : upper);
  const out: number[] = [];
  for (let i = s; neg ? i > e : i < e; i += step) out.push(i);
  return out;
}

function stridedSliceStep(rng: TestRng, cur: ArrayRef): Step {
  const r = cur.shape.length;
  const bound = (k: number) => (chance(rng, 0.25) ? null : rng.int(-cur.shape[k] - 3, cur.shape[k] + 3));
  const begin = Array.from({ length: rng.int(0, r) }, (_, k) => bound(k));
  const end = Array.from({ length: rng.int(0, r) }, (_, k) => bound(k));
  const step = Array.from({ length: rng.int(0, r) }, () => (chance(rng, 0.2) ? null : chance(rng, 0.03) ? 0 : pick(rng, [1, 1, 2, 3, -1, -1, -2, -3])));
  if (chance(rng, 0.02)) pick(rng, [begin, end, step]).push(null); // more entries than axes (numpy: too many indices)
  let ref: ArrayRef | string;
  const zero = step.findIndex((s) => s === 0);
  if (begin.length > r || end.length > r || step.length > r) ref = "more entries than axes";
  else if (zero >= 0) ref = `step 0 on axis ${zero}`;
  else {
    const picks = cur.shape.map((n, k) => pySliceIndices(n, begin[k] ?? null, end[k] ?? null, step[k] ?? 1));
    const shape = picks.map((p) => p.length);
    ref = { shape, dtype: cur.dtype, values: gather(cur.values, cur.shape, shape, (idx) => idx.map((i, k) => picks[k][i])) };
  }
  return { text: `stridedSlice(${fmtList(begin)}, ${fmtList(end)}, ${fmtList(step)})`, ref, run: (t) => st.stridedSlice(t, begin, end, step) };
}

function astypeStep(rng: TestRng, cur: ArrayRef): Step {
  const to = pick(rng, ALL_DTYPES);
  return { text: `astype("${to}")`, ref: { shape: cur.shape, dtype: to, values: cur.values.map((v) => castRef(v, to)) }, run: (t) => st.astype(t, to) };
}

const STEP_MAKERS: Record<MovementOp, (rng: TestRng, cur: ArrayRef) => Step> = {
  reshape: reshapeStep,
  transpose: transposeStep,
  expandDims: expandDimsStep,
  squeeze: squeezeStep,
  broadcastTo: broadcastToStep,
  slice: sliceStep,
  stridedSlice: stridedSliceStep,
  astype: astypeStep,
};

function movementCase(c: Case): void {
  const rng = c.rng;
  const shape = caseShape(rng);
  const dtype = pick(rng, ALL_DTYPES);
  const specialRate = chance(rng, 0.5) ? 0.1 : 0;
  const x = makeOperand(c, shape, dtype, (n) => drawMany(n, () => drawMovementValue(rng, dtype, specialRate)));
  c.note(describeOperand("x", x));
  let cur: ArrayRef = { shape, dtype, values: x.values };
  let t = x.tensor;
  const steps = rng.int(1, 3);
  let expr = "x";
  for (let s = 0; s < steps; s++) {
    let op = pick(rng, MOVEMENT_OPS);
    if (op === "broadcastTo" && (cur.values.length > 2000 || cur.shape.length > 4)) op = "transpose";
    if (op === "expandDims" && cur.shape.length > 5) op = "squeeze";
    c.op = op; // the step being checked
    const step = STEP_MAKERS[op](rng, cur);
    expr = `${expr}.${step.text}`;
    c.note(`step ${s + 1}: ${step.text}`);
    const input = t;
    if (typeof step.ref === "string") return c.expectError(expr, step.ref, () => step.run(input));
    t = c.lib(expr, () => step.run(input));
    cur = step.ref;
    checkTensor(c, expr, t, cur, sameValue(false));
  }
  // Sometimes a kernel then reads the view the chain made (odd strides, offsets, stride 0).
  const r = cur.shape.length;
  const u = rng.next();
  const view = t;
  if (u < 0.15) {
    c.op = "neg of a view";
    if (cur.dtype === "bool") return c.expectError(`${expr}.neg()`, "numpy does not negate bools", () => st.neg(view), st.DTypeError);
    const round = resultRound(cur.dtype); // uint8 wraps: -v mod 256
    const want = cur.values.map((v) => round(-v));
    checkTensor(c, `${expr}.neg()`, c.lib(`${expr}.neg()`, () => st.neg(view)), { shape: cur.shape, dtype: cur.dtype, values: want }, sameValue(false));
  } else if (u < 0.3 && r > 0) {
    const axis = rng.int(0, r - 1);
    if (cur.shape[axis] === 0) return;
    const arg = chance(rng, 0.5);
    c.op = arg ? "argmin of a view" : "max of a view";
    const { shape: outShape, groups } = groupsOf(cur.values, cur.shape, [axis], false);
    const what = `${expr}.${arg ? "argmin" : "max"}(${axis})`;
    const got = c.lib(what, () => (arg ? st.argmin(view, axis) : st.max(view, axis)));
    const want = groups.map((g) => (arg ? argRef(g, "argmin") : g.some(Number.isNaN) ? NaN : Math.max(...g)));
    checkTensor(c, what, got, { shape: outShape, dtype: arg ? "int32" : cur.dtype, values: want }, sameValue(!arg));
  }
}

// ---------------------------------------------------------------------------------------
// join: concat and stack, random axes, views and mixed dtypes

function joinCase(c: Case): void {
  const rng = c.rng;
  const op = chance(rng, 0.55) ? "concat" : "stack";
  c.op = op;
  const count = chance(rng, 0.02) ? 0 : rng.int(1, 4);
  const specialRate = chance(rng, 0.4) ? 0.1 : 0;
  const rank = op === "concat" ? (chance(rng, 0.03) ? 0 : rng.int(1, 4)) : rng.int(0, 3);
  const base = randomShape(rng, rank, 4, 0.05, rank);
  const axisGiven = chance(rng, 0.85);
  const range = op === "concat" ? rank : rank + 1;
  let axis = axisGiven ? rng.int(-range, Math.max(0, range - 1)) : 0;
  if (axisGiven && chance(rng, 0.04)) axis = pick(rng, [range, -range - 1]);
  const target = axis < 0 ? axis + rank + (op === "concat" ? 0 : 1) : axis;
  const shapes = Array.from({ length: count }, () => {
    const s = base.slice();
    if (op === "concat" && target >= 0 && target < rank) s[target] = randomDim(rng, 4, 0.1);
    return s;
  });
  if (count > 0 && chance(rng, 0.06)) {
    // Likely invalid: one operand differs on another axis, or in rank.
    const victim = shapes[rng.int(0, count - 1)];
    if (chance(rng, 0.3)) victim.push(2);
    else if (victim.length > 0) victim[rng.int(0, victim.length - 1)] += 1;
  }
  // The reference goes by the first operand's rank (numpy's too).
  const firstRank = count > 0 ? shapes[0].length : rank;
  const axisRange = op === "concat" ? firstRank : firstRank + 1;
  const ax = axis < 0 ? axis + axisRange : axis;
  const operands = shapes.map((s) => {
    const dtype = pick(rng, ALL_DTYPES);
    return makeOperand(c, s, dtype, (n) => drawMany(n, () => drawValue(rng, dtype, specialRate)));
  });
  operands.forEach((o, i) => c.note(describeOperand(`tensors[${i}]`, o)));
  c.note(`axis ${axisGiven ? axis : "(default)"}`);
  const tensors = operands.map((o) => o.tensor);
  const what = `${op}(tensors${axisGiven ? `, ${axis}` : ""})`;
  const call = () => {
    const fn = op === "concat" ? st.concat : st.stack;
    return axisGiven ? fn(tensors, axis) : fn(tensors);
  };
  // Validity, numpy's rules.
  let invalid = "";
  if (count === 0) invalid = "no tensors";
  else if (op === "concat" && shapes[0].length === 0) invalid = "concat of 0-d tensors";
  else if (axis < -axisRange || axis >= axisRange) invalid = `axis ${axis} out of range`;
  else if (op === "concat" && shapes.some((s) => s.length !== shapes[0].length || s.some((d, k) => k !== ax && d !== shapes[0][k]))) invalid = "shapes differ off the axis";
  else if (op === "stack" && shapes.some((s) => s.length !== shapes[0].length || s.some((d, k) => d !== shapes[0][k]))) invalid = "shapes differ";
  if (invalid !== "") return c.expectError(what, invalid, call);
  const got = c.lib(what, call);
  const dtype = operands.map((o) => o.dtype).reduce(promote);
  const round = (v: number) => castRef(v, dtype); // exact, except int32 → float32 rounding
  let outShape: number[];
  const want: number[] = [];
  if (op === "concat") {
    outShape = shapes[0].slice();
    outShape[ax] = shapes.reduce((n, s) => n + s[ax], 0);
    forEachIndex(outShape, (idx) => {
      let i = idx[ax];
      let q = 0;
      while (i >= shapes[q][ax]) i -= shapes[q++][ax];
      const src = idx.slice();
      src[ax] = i;
      want.push(round(operands[q].values[flatIndex(src, shapes[q])]));
    });
  } else {
    outShape = shapes[0].slice();
    outShape.splice(ax, 0, count);
    forEachIndex(outShape, (idx) => {
      const src = idx.slice();
      const [q] = src.splice(ax, 1);
      want.push(round(operands[q].values[flatIndex(src, shapes[q])]));
    });
  }
  checkTensor(c, what, got, { shape: outShape, dtype, values: want }, sameValue(false));
}

// ---------------------------------------------------------------------------------------
// compare: the comparisons, logical ops, value tests and where (src/ops/compare.ts), all
// five dtypes, numpy broadcasting, any layouts, plain numbers on either side. Values come
// from a small per-case pool, so operands tie often (across dtypes too: 16777217 as int32
// against float32, 0.1 as float32 against float64), with NaN, ±Inf and ±0 among them.

const COMPARISON_OPS = Object.keys(COMPARISONS) as ComparisonOp[];
const LOGICAL_OPS = Object.keys(LOGICAL) as LogicalOp[];
const VALUE_TEST_OPS = Object.keys(VALUE_TESTS) as ValueTestOp[];
/** The family's ops, where three times over (it has the most rules). */
const COMPARE_FAMILY_OPS: readonly string[] = [...COMPARISON_OPS, ...LOGICAL_OPS, ...VALUE_TEST_OPS, "where", "where", "where"];

/** Values that tie across dtypes or sit on an edge: float32 rounding, 2^24, int32 and uint8 limits, subnormals, specials. */
const COMPARE_POOL: readonly number[] = [
  0, -0, 1, -1, 2, -2, 3, 0.5, -0.5, 0.1, Math.fround(0.1), 1 / 3, Math.fround(1 / 3), 127, 128, 255, 256, -256,
  16777216, 16777217, -16777217, 2147483647, 2147483648, -2147483648, 2147483520, 1e-40, -1e-40, 1e-46, 3.4e38, 3.5e38, -3.5e38,
  NaN, Infinity, -Infinity,
];

/** Numbers that a float32 operand rounds (1e-46 → 0, 3.5e38 → Infinity, 16777217 → 16777216) and that an integer one compares in float64. */
const COMPARE_NUMBERS: readonly number[] = [
  1e-46, -1e-46, 3.5e38, -3.5e38, 1e39, 0.1, 1 / 3, 16777217, 16777216.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 31 - 0.5, 2147483647.5, 1e300, -1e300,
  255.5, -0.5, 0.5, 256, -1, 2 ** 53 + 2, NaN, Infinity, -Infinity, -0,
];

/** Values for the logical ops, where only x != 0 matters: NaN (true), -0 (false), subnormals (true), and their float32 roundings (1e-46 → 0). */
const TRUTH_POOL: readonly number[] = [NaN, -0, 1e-40, -1e-40, 1e-46, Infinity, -Infinity, 0.5, -1, 2, 255, 256];

/** Integers that float32 rounds (int32 against float32 compares in float32): ties that only the rounding makes. */
const WIDE_INTEGERS: readonly number[] = [
  16777216, 16777217, 16777218, 16777219, -16777217, -16777216, 33554431, 33554432, 33554435, 2147483647, 2147483584, 2147483583, 2147483520, -2147483648, -2147483583,
];

/**
 * A case's pool: some of COMPARE_POOL (half the time without NaN and ±Inf), two random
 * floats, a small integer; 15% of cases, integers that float32 rounds instead.
 */
function comparePool(rng: TestRng): { pool: number[]; wide: boolean } {
  if (chance(rng, 0.15)) return { pool: [...shuffle(rng, WIDE_INTEGERS.slice()).slice(0, rng.int(2, 6)), rng.int(-3, 3)], wide: true };
  const specials = chance(rng, 0.5);
  const base = COMPARE_POOL.filter((v) => specials || Number.isFinite(v));
  return { pool: [...shuffle(rng, base.slice()).slice(0, rng.int(3, 8)), rng.next() * 20 - 10, Math.fround(rng.next() * 4 - 2), rng.int(-3, 3)], wide: false };
}

/** v as a tensor of dtype stores it, or undefined when it cannot (a fraction in int32, 2 in bool). */
function storable(v: number, dtype: DType): number | undefined {
  switch (dtype) {
    case "float64":
      return v;
    case "float32":
      return Math.fround(v);
    case "int32":
      return isInt32Exact(v) ? v + 0 : undefined; // + 0: -0 is stored as 0
    case "uint8":
      return Number.isInteger(v) && v >= 0 && v <= 255 ? v + 0 : undefined;
    case "bool":
      return v === 0 || v === 1 ? v + 0 : undefined;
  }
}

/** A value for a tensor of dtype: from the pool (ties) when it fits, else a fresh one (edges for the integers). */
function drawCompareValue(rng: TestRng, dtype: DType, pool: readonly number[], specialRate: number): number {
  if (chance(rng, 0.6)) {
    const v = storable(pick(rng, pool), dtype);
    if (v !== undefined) return v;
  }
  switch (dtype) {
    case "bool":
      return rng.int(0, 1);
    case "uint8":
      return drawUint8(rng, chance(rng, 0.5) ? 5 : 255);
    case "int32":
      return chance(rng, 0.1) ? pick(rng, [2147483647, -2147483648, 16777217, -16777217, 255, 256, -1]) : rng.int(-5, 5);
    default:
      return drawFloat(rng, dtype, specialRate);
  }
}

/** The next float32 above v (finite v). */
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

function nextUp32(v: number): number {
  if (v === 0) return 2 ** -149;
  f32[0] = v;
  i32[0] += v > 0 ? 1 : -1;
  return f32[0];
}

/**
 * A plain number to compare with a tensor: often one of its values nudged by a fraction of
 * a float32 ulp (numpy's weak scalar: a float32 tensor compares with the number rounded to
 * float32, so v + ulp/4 equals v there, v + 3ulp/4 does not) or ±0.5 (an integer tensor
 * compares in float64), else from the pool, the rounding edges, or anywhere.
 */
function drawCompareNumber(rng: TestRng, other: CmpOperand | undefined, pool: readonly number[], specialRate: number): number {
  const values = other === undefined ? [] : typeof other === "number" ? [other] : other.values;
  const r = rng.next();
  // Nudges matter most beside float32 (rounding) and another number (compared in float64).
  const pNear = other === undefined ? 0 : typeof other === "number" || other.dtype === "float32" ? 0.6 : 0.35;
  if (values.length > 0 && r < pNear) {
    const v = pick(rng, values);
    if (!Number.isFinite(v) || chance(rng, 0.2)) return v;
    if (Number.isInteger(v) && chance(rng, 0.3)) return v + pick(rng, [0.5, -0.5, 1, -1]);
    const fv = Math.fround(v);
    const up = Math.abs(fv) < F32_MAX ? nextUp32(fv) - fv : 0;
    return fv + up * pick(rng, [0.25, 0.5, 0.75, -0.25, -0.75, 1.5]);
  }
  if (r < pNear + 0.25) return pick(rng, pool);
  if (r < pNear + 0.45) return pick(rng, COMPARE_NUMBERS);
  return chance(rng, 0.5) ? rng.int(-5, 5) : drawFloat(rng, "float64", specialRate);
}

/** The logical ops' operand dtypes: floats more often (NaN, -0 and subnormals live there). */
const LOGICAL_DTYPES: readonly DType[] = ["float32", "float64", "float32", "float64", "int32", "uint8", "bool"];

/** An operand of the compare family: a plain number (with probability pNumber) or a tensor broadcastable to `out`. */
type CmpOperand = Operand | number;

function compareOperand(c: Case, out: readonly number[], pool: readonly number[], specialRate: number, pNumber: number, other?: CmpOperand, dtype?: DType): CmpOperand {
  const rng = c.rng;
  if (chance(rng, pNumber)) return drawCompareNumber(rng, other, pool, specialRate);
  const d = dtype ?? pick(rng, ALL_DTYPES);
  return makeOperand(c, broadcastableTo(rng, out), d, (n) => drawMany(n, () => drawCompareValue(rng, d, pool, specialRate)));
}

/** Sometimes (8%) an axis of a tensor operand takes another size: likely no longer broadcastable. */
function maybeBreakShape(c: Case, o: CmpOperand, pool: readonly number[], specialRate: number): CmpOperand {
  const rng = c.rng;
  if (typeof o === "number" || o.shape.length === 0 || !chance(rng, 0.08)) return o;
  const shape = o.shape.slice();
  const k = rng.int(0, shape.length - 1);
  shape[k] = shape[k] === 5 ? 2 : shape[k] + rng.int(1, 2);
  return makeOperand(c, shape, o.dtype, (n) => drawMany(n, () => drawCompareValue(rng, o.dtype, pool, specialRate)));
}

const operandShape = (o: CmpOperand): number[] => (typeof o === "number" ? [] : o.shape);
const operandArg = (o: CmpOperand): st.TensorLike => (typeof o === "number" ? o : o.tensor);

/** The broadcast shape of the operands, or null. */
function broadcastAllRef(shapes: readonly (readonly number[])[]): number[] | null {
  let out: number[] | null = [];
  for (const s of shapes) out = out === null ? null : broadcastShapeRef(out, s);
  return out;
}

function compareCase(c: Case): void {
  const rng = c.rng;
  const op = pick(rng, COMPARE_FAMILY_OPS);
  c.op = op;
  const specialRate = chance(rng, 0.5) ? 0.1 : 0;
  const drawn = comparePool(rng);
  const wide = drawn.wide;
  // The logical ops: mostly zeros and the values whose truth is easy to get wrong.
  const pool = op in LOGICAL && chance(rng, 0.7) ? [0, 1, NaN, ...shuffle(rng, TRUTH_POOL.slice()).slice(0, rng.int(1, 4))] : drawn.pool;
  c.note(`pool ${fmtList(pool)}`);
  if (op === "where") return whereCase(c, pool, specialRate);
  if (op in VALUE_TESTS) return valueTestCase(c, op as ValueTestOp, pool, specialRate);
  if (op === "logicalNot") return logicalNotCase(c, pool, specialRate);
  binaryBoolCase(c, op as ComparisonOp | Exclude<LogicalOp, "logicalNot">, pool, specialRate, wide);
}

/** The dtype a comparison runs in: the promoted kernel dtype; with a number, the tensor's, but float64 for an integer tensor against a number that is no int32. */
function compareWork(a: CmpOperand, b: CmpOperand): DType {
  if (typeof a === "number" && typeof b === "number") return "float64"; // a lone left number is a float64 0-d tensor
  if (typeof a === "number" || typeof b === "number") {
    const t = (typeof a === "number" ? b : a) as Operand;
    const s = typeof a === "number" ? a : (b as number);
    const work = kernelOf(t.dtype);
    return work === "int32" && !isInt32Exact(s) ? "float64" : work;
  }
  return kernelOf(promote(a.dtype, b.dtype));
}

function binaryBoolCase(c: Case, op: ComparisonOp | Exclude<LogicalOp, "logicalNot">, pool: readonly number[], specialRate: number, wide: boolean): void {
  const rng = c.rng;
  const out = caseShape(rng);
  const form = rng.next(); // both tensors, a number on the right, on the left, or both numbers
  let a: CmpOperand;
  let b: CmpOperand;
  if (form < 0.6) {
    // With integers that float32 rounds, mostly int32 against float32 (compared in float32); logical ops, mostly floats.
    const pair = wide && chance(rng, 0.7) ? shuffle(rng, ["int32", "float32"] as DType[]) : op in LOGICAL ? [pick(rng, LOGICAL_DTYPES), pick(rng, LOGICAL_DTYPES)] : undefined;
    a = compareOperand(c, out, pool, specialRate, 0, undefined, pair?.[0]);
    // Often the same dtype (ties within one dtype), else any.
    b = compareOperand(c, out, pool, specialRate, 0, a, pair?.[1] ?? (chance(rng, 0.4) ? (a as Operand).dtype : undefined));
    if (chance(rng, 0.04)) b = a; // one tensor on both sides (NaN != NaN still)
    else if (chance(rng, 0.5)) a = maybeBreakShape(c, a, pool, specialRate);
    else b = maybeBreakShape(c, b, pool, specialRate);
  } else if (form < 0.8) {
    a = compareOperand(c, out, pool, specialRate, 0, undefined, op in LOGICAL ? pick(rng, LOGICAL_DTYPES) : undefined);
    b = compareOperand(c, out, pool, specialRate, 1, a);
  } else if (form < 0.94) {
    b = compareOperand(c, out, pool, specialRate, 0, undefined, op in LOGICAL ? pick(rng, LOGICAL_DTYPES) : undefined);
    a = compareOperand(c, out, pool, specialRate, 1, b);
  } else {
    a = compareOperand(c, out, pool, specialRate, 1);
    b = compareOperand(c, out, pool, specialRate, 1, a);
  }
  c.note(describeOperand("a", a));
  c.note(b === a ? "b: the same tensor as a" : describeOperand("b", b));
  const fn = st[op] as (x: st.TensorLike, y: st.TensorLike) => Tensor;
  const what = `${op}(a, b)`;
  const call = () => fn(operandArg(a), operandArg(b));
  const shape = broadcastShapeRef(operandShape(a), operandShape(b));
  if (shape === null) return c.expectError(what, `shapes ${fmtShape(operandShape(a))} and ${fmtShape(operandShape(b))} do not broadcast`, call);
  // Comparisons: both operands as the compare dtype holds them (a float32 one rounds a number or an int32 value);
  // logical ops: the raw values, taken as bool.
  const comparison = op in COMPARISONS;
  const work = comparison ? compareWork(a, b) : "float64";
  const conv = work === "float32" ? Math.fround : (v: number) => v;
  const valuesOf = (o: CmpOperand) => (typeof o === "number" ? [o] : o.values);
  const ea = expandRef(valuesOf(a), operandShape(a), shape).map(conv);
  const eb = expandRef(valuesOf(b), operandShape(b), shape).map(conv);
  const f = c.boolRef(op);
  const want = ea.map((x, i) => (f(x, eb[i]) ? 1 : 0));
  const got = c.lib(what, call);
  const context = (i: number) => `a = ${show(ea[i])}, b = ${show(eb[i])}${comparison ? ` (compared in ${work})` : " (taken as bool)"}`;
  checkTensor(c, what, got, { shape, dtype: "bool", values: want }, sameValue(false), context);
  maybeCheckBooleans(c, what, got, want);
}

function logicalNotCase(c: Case, pool: readonly number[], specialRate: number): void {
  const rng = c.rng;
  const x = compareOperand(c, caseShape(rng), pool, specialRate, 0.05, undefined, pick(rng, LOGICAL_DTYPES));
  c.note(describeOperand("x", x));
  const shape = operandShape(x);
  const f = c.boolRef("logicalNot");
  const values = typeof x === "number" ? [x] : x.values;
  const want = values.map((v) => (f(v, NaN) ? 1 : 0));
  const got = c.lib("logicalNot(x)", () => st.logicalNot(operandArg(x)));
  checkTensor(c, "logicalNot(x)", got, { shape, dtype: "bool", values: want }, sameValue(false), (i) => `x = ${show(values[i])}`);
  maybeCheckBooleans(c, "logicalNot(x)", got, want);
}

function valueTestCase(c: Case, op: ValueTestOp, pool: readonly number[], specialRate: number): void {
  const rng = c.rng;
  const fn = st[op] as (x: Tensor) => Tensor;
  if (chance(rng, 0.02)) {
    const s = pick(rng, pool);
    c.note(describeOperand("x", s));
    return c.expectError(`${op}(x)`, "value tests take tensors only", () => fn(s as unknown as Tensor));
  }
  const shape = caseShape(rng);
  const dtype = pick(rng, ALL_DTYPES);
  const x = makeOperand(c, shape, dtype, (n) => drawMany(n, () => drawCompareValue(rng, dtype, pool, chance(rng, 0.5) ? 0.3 : specialRate)));
  c.note(describeOperand("x", x));
  const want = x.values.map((v) => (VALUE_TEST_REFERENCE[op](v) ? 1 : 0));
  const got = c.lib(`${op}(x)`, () => fn(x.tensor));
  checkTensor(c, `${op}(x)`, got, { shape, dtype: "bool", values: want }, sameValue(false), (i) => `x = ${show(x.values[i])}`);
  maybeCheckBooleans(c, `${op}(x)`, got, want);
}

/**
 * The dtype a plain number takes in where(): numpy's weak scalar, as in the element-wise
 * ops: a float tensor's dtype; a fraction beside an integer or bool gives float32; an
 * integer beside a bool gives int32, beside uint8/int32 their dtype when in range, else the
 * call must throw (null here). Beside another number: int32 for an int32 integer, else float32.
 */
function whereNumberDType(s: number, other: DType | undefined): DType | null {
  if (other === undefined) return isInt32Exact(s) ? "int32" : "float32";
  if (isFloat(other)) return other;
  if (!Number.isInteger(s)) return "float32";
  const dtype = other === "bool" ? "int32" : other;
  const fits = dtype === "uint8" ? s >= 0 && s <= 255 : isInt32Exact(s);
  return fits ? dtype : null;
}

function whereCase(c: Case, pool: readonly number[], specialRate: number): void {
  const rng = c.rng;
  const out = caseShape(rng);
  // The condition: half the time bool, else any dtype (NaN and -0 among its values).
  const condDType = chance(rng, 0.5) ? "bool" : pick(rng, ALL_DTYPES);
  const condPool = [0, -0, 1, NaN, 2, -1, 0.5, 1e-40, ...pool];
  let cond: CmpOperand = makeOperand(c, broadcastableTo(rng, out), condDType, (n) => drawMany(n, () => drawCompareValue(rng, condDType, condPool, specialRate)));
  let x = compareOperand(c, out, pool, specialRate, 0.15);
  let y = compareOperand(c, out, pool, specialRate, 0.15, x, typeof x !== "number" && chance(rng, 0.3) ? x.dtype : undefined);
  const u = rng.next();
  if (u < 0.03) cond = maybeBreakShape(c, cond, pool, specialRate);
  else if (u < 0.06) x = maybeBreakShape(c, x, pool, specialRate);
  else if (u < 0.09) y = maybeBreakShape(c, y, pool, specialRate);
  // One tensor in two places: the condition is x itself, or x is y.
  const alias = typeof x === "number" ? 1 : rng.next();
  if (alias < 0.03) cond = x;
  else if (alias < 0.06) y = x;
  const condNumber = chance(rng, 0.01);
  if (condNumber) cond = rng.int(0, 1);
  c.note(cond === x ? "cond: the same tensor as x" : describeOperand("cond", cond));
  c.note(describeOperand("x", x));
  c.note(y === x ? "y: the same tensor as x" : describeOperand("y", y));
  const what = "where(cond, x, y)";
  const call = () => st.where(operandArg(cond) as Tensor, operandArg(x), operandArg(y));
  if (condNumber) return c.expectError(what, "the condition must be a tensor", call);
  const shape = broadcastAllRef([operandShape(cond), operandShape(x), operandShape(y)]);
  if (shape === null) return c.expectError(what, `shapes ${[cond, x, y].map((o) => fmtShape(operandShape(o))).join(", ")} do not broadcast`, call);
  const dtypeOf = (o: CmpOperand, other: CmpOperand) => (typeof o === "number" ? whereNumberDType(o, typeof other === "number" ? undefined : other.dtype) : o.dtype);
  const mx = dtypeOf(x, y);
  const my = dtypeOf(y, x);
  if (mx === null || my === null) return c.expectError(what, "a number out of the other operand's range", call);
  const dx: DType = mx, dy: DType = my;
  const dtype = promote(dx, dy);
  // Each value as its own dtype holds it, then converted to the result dtype (exact, or int32 → float32 rounding).
  const valuesOf = (o: CmpOperand, d: DType) => (typeof o === "number" ? [castRef(o, d)] : o.values).map((v) => castRef(v, dtype));
  const ex = expandRef(valuesOf(x, dx), operandShape(x), shape);
  const ey = expandRef(valuesOf(y, dy), operandShape(y), shape);
  const condValues = expandRef(typeof cond === "number" ? [cond] : cond.values, operandShape(cond), shape);
  const want = condValues.map((v, i) => (truthy(v) ? ex[i] : ey[i]));
  const got = c.lib(what, call);
  checkTensor(c, `${what} (x ${dx}, y ${dy})`, got, { shape, dtype, values: want }, sameValue(false), (i) => `cond = ${show(condValues[i])}, x = ${show(ex[i])}, y = ${show(ey[i])}`);
  maybeCheckBooleans(c, what, got, want);
}

// ---------------------------------------------------------------------------------------
// gradients: st.checkGradients on each differentiable op (src/autodiff/gradients/index.ts),
// float64 inputs kept away from kinks and ties, sometimes composed with a smooth op

/** The ops with a gradient rule (customGrad is a mechanism, not an op). */
export const GRADIENT_OPS: readonly string[] = Object.keys(GRADIENTS).filter((k) => k !== "customGrad");

type Fn = (...xs: Tensor[]) => Tensor;

interface GradInput {
  shape: number[];
  /** n values in the input's row-major order. */
  gen: (n: number) => number[];
  /** Whether a broadcast (stride-0) view may carry it (not where duplicates would tie). */
  broadcastOk?: boolean;
}

interface GradCase {
  text: string;
  inputs: GradInput[];
  f: Fn;
  /** The inputs' (logical) values are fine for the op: no ties, no kinks. */
  accept?: (values: number[][]) => boolean;
  /** The case's result is float32 (astype): a wider step. */
  float32Out?: boolean;
}

const uniform = (rng: TestRng, lo: number, hi: number) => (n: number) => drawMany(n, () => lo + (hi - lo) * rng.next());
/** |x| in [lo, hi], either sign: away from the kinks of abs/relu/sign and the poles of div. */
const awayFromZero = (rng: TestRng, lo: number, hi: number) => (n: number) => drawMany(n, () => (chance(rng, 0.5) ? -1 : 1) * (lo + (hi - lo) * rng.next()));
/** Distinct values, at least 0.05 apart (max/min without ties), in a random order. */
const distinct = (rng: TestRng) => (n: number) => shuffle(rng, Array.from({ length: n }, (_, i) => i)).map((i) => (i - n / 2) * 0.1 + 0.05 * rng.next());

function gradShape(rng: TestRng, maxRank = 3): number[] {
  return randomShape(rng, maxRank, 4, 0.03);
}

/** Whether a and b (broadcast against each other) are never within 0.01: maximum/minimum without ties. */
function apart(sa: readonly number[], sb: readonly number[]) {
  return ([a, b]: number[][]) => {
    const shape = broadcastShapeRef(sa, sb)!;
    const ea = expandRef(a, sa, shape);
    const eb = expandRef(b, sb, shape);
    return ea.every((x, i) => Math.abs(x - eb[i]) >= 0.01);
  };
}

/** Whether a / b (broadcast) stays 0.05 from every integer: mod and floorDiv without jumps. */
function quotientsOffInteger(sa: readonly number[], sb: readonly number[]) {
  return ([a, b]: number[][]) => {
    const shape = broadcastShapeRef(sa, sb)!;
    const ea = expandRef(a, sa, shape);
    const eb = expandRef(b, sb, shape);
    return ea.every((x, i) => Math.abs(x / eb[i] - Math.round(x / eb[i])) >= 0.05);
  };
}

function gradElementwise(rng: TestRng, op: ElementwiseOp): GradCase {
  const out = gradShape(rng);
  if (ELEMENTWISE[op].arity === 1) {
    const gen =
      op === "relu" || op === "abs" || op === "sign"
        ? awayFromZero(rng, 0.1, 2)
        : op === "sqrt" || op === "log"
          ? uniform(rng, 0.5, 3)
          : op === "log1p"
            ? uniform(rng, -0.5, 2)
            : uniform(rng, -2, 2);
    return { text: `${op}(x)`, inputs: [{ shape: out, gen, broadcastOk: true }], f: libUnary(op as UnaryOpName) };
  }
  const bop = op as BinaryOpName;
  const fn = libBinary(bop);
  const genA = bop === "pow" ? uniform(rng, 0.5, 2) : uniform(rng, -2, 2);
  // mod and floorDiv jump where a / b crosses an integer: divisors away from 0, quotients away from integers.
  const divides = bop === "div" || bop === "mod" || bop === "floorDiv";
  const jumps = bop === "mod" || bop === "floorDiv";
  const genB = divides ? awayFromZero(rng, 0.5, 2) : bop === "pow" ? uniform(rng, -2, 2) : uniform(rng, -2, 2);
  const tie = bop === "maximum" || bop === "minimum";
  const offInteger = (q: number) => Math.abs(q - Math.round(q)) >= 0.05;
  if (chance(rng, 0.25)) {
    // One side a plain number.
    const left = chance(rng, 0.5);
    let s: number;
    let gen = left ? genB : genA;
    if (bop === "pow") {
      s = left ? 0.5 + 2.5 * rng.next() : chance(rng, 0.5) ? rng.int(-3, 3) : rng.next() * 4 - 2;
      if (!left) gen = Number.isInteger(s) ? awayFromZero(rng, 0.5, 2) : uniform(rng, 0.5, 2);
    } else if (divides && left) {
      s = rng.next() * 4 - 2;
      gen = awayFromZero(rng, 0.5, 2);
    } else {
      s = divides ? (chance(rng, 0.5) ? -1 : 1) * (0.5 + rng.next()) : rng.next() * 4 - 2;
    }
    const accept = tie
      ? ([x]: number[][]) => x.every((v) => Math.abs(v - s) >= 0.01)
      : jumps
        ? ([x]: number[][]) => x.every((v) => offInteger(left ? s / v : v / s))
        : undefined;
    return {
      text: left ? `${op}(${show(s)}, x)` : `${op}(x, ${show(s)})`,
      inputs: [{ shape: out, gen, broadcastOk: true }],
      f: left ? (x) => fn(s, x) : (x) => fn(x, s),
      accept,
    };
  }
  const sa = broadcastableTo(rng, out);
  const sb = broadcastableTo(rng, out);
  return {
    text: `${op}(a, b)`,
    inputs: [
      { shape: sa, gen: genA, broadcastOk: true },
      { shape: sb, gen: genB, broadcastOk: true },
    ],
    f: fn,
    accept: tie ? apart(sa, sb) : jumps ? quotientsOffInteger(sa, sb) : undefined,
  };
}

function gradMovement(rng: TestRng, op: MovementOp): GradCase {
  // Build a valid step of the movement family (retrying its occasional invalid draws).
  for (;;) {
    const shape = op === "squeeze" ? gradShape(rng).map((d) => (chance(rng, 0.3) ? 1 : d)) : gradShape(rng);
    const cur: ArrayRef = { shape, dtype: "float64", values: new Array<number>(sizeOfShape(shape)).fill(0) };
    const step = STEP_MAKERS[op](rng, cur);
    if (typeof step.ref === "string" || step.ref.values.length > 200) continue;
    return { text: `x.${step.text}`, inputs: [{ shape, gen: uniform(rng, -2, 2), broadcastOk: true }], f: step.run };
  }
}

/**
 * Pooling and its backward ops (each reached as a gradient: maxPool2dGrad/avgPool2dGrad
 * through the gradient of sum(pool(x)·w) in w, maxPool2dPick one order further), on a
 * random NHWC shape and window; distinct values, so no window has a tie to flip.
 */
function gradPool(rng: TestRng, op: string): GradCase {
  const shape = [rng.int(1, 2), rng.int(1, 5), rng.int(1, 5), rng.int(1, 5)];
  const size = chance(rng, 0.3) ? ([rng.int(1, 3), rng.int(1, 3)] as [number, number]) : rng.int(1, 3);
  const strides = chance(rng, 0.3) ? ([rng.int(1, 3), rng.int(1, 3)] as [number, number]) : rng.int(1, 3);
  const padding = chance(rng, 0.5) ? "same" : "valid";
  const opts = { size, strides, padding } as const;
  const max = op.startsWith("max");
  const pool = (t: Tensor) => (max ? st.maxPool2d(t, opts) : st.avgPool2d(t, opts));
  const text = `${max ? "maxPool2d" : "avgPool2d"}(x, ${JSON.stringify(opts)})`;
  const x: GradInput = { shape, gen: distinct(rng), broadcastOk: false };
  if (op === "maxPool2d" || op === "avgPool2d") return { text, inputs: [x], f: pool };
  const outShape = [...st.tidy(() => pool(st.zeros(shape)).shape)];
  const w: GradInput = { shape: outShape, gen: uniform(rng, -2, 2), broadcastOk: true };
  /** d/dx sum(pool(x)·w): the backward op, linear in w. */
  const backward = (t: Tensor, wt: Tensor) => st.grad((u: Tensor) => st.sum(st.mul(pool(u), wt)))(t);
  if (op !== "maxPool2dPick") return { text: `grad_x sum(${text}·w)`, inputs: [x, w], f: backward };
  // d/dw sum(backward(x, w)·v) = the pick of v at x's maxima, recorded by the outer tape.
  const v: GradInput = { shape, gen: uniform(rng, -2, 2), broadcastOk: true };
  return { text: `grad_w sum(grad_x sum(${text}·w)·v)`, inputs: [x, v], f: (t, vt) => st.grad((wt: Tensor) => st.sum(st.mul(backward(t, wt), vt)))(st.zeros(outShape, "float64")) };
}

/**
 * conv2d on a small random geometry (every padding, strides, dilations), with or without the
 * fused bias and a smooth activation (relu's kink would defeat central differences); or one
 * of its backward ops, reached as the gradient of sum(conv2d(x, f)·dy) in x or in f, which
 * is linear in dy and the other operand and does not read the one it differentiates.
 */
function gradConv(rng: TestRng, op: string): GradCase {
  const k = [rng.int(1, 3), rng.int(1, 3)];
  const padding = chance(rng, 0.5) ? "same" : "valid";
  const strides = [rng.int(1, 2), rng.int(1, 2)] as [number, number];
  const dilations = [rng.int(1, 2), rng.int(1, 2)] as [number, number];
  const size = k.map((d, i) => (d - 1) * dilations[i] + 1 + rng.int(0, 3));
  const cin = rng.int(1, 3), cout = rng.int(1, 3);
  const activation = [undefined, "tanh", "sigmoid"][rng.int(0, 2)] as "tanh" | "sigmoid" | undefined;
  const opts = { padding, strides, dilations } as const;
  const xShape = [rng.int(1, 2), size[0], size[1], cin], fShape = [k[0], k[1], cin, cout];
  const x: GradInput = { shape: xShape, gen: uniform(rng, -2, 2), broadcastOk: true };
  const filter: GradInput = { shape: fShape, gen: uniform(rng, -2, 2), broadcastOk: true };
  const text = `conv2d(x, f, ${JSON.stringify(opts)})`;
  if (op !== "conv2d") {
    const dy: GradInput = { shape: [...st.tidy(() => st.conv2d(st.zeros(xShape), st.zeros(fShape), opts).shape)], gen: uniform(rng, -2, 2), broadcastOk: true };
    return op === "conv2dInputGrad"
      ? { text: `grad_x sum(${text}·dy)`, inputs: [dy, filter], f: (d, f) => st.grad((u: Tensor) => st.sum(st.mul(st.conv2d(u, f, opts), d)))(st.zeros(xShape, "float64")) }
      : { text: `grad_f sum(${text}·dy)`, inputs: [x, dy], f: (t, d) => st.grad((w: Tensor) => st.sum(st.mul(st.conv2d(t, w, opts), d)))(st.zeros(fShape, "float64")) };
  }
  const fused = `conv2d(x, f, ${JSON.stringify({ ...opts, activation })}`;
  return chance(rng, 0.5)
    ? { text: `${fused})`, inputs: [x, filter], f: (t, f) => st.conv2d(t, f, { ...opts, activation }) }
    : { text: `${fused}, bias)`, inputs: [x, filter, { shape: [cout], gen: uniform(rng, -2, 2), broadcastOk: true }], f: (t, f, b) => st.conv2d(t, f, { ...opts, bias: b, activation }) };
}

function gradCaseFor(rng: TestRng, op: string): GradCase {
  if (op in ELEMENTWISE) return gradElementwise(rng, op as ElementwiseOp);
  switch (op) {
    case "reshape":
    case "expandDims":
    case "squeeze":
    case "transpose":
    case "broadcastTo":
    case "slice":
    case "stridedSlice":
      return gradMovement(rng, op);
    case "astype": {
      const to = chance(rng, 0.5) ? "float32" : "float64";
      return { text: `astype(x, "${to}")`, inputs: [{ shape: gradShape(rng), gen: uniform(rng, -2, 2), broadcastOk: true }], f: (x) => st.astype(x, to), float32Out: to === "float32" };
    }
    case "concat": {
      const stack = chance(rng, 0.35);
      const rank = stack ? rng.int(0, 3) : rng.int(1, 3);
      const base = randomShape(rng, rank, 4, 0.03, rank);
      const axisRange = stack ? rank + 1 : rank;
      const axis = rng.int(-axisRange, axisRange - 1);
      const ax = axis < 0 ? axis + axisRange : axis;
      const inputs = Array.from({ length: rng.int(1, 3) }, () => {
        const s = base.slice();
        if (!stack) s[ax] = randomDim(rng, 4, 0.1);
        return { shape: s, gen: uniform(rng, -2, 2), broadcastOk: true };
      });
      const f: Fn = (...xs) => (stack ? st.stack(xs, axis) : st.concat(xs, axis));
      return { text: `${stack ? "stack" : "concat"}([${inputs.map((_, i) => `x${i}`).join(", ")}], ${axis})`, inputs, f };
    }
    case "matmul": {
      for (;;) {
        const dot = chance(rng, 0.3);
        const k = rng.int(1, 4);
        const m = rng.int(1, 4);
        const n = rng.int(1, 4);
        const ra = rng.int(1, 3);
        const rb = rng.int(1, 3);
        const batch = randomShape(rng, 1, 3, 0, Math.max(ra, rb) > 2 ? 1 : 0);
        const batchOf = (r: number) => (r > 2 ? batch.map((d) => (chance(rng, 0.3) ? 1 : d)) : []);
        const sa = ra === 1 ? [k] : [...batchOf(ra), m, k];
        const sb = rb === 1 ? [k] : [...batchOf(rb), k, n];
        const ref = dot ? dotRef(sa, sb) : matmulRef(sa, sb);
        if (typeof ref === "string") continue;
        return {
          text: `${dot ? "dot" : "matmul"}(a, b)`,
          inputs: [
            { shape: sa, gen: uniform(rng, -2, 2), broadcastOk: true },
            { shape: sb, gen: uniform(rng, -2, 2), broadcastOk: true },
          ],
          f: dot ? st.dot : st.matmul,
        };
      }
    }
    case "sum":
    case "mean":
    case "max":
    case "min":
    case "prod": {
      const shape = gradShape(rng);
      const axisChoice = (() => {
        for (;;) {
          const a = randomAxisSpec(rng, shape.length, false);
          if (typeof normalizeAxesRef(a.spec, shape.length) !== "string") return a;
        }
      })();
      const keepdims = chance(rng, 0.5);
      const fn = st[op];
      const tie = op === "max" || op === "min";
      const gen = tie ? distinct(rng) : op === "prod" ? awayFromZero(rng, 0.5, 1.5) : uniform(rng, -2, 2);
      const axes = normalizeAxesRef(axisChoice.spec, shape.length) as number[];
      if ((tie || op === "mean") && axes.reduce((p, k) => p * shape[k], 1) === 0) {
        // max/min of nothing is an error and mean of nothing NaN: reduce a non-empty tensor instead.
        return { text: `${op}(x)`, inputs: [{ shape: [2, 3], gen, broadcastOk: !tie }], f: (x) => fn(x) };
      }
      return { text: `${op}(x, ${axisChoice.text}, ${keepdims})`, inputs: [{ shape, gen, broadcastOk: !tie }], f: (x) => fn(x, axisChoice.spec, keepdims) };
    }
    case "cumsum":
    case "cumprod": {
      // Along a random axis (or flattened); cumprod away from zero (its rule divides by x, as TF's).
      const drawn = gradShape(rng).map((d) => Math.max(1, d));
      const shape = drawn.length > 0 ? drawn : [3];
      const axis = chance(rng, 0.2) ? undefined : rng.int(-shape.length, shape.length - 1);
      const gen = op === "cumprod" ? awayFromZero(rng, 0.5, 1.5) : uniform(rng, -2, 2);
      return { text: `${op}(x, ${String(axis)})`, inputs: [{ shape, gen, broadcastOk: true }], f: (x) => st[op](x, axis) };
    }
    case "takeAlongLastAxis": {
      // Through sort (a full permutation) or topk (its first k), distinct values: no ties to break.
      const drawn = gradShape(rng).map((d) => Math.max(1, d));
      const shape = drawn.length > 0 ? drawn : [4];
      const n = shape[shape.length - 1];
      const topk = chance(rng, 0.4);
      const k = rng.int(0, n);
      const descending = chance(rng, 0.5);
      return topk
        ? { text: `topk(x, ${k}).values`, inputs: [{ shape, gen: distinct(rng), broadcastOk: false }], f: (x) => st.topk(x, k).values }
        : { text: `sort(x, -1, { descending: ${descending} })`, inputs: [{ shape, gen: distinct(rng), broadcastOk: false }], f: (x) => st.sort(x, -1, { descending }) };
    }
    case "maxPool2d":
    case "avgPool2d":
    case "maxPool2dGrad":
    case "avgPool2dGrad":
    case "maxPool2dPick":
      return gradPool(rng, op);
    case "gather": {
      // Rows taken along a random axis, with repeats and negative indices.
      const drawn = gradShape(rng).map((d) => Math.max(1, d));
      const shape = drawn.length > 0 ? drawn : [3]; // gather needs an axis
      const axis = rng.int(0, shape.length - 1);
      const indices = Array.from({ length: rng.int(1, 4) }, () => rng.int(-shape[axis], shape[axis] - 1));
      return {
        text: `gather(x, [${indices.join(", ")}], ${axis})`,
        inputs: [{ shape, gen: uniform(rng, -2, 2), broadcastOk: true }],
        f: (x) => st.gather(x, indices, axis),
      };
    }
    case "conv2d":
    case "conv2dInputGrad":
    case "conv2dFilterGrad":
      return gradConv(rng, op);
    case "linear": {
      const m = rng.int(1, 4), k = rng.int(1, 4), n = rng.int(1, 4);
      const activation = [undefined, "tanh", "sigmoid"][rng.int(0, 2)] as "tanh" | "sigmoid" | undefined;
      const inputs = [
        { shape: [m, k], gen: uniform(rng, -2, 2), broadcastOk: true },
        { shape: [k, n], gen: uniform(rng, -2, 2), broadcastOk: true },
        { shape: [n], gen: uniform(rng, -2, 2), broadcastOk: true },
      ];
      return { text: `linear(x, w, b, { activation: ${String(activation)} })`, inputs, f: (x, w, b) => st.linear(x, w, b, { activation }) };
    }
    case "where": {
      // A fixed random condition of the broadcast shape; x and y may be broadcast against it.
      const shape = gradShape(rng);
      const pattern = Array.from({ length: sizeOfShape(shape) }, () => chance(rng, 0.5));
      const operandShape = () => shape.map((d) => (chance(rng, 0.3) ? 1 : d));
      return {
        text: `where(cond ${JSON.stringify(pattern.map(Number))}, x, y)`,
        inputs: [
          { shape: operandShape(), gen: uniform(rng, -2, 2), broadcastOk: true },
          { shape: operandShape(), gen: uniform(rng, -2, 2), broadcastOk: true },
        ],
        f: (x, y) => st.where(st.reshape(st.tensor(pattern), shape), x, y),
      };
    }
  }
  throw new Error(`fuzz: no gradient case for op ${op}`);
}

/** Smooth ops applied after the op under test, so gradients flow through more than one rule. */
const POST: readonly { text: string; f: (y: Tensor) => Tensor }[] = [
  { text: "tanh", f: (y) => st.tanh(y) },
  { text: "sigmoid", f: (y) => st.sigmoid(y) },
  { text: "square", f: (y) => st.square(y) },
  { text: "mul 1.5", f: (y) => st.mul(y, 1.5) },
  { text: "sum(-1, keepdims)", f: (y) => (y.rank === 0 ? st.sum(y) : st.sum(y, -1, true)) },
  { text: "y * y + y", f: (y) => st.add(st.mul(y, y), y) },
];

function gradientsCase(c: Case): void {
  const rng = c.rng;
  const op = pick(rng, GRADIENT_OPS);
  c.op = op;
  const gc = gradCaseFor(rng, op);
  const post = chance(rng, 0.35) ? pick(rng, POST) : undefined;
  // A reversed first input (a view of a view), for ops whose constraints do not depend on positions.
  const reverseFirst = chance(rng, 0.2) && gc.accept === undefined;
  let inputs: Operand[] = [];
  let ok = false;
  for (let attempt = 0; attempt < 20 && !ok; attempt++) {
    inputs = gc.inputs.map((inp) => makeOperand(c, inp.shape, "float64", inp.gen, inp.broadcastOk === true));
    ok = gc.accept === undefined || gc.accept(inputs.map((o) => o.values));
  }
  if (!ok) {
    // Separated ranges, which cannot tie.
    inputs = gc.inputs.map((inp, i) => makeOperand(c, inp.shape, "float64", i === 0 ? uniform(rng, 1, 2) : uniform(rng, -2, -1), false));
    ok = gc.accept === undefined || gc.accept(inputs.map((o) => o.values));
    if (!ok) return; // a number operand inside the range: nothing safe to check (rare)
  }
  inputs.forEach((o, i) => c.note(describeOperand(`x${i}`, o)));
  const text = `${post ? `${post.text}(` : ""}${gc.text}${post ? ")" : ""}${reverseFirst ? " (first input reversed on every axis)" : ""}`;
  c.note(`f = ${text}`);
  const f: Fn = (...xs) => {
    const args = reverseFirst && xs.length > 0 ? [st.stridedSlice(xs[0], [], [], xs[0].shape.map(() => -1)), ...xs.slice(1)] : xs;
    const y = gc.f(...args);
    return post ? post.f(y) : y;
  };
  const tensors = inputs.map((o) => o.tensor);
  // Tolerances: the defaults for float64, plus the rounding noise of the central difference
  // (about u · |L| / eps, L = sum(f · weights) with weights < 1.5).
  const y = c.lib(`f(inputs) for ${text}`, () => f(...tensors));
  const ys = c.lib("f(inputs).data()", () => y.data());
  let scale = 0;
  for (const v of ys) scale += 1.5 * Math.abs(v);
  if (!Number.isFinite(scale)) c.fail(`f(inputs) has non-finite values for ${text} (a fuzzer bug: inputs outside the op's domain)`);
  const out32 = gc.float32Out === true;
  const eps = out32 ? 1e-2 : 1e-6;
  const u = out32 ? 2 ** -24 : 2 ** -53;
  const options = { eps, rtol: out32 ? 1e-3 : 1e-5, atol: (out32 ? 1e-4 : 1e-7) + (8 * u * scale) / eps };
  const res = c.lib(`checkGradients(${text})`, () => st.checkGradients(f, tensors, options));
  if (!res.ok) {
    const worst = res.inputs
      .map((r, i) => (r.ok ? "" : `input ${i} element ${r.worstIndex}: tape ${r.analytic[r.worstIndex]}, numeric ${r.numeric[r.worstIndex]}`))
      .filter((s) => s !== "");
    c.fail(`checkGradients(${text}) failed (eps ${eps}, rtol ${options.rtol}, atol ${options.atol.toExponential(2)}): ${res.message}; ${worst.join("; ")}`);
  }
}

// ---------------------------------------------------------------------------------------
// The runner

// ---------------------------------------------------------------------------------------
// sort: sort, argsort (any axis, ascending or descending) and topk against a stable JS sort

const SORT_OPS = ["sort", "argsort", "topk"] as const;

/** The stable order of one row: numbers ascending (or descending), NaN after them all, -0 and 0 tied. */
function orderRef(row: readonly number[], descending: boolean): number[] {
  return row
    .map((_, i) => i)
    .sort((a, b) => {
      const x = row[a], y = row[b];
      const nx = Number.isNaN(x), ny = Number.isNaN(y);
      if (nx || ny) return nx === ny ? a - b : nx ? 1 : -1;
      if (x !== y) return (descending ? x < y : x > y) ? 1 : -1;
      return a - b;
    });
}

/** Few distinct values per dtype, so that ties (the stability) are common. */
const TIE_POOL: Record<DType, readonly number[]> = {
  float32: [-1, -0, 0, 1, 2.5, NaN, Infinity, -Infinity],
  float64: [-1, -0, 0, 1, 2.5, NaN, Infinity, -Infinity, 5e-324],
  int32: [-(2 ** 31), -1, 0, 1, 7, 2 ** 31 - 1],
  uint8: [0, 1, 128, 255],
  bool: [0, 1],
};

function sortCase(c: Case): void {
  const rng = c.rng;
  const op = pick(rng, SORT_OPS);
  c.op = op;
  const shape = randomShape(rng, 3, 12, 0.05, 1);
  const dtype = pick(rng, ALL_DTYPES);
  const specialRate = chance(rng, 0.5) ? 0.15 : 0;
  const ties = chance(rng, 0.4);
  const x = makeOperand(c, shape, dtype, (n) => drawMany(n, () => (ties ? pick(rng, TIE_POOL[dtype]) : drawValue(rng, dtype, specialRate))));
  c.note(describeOperand("x", x));
  const rank = shape.length;
  const axis = op === "topk" ? rank - 1 : rng.int(0, rank - 1);
  const axisArg = op === "topk" || chance(rng, 0.5) ? axis : axis - rank; // negative axes too
  const descending = op !== "topk" && chance(rng, 0.5);
  // Rows along the axis: the flat positions of each, in order along it.
  const rows = new Map<string, number[]>();
  forEachIndex(shape, (idx, flat) => {
    const key = idx.filter((_, k) => k !== axis).join(",");
    const row = rows.get(key);
    if (row === undefined) rows.set(key, [flat]);
    else row.push(flat);
  });
  if (op === "topk") {
    const n = shape[axis];
    const k = rng.int(0, n);
    const what = `topk(x, ${k})`;
    const got = c.lib(what, () => st.topk(x.tensor, k));
    const values: number[] = [], indices: number[] = [];
    for (const flats of rows.values()) {
      const order = orderRef(flats.map((f) => x.values[f]), true).slice(0, k);
      for (const i of order) {
        values.push(x.values[flats[i]]);
        indices.push(i);
      }
    }
    const outShape = [...shape.slice(0, -1), k];
    checkTensor(c, `${what}.values`, got.values, { shape: outShape, dtype, values }, sameValue(false));
    checkTensor(c, `${what}.indices`, got.indices, { shape: outShape, dtype: "int32", values: indices }, sameValue(false));
    return;
  }
  const want = new Array<number>(x.values.length);
  for (const flats of rows.values()) {
    const order = orderRef(flats.map((f) => x.values[f]), descending);
    order.forEach((i, j) => (want[flats[j]] = op === "sort" ? x.values[flats[i]] : i));
  }
  const what = `${op}(x, ${axisArg}${descending ? ", { descending: true }" : ""})`;
  const got = c.lib(what, () => (op === "sort" ? st.sort(x.tensor, axisArg, { descending }) : st.argsort(x.tensor, axisArg, { descending })));
  // Exact, zeros' signs included: -0 and 0 tie, so a stable sort keeps their order.
  checkTensor(c, what, got, { shape, dtype: op === "sort" ? dtype : "int32", values: want }, sameValue(false));
}

const RUNNERS: Record<FamilyName, (c: Case) => void> = {
  elementwise: elementwiseCase,
  reduce: reduceCase,
  linalg: linalgCase,
  movement: movementCase,
  join: joinCase,
  compare: compareCase,
  sort: sortCase,
  gradients: gradientsCase,
};

interface CaseOutcome {
  op: string;
  /** The case's set-up and what went wrong. */
  failure?: string;
  /** What went wrong with the numbers and shapes taken out: mismatches of one kind share it. */
  kind?: string;
  invalidThrown: boolean;
}

/** A failure message with its numbers, shapes and values blanked: one line per kind of mismatch. */
function kindOf(op: string, failure: string): string {
  const first = failure.split("\n")[0];
  const blanked = first
    .replace(/\((?:[^()]*)\)|\[[^\]]*\]/g, "…")
    .replace(/-?(?:Infinity|NaN|\d+(?:\.\d+)?(?:e[-+]?\d+)?)/g, "#")
    .replace(/(first at flat index #).*$/, "$1 …");
  return `${op}: ${blanked.length > 180 ? `${blanked.slice(0, 180)}…` : blanked}`;
}

/** Runs one case from its seed. */
export function runCase(family: FamilyName, caseSeed: number, references: ReferenceOverrides = {}): CaseOutcome {
  const c = new Case(new TestRng(caseSeed), references);
  const before = st.memory().tensors;
  let failure: string | undefined;
  try {
    st.tidy(() => RUNNERS[family](c));
  } catch (e) {
    failure = e instanceof CaseFailure ? e.message : `uncaught ${errorText(e)}${e instanceof Error && e.stack ? `\n${e.stack.split("\n").slice(1, 6).join("\n")}` : ""}`;
  }
  const after = st.memory().tensors;
  if (failure === undefined && after !== before) failure = `memory: ${after - before} tensors outlive the case's tidy (st.memory().tensors ${before} → ${after})`;
  if (failure === undefined) return { op: c.op, invalidThrown: c.invalidThrown };
  return { op: c.op, failure: [...c.setup.map((l) => `  ${l}`), `  ${failure}`].join("\n"), kind: kindOf(c.op, failure), invalidThrown: c.invalidThrown };
}

export function runFuzz(options: FuzzOptions = {}): FuzzReport {
  const cases = options.cases ?? 2000;
  const seed = options.seed ?? 1;
  const log = options.log ?? ((line: string) => console.log(line));
  const perOp = options.reportsPerOp ?? 5;
  if (options.caseSeed !== undefined && options.family === undefined) throw new Error("fuzz: --case-seed needs --family");
  if ((options.threads ?? 1) !== st.getThreads() || (options.build !== undefined && options.build !== st.backendInfo().build)) {
    throw new Error("fuzz: the threads or build asked for are not in effect: await prepareEnvironment(options) first");
  }
  const families = options.family === undefined ? FAMILIES : [options.family];
  const tensorsBefore = st.memory().tensors;
  const stats: FamilyStats[] = [];
  const mismatches: Mismatch[] = [];
  for (const family of families) {
    const s: FamilyStats = { family, cases: 0, mismatches: 0, invalidThrown: 0, invalidByOp: {}, ms: 0, byOp: {}, kinds: {} };
    const start = performance.now();
    const seeds = options.caseSeed !== undefined ? [options.caseSeed >>> 0] : Array.from({ length: cases }, (_, i) => caseSeedOf(seed, family, i));
    for (const caseSeed of seeds) {
      const outcome = runCase(family, caseSeed, options.references);
      s.cases++;
      if (outcome.invalidThrown) {
        s.invalidThrown++;
        s.invalidByOp[outcome.op] = (s.invalidByOp[outcome.op] ?? 0) + 1;
      }
      if (outcome.failure === undefined) continue;
      s.mismatches++;
      s.byOp[outcome.op] = (s.byOp[outcome.op] ?? 0) + 1;
      const kind = (s.kinds[outcome.kind ?? outcome.op] ??= { count: 0, firstCaseSeed: caseSeed });
      kind.count++;
      const m: Mismatch = { family, caseSeed, op: outcome.op, report: outcome.failure, rerun: rerunCommand(family, caseSeed, options) };
      if (mismatches.length < 1000) mismatches.push(m);
      if (s.byOp[outcome.op] <= perOp) {
        log(`MISMATCH ${family} case-seed ${caseSeed} op ${outcome.op}`);
        log(m.report);
        log(`  rerun: ${m.rerun}`);
      } else if (s.byOp[outcome.op] === perOp + 1) {
        log(`(further ${family} mismatches of ${outcome.op} are counted, not printed)`);
      }
    }
    s.ms = performance.now() - start;
    stats.push(s);
    const ops = Object.entries(s.byOp).map(([op, n]) => `${op} ${n}`).join(", ");
    log(
      `${family.padEnd(12)} ${String(s.cases).padStart(7)} cases  ${String(s.mismatches).padStart(5)} mismatches` +
        `  ${String(s.invalidThrown).padStart(6)} invalid cases threw as expected  ${(s.ms / 1000).toFixed(2).padStart(7)} s${ops ? `  (${ops})` : ""}`,
    );
    for (const [kind, { count, firstCaseSeed }] of Object.entries(s.kinds)) log(`  ${String(count).padStart(6)} × ${kind}  (first: case seed ${firstCaseSeed})`);
  }
  const tensorsAfter = st.memory().tensors;
  log(`st.memory().tensors: ${tensorsBefore} before, ${tensorsAfter} after${tensorsAfter === tensorsBefore ? "" : "  LEAK"}`);
  const ok = tensorsAfter === tensorsBefore && stats.every((s) => s.mismatches === 0);
  return { families: stats, mismatches, tensorsBefore, tensorsAfter, ok };
}

/**
 * Puts the kernel build and the thread count of `options` in effect (with threads > 1,
 * every grain shrunk to 1); resolves to a function that restores what was there.
 */
export async function prepareEnvironment(options: Pick<FuzzOptions, "threads" | "build">): Promise<() => Promise<void>> {
  const build = st.backendInfo().build;
  const threads = st.getThreads();
  const grains = { ...tuning };
  if (options.build !== undefined) st.setBackend(options.build);
  if ((options.threads ?? 1) !== threads) await st.setThreads(options.threads ?? 1);
  if ((options.threads ?? 1) > 1) for (const k of Object.keys(tuning) as (keyof typeof tuning)[]) tuning[k] = 1;
  return async () => {
    Object.assign(tuning, grains);
    if (st.getThreads() !== threads) await st.setThreads(threads);
    if (st.backendInfo().build !== build) st.setBackend(build);
  };
}

// ---------------------------------------------------------------------------------------
// The command line

const USAGE = `usage: npm run fuzz -- [--cases N] [--seed S] [--family NAME] [--case-seed X] [--threads N] [--build NAME]
  --cases N      cases per family (default 2000)
  --seed S       global seed (default 1)
  --family NAME  one of ${FAMILIES.join(", ")} (default: all)
  --case-seed X  rerun one case (with --family)
  --threads N    run on N threads with every op split (default 1)
  --build NAME   kernel build: simd, relaxed or scalar (default: the package's choice)`;

export function parseArgs(argv: readonly string[]): FuzzOptions {
  const options: FuzzOptions = {};
  const integer = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v.trim() === "" || !Number.isSafeInteger(n) || n < 0) throw new Error(`fuzz: ${name} needs a non-negative integer, got ${String(v)}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => value ?? argv[++i];
    switch (arg) {
      case "--cases":
        options.cases = integer(arg, next());
        break;
      case "--seed":
        options.seed = integer(arg, next());
        break;
      case "--case-seed":
        options.caseSeed = integer(arg, next());
        break;
      case "--threads":
        options.threads = integer(arg, next());
        if (options.threads < 1) throw new Error(`fuzz: --threads needs at least 1\n${USAGE}`);
        break;
      case "--build": {
        const b = next();
        if (!["simd", "relaxed", "scalar"].includes(b ?? "")) throw new Error(`fuzz: unknown build ${String(b)}\n${USAGE}`);
        options.build = b as st.BuildName;
        break;
      }
      case "--family": {
        const f = next();
        if (!(FAMILIES as readonly string[]).includes(f ?? "")) throw new Error(`fuzz: unknown family ${String(f)}\n${USAGE}`);
        options.family = f as FamilyName;
        break;
      }
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`fuzz: unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  if (options.caseSeed !== undefined && options.family === undefined) throw new Error(`fuzz: --case-seed needs --family\n${USAGE}`);
  return options;
}

async function main(): Promise<void> {
  let options: FuzzOptions;
  let restore: () => Promise<void>;
  try {
    options = parseArgs(process.argv.slice(2));
    restore = await prepareEnvironment(options);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const what = options.caseSeed !== undefined ? `case seed ${options.caseSeed}` : `${options.cases ?? 2000} cases per family, seed ${options.seed ?? 1}`;
  const split = st.getThreads() > 1 ? ", every op split" : "";
  console.log(`simd-tensor fuzz: ${options.family ?? "all families"}, ${what}; kernel build ${st.backendInfo().build}, ${st.getThreads()} thread(s)${split}`);
  const start = performance.now();
  let report: FuzzReport;
  try {
    report = runFuzz(options);
  } finally {
    await restore();
  }
  const total = report.families.reduce((n, s) => n + s.mismatches, 0);
  console.log(`${report.ok ? "ok" : "FAILED"}: ${total} mismatches in ${report.families.reduce((n, s) => n + s.cases, 0)} cases, ${((performance.now() - start) / 1000).toFixed(2)} s`);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
