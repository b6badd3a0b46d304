// Property-based tests (fast-check, fixed seed from helpers/fc.ts; FC_RUNS=<n> for a
// longer hunt) of slicing, joining and the element-wise ops across dtypes, against plain
// references written here and in helpers/reference.ts (never src/shape or src/backend):
//   - stridedSlice against Python's slice.indices() on random shapes and every layout,
//     the result a view over the same storage, nothing leaked;
//   - slice (tf.slice) against the same reference;
//   - concat / stack of mixed layouts and dtypes (promotion) against a reference;
//   - every binary op on broadcast pairs of float64/float64, int32/int32, int32/float32 and
//     float32/float64 operands, every unary op on float64 and int32: result dtype, and the
//     values computed in float64 then rounded to the result dtype.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as st from "../../src/index.js";
import type { DType } from "../../src/index.js";
import { fcParams } from "../helpers/fc.js";
import { LAYOUTS, makeTensor, type Layout, type Tensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import {
  broadcastShapeRef,
  expandRef,
  REFERENCE,
  expectRowMajor,
  expectSameValues,
  forEachIndex,
  rowMajorStrides,
  sizeOfShape,
  tupleString,
} from "../helpers/reference.js";

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

const F64_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2, -3, 5e-324, -1e-310, 1e300, -1e300] as const;
const F32_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2, -3, 1e-40, -1e-40, 3e38, -3e38].map(Math.fround);

/** A float64 with a full 52-bit mantissa in [lo, hi). */
function double(rng: TestRng, lo: number, hi: number): number {
  const u = rng.next() + rng.next() * 2 ** -32;
  return lo + (hi - lo) * u;
}

/**
 * n values exactly representable in dtype: floats mostly ordinary of both signs with IEEE
 * specials sprinkled in (when `specials`); int32 in [-1000, 1000] (mostly [-10, 10]), so
 * that no add/sub/mul/square overflows and pow stays meaningful.
 */
function valuesFor(dtype: DType, n: number, rng: TestRng, specials = true): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (dtype === "int32") {
      out[i] = r < 0.7 ? rng.int(-10, 10) : rng.int(-1000, 1000);
    } else if (dtype === "float64") {
      if (specials && r < 0.1) out[i] = F64_SPECIALS[rng.int(0, F64_SPECIALS.length - 1)];
      else if (r < 0.2) out[i] = rng.int(-6, 6);
      else if (r < 0.27) out[i] = double(rng, -800, 800);
      else out[i] = double(rng, -10, 10);
    } else {
      if (specials && r < 0.1) out[i] = F32_SPECIALS[rng.int(0, F32_SPECIALS.length - 1)];
      else if (r < 0.2) out[i] = rng.int(-6, 6);
      else out[i] = Math.fround(double(rng, -10, 10));
    }
  }
  return out;
}

const DTYPES: readonly DType[] = ["float32", "float64", "int32"];

/** numpy's promotion of two tensor dtypes (the rules, restated independently). */
function promote(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

function showShape(shape: readonly number[]): string {
  return tupleString(shape);
}

// ---------------------------------------------------------------------------------------
// Comparison with tolerances
// ---------------------------------------------------------------------------------------

/** The spacing of float32 values at |x| (subnormal spacing below the normal range). */
function ulp32(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

type Tolerance = "exact" | "zeroSignFree" | "approx";

/**
 * exact: Object.is (NaN equals NaN, -0 differs from +0); zeroSignFree: either zero;
 * approx: non-finite expected values exactly, finite ones within 4 ulp (float32) or 1e-13
 * relative (float64, with a floor of 4 subnormal steps).
 */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], dtype: DType, tol: Tolerance, context: string): void {
  if (tol !== "approx") {
    expectSameValues(actual, expected, context, tol === "zeroSignFree");
    return;
  }
  expect(actual.length, `${context}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    let ok: boolean;
    if (Number.isNaN(e)) ok = Number.isNaN(a);
    else if (!Number.isFinite(e)) ok = a === e;
    else if (dtype === "float32") ok = Math.abs(a - e) <= 4 * ulp32(e);
    else ok = Math.abs(a - e) <= Math.max(1e-13 * Math.abs(e), 4 * Number.MIN_VALUE);
    if (!ok) expect.fail(`${context}: first mismatch at index ${i}: got ${a}, expected ${e}`);
  }
}

// ---------------------------------------------------------------------------------------
// Slicing
// ---------------------------------------------------------------------------------------

/** Python's slice(start, stop, step).indices(n), written out as in CPython. */
function sliceIndices(start: number | null, stop: number | null, step: number | null, n: number): [number, number, number] {
  const s = step ?? 1;
  const lower = s < 0 ? -1 : 0;
  const upper = s < 0 ? n - 1 : n;
  const adjust = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) {
      v += n;
      if (v < lower) v = lower;
    } else if (v > upper) {
      v = upper;
    }
    return v;
  };
  return [adjust(start, s < 0 ? upper : lower), adjust(stop, s < 0 ? lower : upper), s];
}

/** The source indices range(start, stop, step) visits. */
function rangeList(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** Row-major values of `values` (of `shape`) at the cartesian product of per-axis index lists. */
function gatherRef(values: readonly number[], shape: readonly number[], picks: readonly number[][]): { shape: number[]; values: number[] } {
  const outShape = picks.map((p) => p.length);
  const strides = rowMajorStrides(shape);
  const out: number[] = [];
  forEachIndex(outShape, (idx) => {
    let src = 0;
    for (let k = 0; k < idx.length; k++) src += picks[k][idx[k]] * strides[k];
    out.push(values[src]);
  });
  return { shape: outShape, values: out };
}

function stridedSliceRef(
  values: readonly number[],
  shape: readonly number[],
  begin: readonly (number | null)[],
  end: readonly (number | null)[],
  step: readonly (number | null)[],
): { shape: number[]; values: number[] } {
  const picks = shape.map((n, k) => rangeList(...sliceIndices(begin[k] ?? null, end[k] ?? null, step[k] ?? null, n)));
  return gatherRef(values, shape, picks);
}

const axisSize = fc.integer({ min: 0, max: 6 });
const shapeArb = (minRank: number, maxRank: number): fc.Arbitrary<number[]> => fc.array(axisSize, { minLength: minRank, maxLength: maxRank });
const seedArb = fc.integer({ min: 0, max: 2 ** 30 });

/** Creates a tensor, runs fn on it, and checks the view/sharing/leak contract around it. */
function checkView(
  dtype: DType,
  layout: Layout,
  values: readonly number[],
  shape: readonly number[],
  op: (t: Tensor) => Tensor,
  ref: { shape: number[]; values: number[] },
  ctx: string,
): void {
  const before = st.memory();
  const t = makeTensor(st, values, shape, layout, dtype);
  const out = op(t);
  expect(out.shape, ctx).toEqual(ref.shape);
  expect(out.dtype, ctx).toBe(dtype);
  expect(out.storage, `${ctx}: the result is a view`).toBe(t.storage);
  expectSameValues(out.data(), ref.values, ctx);
  // The view keeps the storage alive on its own.
  t.dispose();
  expectSameValues(out.data(), ref.values, `${ctx} (after disposing the source)`);
  out.dispose();
  const after = st.memory();
  expect(after.tensors, `${ctx}: leaked tensors`).toBe(before.tensors);
  expect(after.storages, `${ctx}: leaked storages`).toBe(before.storages);
}

describe("property: stridedSlice is numpy basic slicing", () => {
  const bound = fc.oneof(fc.constant(null), fc.integer({ min: -9, max: 9 }));
  const stepArb = fc.oneof(fc.constant(null), fc.integer({ min: -4, max: 4 }).filter((s) => s !== 0));
  const arb = shapeArb(1, 5).chain((shape) => {
    const r = shape.length;
    const list = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
      // Missing trailing entries take the defaults, like null.
      fc.array(a, { minLength: r, maxLength: r }).chain((xs) => fc.integer({ min: 0, max: r }).map((keep) => xs.slice(0, keep)));
    return fc.record({
      shape: fc.constant(shape),
      begin: list(bound),
      end: list(bound),
      step: list(stepArb),
      dtype: fc.constantFrom(...DTYPES),
      seed: seedArb,
    });
  });

  it("matches slice.indices() on every layout; the result is a view; nothing leaks", () => {
    fc.assert(
      fc.property(arb, ({ shape, begin, end, step, dtype, seed }) => {
        const values = valuesFor(dtype, sizeOfShape(shape), new TestRng(seed));
        const ref = stridedSliceRef(values, shape, begin, end, step);
        for (const layout of LAYOUTS) {
          const ctx = `stridedSlice ${showShape(shape)} ${dtype} ${layout} begin=${JSON.stringify(begin)} end=${JSON.stringify(end)} step=${JSON.stringify(step)}`;
          checkView(dtype, layout, values, shape, (t) => st.stridedSlice(t, begin, end, step), ref, ctx);
        }
      }),
      fcParams(120),
    );
  });

  it("slicing a slice composes like numpy", () => {
    const arb2 = arb.chain((a) =>
      fc.record({
        a: fc.constant(a),
        begin2: fc.array(bound, { minLength: a.shape.length, maxLength: a.shape.length }),
        end2: fc.array(bound, { minLength: a.shape.length, maxLength: a.shape.length }),
        step2: fc.array(stepArb, { minLength: a.shape.length, maxLength: a.shape.length }),
        layout: fc.constantFrom(...LAYOUTS),
      }),
    );
    fc.assert(
      fc.property(arb2, ({ a: { shape, begin, end, step, dtype, seed }, begin2, end2, step2, layout }) => {
        const values = valuesFor(dtype, sizeOfShape(shape), new TestRng(seed));
        const first = stridedSliceRef(values, shape, begin, end, step);
        const ref = stridedSliceRef(first.values, first.shape, begin2, end2, step2);
        const ctx = `stridedSlice twice ${showShape(shape)} ${layout} ${JSON.stringify([begin, end, step])} then ${JSON.stringify([begin2, end2, step2])}`;
        checkView(dtype, layout, values, shape, (t) => {
          const v = st.stridedSlice(t, begin, end, step);
          try {
            return st.stridedSlice(v, begin2, end2, step2);
          } finally {
            v.dispose();
          }
        }, ref, ctx);
      }),
      fcParams(80),
    );
  });
});

describe("property: slice (tf.slice)", () => {
  const arb = shapeArb(1, 5).chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      // Per axis: begin in [-n, n] and size in [0, n - start] or -1 (to the end).
      axes: fc.tuple(
        ...shape.map((n) =>
          fc.integer({ min: -n, max: n }).chain((b) => {
            const start = b < 0 ? b + n : b;
            return fc.tuple(fc.constant(b), fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: n - start })));
          }),
        ),
      ),
      keepBegin: fc.integer({ min: 0, max: shape.length }),
      keepSize: fc.integer({ min: 0, max: shape.length }),
      sizeGiven: fc.boolean(),
      dtype: fc.constantFrom(...DTYPES),
      seed: seedArb,
    }),
  );

  it("matches the slice.indices() reference on every layout; a view; nothing leaks", () => {
    fc.assert(
      fc.property(arb, ({ shape, axes, keepBegin, keepSize, sizeGiven, dtype, seed }) => {
        const begin = axes.map(([b]) => b).slice(0, keepBegin);
        const size = sizeGiven ? axes.map(([, s]) => s).slice(0, keepSize) : undefined;
        // As a Python slice: start normalised, stop = start + size (or the end).
        const starts = shape.map((n, k) => {
          const b = begin[k] ?? 0;
          return b < 0 ? b + n : b;
        });
        const stops = shape.map((n, k) => {
          const s = size?.[k];
          return s === undefined || s === -1 ? n : starts[k] + s;
        });
        const values = valuesFor(dtype, sizeOfShape(shape), new TestRng(seed));
        const ref = stridedSliceRef(values, shape, starts, stops, []);
        for (const layout of LAYOUTS) {
          const ctx = `slice ${showShape(shape)} ${dtype} ${layout} begin=${JSON.stringify(begin)} size=${JSON.stringify(size)}`;
          checkView(dtype, layout, values, shape, (t) => (size === undefined ? st.slice(t, begin) : st.slice(t, begin, size)), ref, ctx);
        }
      }),
      fcParams(120),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Joining
// ---------------------------------------------------------------------------------------

interface Part {
  shape: number[];
  dtype: DType;
  layout: Layout;
  values: number[];
}

const partMeta = fc.record({ dtype: fc.constantFrom(...DTYPES), layout: fc.constantFrom(...LAYOUTS), seed: seedArb });

function makeParts(shapes: number[][], metas: { dtype: DType; layout: Layout; seed: number }[]): Part[] {
  return shapes.map((shape, i) => ({
    shape,
    dtype: metas[i].dtype,
    layout: metas[i].layout,
    values: valuesFor(metas[i].dtype, sizeOfShape(shape), new TestRng(metas[i].seed)),
  }));
}

function runJoin(parts: Part[], join: (ts: Tensor[]) => Tensor, ref: { shape: number[]; values: number[] }, ctx: string): void {
  const before = st.memory();
  const ts = parts.map((p) => makeTensor(st, p.values, p.shape, p.layout, p.dtype));
  const out = join(ts);
  const dtype = parts.map((p) => p.dtype).reduce(promote);
  expect(out.shape, ctx).toEqual(ref.shape);
  expect(out.dtype, ctx).toBe(dtype);
  expectRowMajor(out, ctx);
  // Every input is exactly representable in the promoted dtype.
  expectSameValues(out.data(), ref.values, ctx);
  for (let i = 0; i < parts.length; i++) expectSameValues(ts[i].data(), parts[i].values, `${ctx}: input ${i} was modified`);
  for (const t of ts) t.dispose();
  out.dispose();
  expect(st.memory().tensors, `${ctx}: leaked tensors`).toBe(before.tensors);
  expect(st.memory().storages, `${ctx}: leaked storages`).toBe(before.storages);
}

describe("property: concat and stack", () => {
  it("concat of 1–4 tensors of mixed layouts and dtypes along a random axis", () => {
    const arb = fc
      .record({ base: shapeArb(1, 4), count: fc.integer({ min: 1, max: 4 }) })
      .chain(({ base, count }) =>
        fc.record({
          base: fc.constant(base),
          axis: fc.integer({ min: -base.length, max: base.length - 1 }),
          lengths: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: count, maxLength: count }),
          metas: fc.array(partMeta, { minLength: count, maxLength: count }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ base, axis, lengths, metas }) => {
        const ax = axis < 0 ? axis + base.length : axis;
        const shapes = lengths.map((len) => base.map((d, k) => (k === ax ? len : d)));
        const parts = makeParts(shapes, metas);
        // Reference: walk the output; the axis-ax index picks the input and its position.
        const outShape = base.slice();
        outShape[ax] = lengths.reduce((a, b) => a + b, 0);
        const values: number[] = [];
        forEachIndex(outShape, (idx) => {
          let j = idx[ax];
          let i = 0;
          while (j >= lengths[i]) j -= lengths[i++];
          const src = idx.slice();
          src[ax] = j;
          let flat = 0;
          for (let k = 0; k < src.length; k++) flat = flat * shapes[i][k] + src[k];
          values.push(parts[i].values[flat]);
        });
        const ctx = `concat axis=${axis} ${parts.map((p) => `${showShape(p.shape)} ${p.dtype} ${p.layout}`).join(", ")}`;
        runJoin(parts, (ts) => st.concat(ts, axis), { shape: outShape, values }, ctx);
      }),
      fcParams(150),
    );
  });

  it("stack of 1–4 same-shaped tensors of mixed layouts and dtypes along a random axis", () => {
    const arb = fc
      .record({ shape: shapeArb(0, 4), count: fc.integer({ min: 1, max: 4 }) })
      .chain(({ shape, count }) =>
        fc.record({
          shape: fc.constant(shape),
          axis: fc.integer({ min: -(shape.length + 1), max: shape.length }),
          metas: fc.array(partMeta, { minLength: count, maxLength: count }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ shape, axis, metas }) => {
        const ax = axis < 0 ? axis + shape.length + 1 : axis;
        const parts = makeParts(metas.map(() => shape.slice()), metas);
        const outShape = shape.slice();
        outShape.splice(ax, 0, parts.length);
        const values: number[] = [];
        forEachIndex(outShape, (idx) => {
          const src = idx.slice();
          const [i] = src.splice(ax, 1);
          let flat = 0;
          for (let k = 0; k < src.length; k++) flat = flat * shape[k] + src[k];
          values.push(parts[i].values[flat]);
        });
        const ctx = `stack axis=${axis} ${showShape(shape)} × ${parts.map((p) => `${p.dtype} ${p.layout}`).join(", ")}`;
        runJoin(parts, (ts) => st.stack(ts, axis), { shape: outShape, values }, ctx);
      }),
      fcParams(150),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Element-wise ops across dtypes
// ---------------------------------------------------------------------------------------

type BinaryOp = "add" | "sub" | "mul" | "div" | "maximum" | "minimum" | "pow";
const BINARY: readonly BinaryOp[] = ["add", "sub", "mul", "div", "maximum", "minimum", "pow"];

const cPow = REFERENCE.pow;

const BINARY_F64: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b),
  pow: cPow,
};

function binaryResultDType(op: BinaryOp, a: DType, b: DType): DType {
  const t = promote(a, b);
  return t === "int32" && (op === "div" || op === "pow") ? "float32" : t;
}

function round(dtype: DType, v: number): number {
  if (dtype === "float32") return Math.fround(v);
  if (dtype === "int32") {
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new Error(`reference: ${v} is not an int32 (the test drew values that overflow)`);
    return v | 0;
  }
  return v;
}

describe("property: binary ops across dtypes", () => {
  const dim = fc.constantFrom(0, 1, 1, 2, 3, 4);
  function operandShape(out: number[]): fc.Arbitrary<number[]> {
    return fc
      .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  }
  const DTYPE_PAIRS: readonly [DType, DType][] = [
    ["float64", "float64"],
    ["int32", "int32"],
    ["int32", "float32"],
    ["float32", "float64"],
  ];
  const arb = fc.array(dim, { minLength: 0, maxLength: 4 }).chain((out) =>
    fc.record({
      a: operandShape(out),
      b: operandShape(out),
      pair: fc.constantFrom(...DTYPE_PAIRS),
      swap: fc.boolean(),
      la: fc.constantFrom(...LAYOUTS),
      lb: fc.constantFrom(...LAYOUTS),
      seed: seedArb,
    }),
  );

  it.each(BINARY)("%s: result dtype and values (float64 reference rounded to the result dtype)", (op) => {
    const f = BINARY_F64[op];
    const tol: Tolerance = op === "pow" ? "approx" : op === "maximum" || op === "minimum" ? "zeroSignFree" : "exact";
    fc.assert(
      fc.property(arb, ({ a, b, pair, swap, la, lb, seed }) => {
        const [da, db] = swap ? [pair[1], pair[0]] : pair;
        const rng = new TestRng(seed);
        const av = valuesFor(da, sizeOfShape(a), rng);
        const bv = valuesFor(db, sizeOfShape(b), rng);
        const dtype = binaryResultDType(op, da, db);
        const shape = broadcastShapeRef(a, b);
        if (shape === null) throw new Error("generator produced incompatible shapes");
        const ea = expandRef(av, a, shape);
        const eb = expandRef(bv, b, shape);
        const want = ea.map((x, i) => round(dtype, f(x, eb[i])));
        const ctx = `${op} ${showShape(a)} ${da} ${la} ⊕ ${showShape(b)} ${db} ${lb}`;
        st.tidy(() => {
          const x = makeTensor(st, av, a, la, da);
          const y = makeTensor(st, bv, b, lb, db);
          const out = st[op](x, y);
          expect(out.shape, ctx).toEqual(shape);
          expect(out.dtype, ctx).toBe(dtype);
          expectRowMajor(out, ctx);
          expectClose(out.data(), want, dtype, tol, ctx);
          expectSameValues(x.data(), av, `${ctx}: first operand was modified`);
          expectSameValues(y.data(), bv, `${ctx}: second operand was modified`);
        });
      }),
      fcParams(100),
    );
  });
});

type UnaryOp = "relu" | "neg" | "abs" | "square" | "sqrt" | "exp" | "log" | "tanh" | "sigmoid";
const UNARY: readonly UnaryOp[] = ["relu", "neg", "abs", "square", "sqrt", "exp", "log", "tanh", "sigmoid"];
const FLOAT_RESULT_UNARY: ReadonlySet<UnaryOp> = new Set(["sqrt", "exp", "log", "tanh", "sigmoid"]);
const APPROX_UNARY: ReadonlySet<UnaryOp> = new Set(["exp", "log", "tanh", "sigmoid"]);

const UNARY_F64: Record<UnaryOp, (x: number) => number> = {
  relu: (x) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0),
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  square: (x) => x * x,
  sqrt: (x) => Math.sqrt(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  tanh: (x) => Math.tanh(x),
  // exp(x) / (1 + exp(x)) for x < 0: no overflow of exp(-x), so tiny results keep their value.
  sigmoid: (x) => (x < 0 ? Math.exp(x) / (1 + Math.exp(x)) : 1 / (1 + Math.exp(-x))),
};

describe("property: unary ops on float64 and int32", () => {
  const arb = fc.record({
    shape: fc.array(fc.constantFrom(0, 1, 2, 3, 5), { minLength: 0, maxLength: 4 }),
    dtype: fc.constantFrom<DType>("float64", "int32"),
    layout: fc.constantFrom(...LAYOUTS),
    seed: seedArb,
  });

  it.each(UNARY)("%s: result dtype and values (float64 reference rounded to the result dtype)", (op) => {
    const f = UNARY_F64[op];
    const tol: Tolerance = APPROX_UNARY.has(op) ? "approx" : op === "relu" ? "zeroSignFree" : "exact";
    fc.assert(
      fc.property(arb, ({ shape, dtype: inDType, layout, seed }) => {
        const xv = valuesFor(inDType, sizeOfShape(shape), new TestRng(seed));
        const dtype = inDType === "int32" && FLOAT_RESULT_UNARY.has(op) ? "float32" : inDType;
        // Negative inputs of sqrt/log give NaN, as JS Math does.
        const want = xv.map((x) => round(dtype, f(x)));
        const ctx = `${op} ${showShape(shape)} ${inDType} ${layout}`;
        st.tidy(() => {
          const x = makeTensor(st, xv, shape, layout, inDType);
          const out = st[op](x);
          expect(out.shape, ctx).toEqual(shape);
          expect(out.dtype, ctx).toBe(dtype);
          expectClose(out.data(), want, dtype, tol, ctx);
          expectSameValues(x.data(), xv, `${ctx}: operand was modified`);
        });
      }),
      fcParams(100),
    );
  });
});
