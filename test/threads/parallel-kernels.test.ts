// Every parallel kernel (src/threads) against the single-thread path: element-wise ops
// (contiguous ranges and N-D walks cut along their outer axis), copies, fills, matmul
// (batch entries, GEMM row blocks, matrix·vector rows, the dot's k range) and the
// reductions must give what one thread gives — bit for bit wherever every output element
// is still computed by one thread in the same order, and within rounding where partial
// results computed on different threads are combined.
//
//   1. Real thresholds (the default grains of src/threads/tuning.ts): per family, sizes
//      just below two grains (one thread), at, just above, odd (+1, +15, +17) and around
//      three grains; each op run with setThreads(1), then 2 and 3 threads, on inputs made
//      before the workers started. pool.run is spied on, so each case also checks how
//      many shares the op was cut into: the split must happen exactly where the grains say.
//   2. Grains shrunk to 1 and 3 threads: fast-check (fixed seed) over random shapes of rank
//      0–4 with size-1 and empty axes, broadcast pairs, transposed/sliced/offset/reversed/
//      broadcast views, batched matmul with broadcast batch axes and transposed operands,
//      reductions over random axis sets with keepdims. The reference is the same op under
//      withThreads(1) (one thread without stopping the workers, so each run costs no
//      restart).
//   3. Every kernel build on offer, switched with setBackend while the workers run.
//   4. Live tensors across setThreads: made on one thread and used by workers, made on
//      three and read after setThreads(1); the heap growing under running workers.
//
// In 1–3 the calling thread never steals a share a worker has not claimed yet
// (pool.stealing = false): on 2 cores with 3 threads a descheduled worker can lose its
// shares to the calling thread, and the workers' own kernel instances would go untested.
// Part 4 runs with stealing on, as users do (a stolen share is the same kernel calls).
import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import * as st from "../../src/index.js";
import type { Tensor, TensorLike, TypedArray } from "../../src/index.js";
import type { KernelDType as DType } from "../../src/dtype.js"; // the dtypes with kernels of their own
import { pool } from "../../src/threads/pool.js";
import { tuning } from "../../src/threads/tuning.js";
import { settlePending } from "../../src/engine/fusion.js";
import { describeEachBuild } from "../helpers/builds.js";
import { fcParams } from "../helpers/fc.js";
import { LAYOUTS, makeTensor, permuted, type Layout } from "../helpers/layouts.js";
import { SPECIALS, TestRng } from "../helpers/prng.js";
import {
  BINARY_OPS,
  UNARY_OPS,
  broadcastShapeRef,
  expectSameValues,
  sizeOfShape,
  tupleString,
  type BinaryName,
  type UnaryName,
} from "../helpers/reference.js";

const BUILDS = st.backendInfo().available;
/** The grains as shipped; every test that changes them puts these back. */
const DEFAULT_GRAINS = { ...tuning };
type GrainName = keyof typeof tuning;
const GRAIN_NAMES = Object.keys(tuning) as GrainName[];

const DTYPES: readonly DType[] = ["float32", "float64", "int32"];
const FLOATS = ["float32", "float64"] as const;

/**
 * Tolerances where per-thread partial results are combined (a reduced axis cut over
 * threads, the dot's k range): the parts are added in a fixed order, but not in the order
 * one thread adds, so only the rounding differs. Bounded relative to Σ|terms| of each
 * output element (the scale of a summation's rounding error): the float32 sums accumulate
 * in float64 and round once at the end, so two thread counts differ by about one float32
 * ulp (6e-8 relative); the float32 dot adds float32 block sums of 1024 terms in float64,
 * and moving the block boundaries changes those by a few ulps of a block. 1e-6 leaves
 * room for both, yet a lost or doubled element of typical size moves a sum of n ≤ 4e5
 * terms by about 1/n ≥ 2.5e-6 of Σ|terms|. float64 the same, at 1e-12.
 */
const REL: Record<DType, number> = { float32: 1e-6, float64: 1e-12, int32: 0 };

// ---------------------------------------------------------------------------------------
// How many shares an op was cut into: pool.run gets one list of kernel calls per thread.
// ---------------------------------------------------------------------------------------

const runSpy = vi.spyOn(pool, "run");
const STEALING = pool.stealing;

function sharesSinceClear(): number {
  let most = 1;
  for (const [shares] of runSpy.mock.calls) most = Math.max(most, shares.length);
  return most;
}

/**
 * The shares an op of `work` units makes on `threads` threads when each needs `grain`
 * units and the op can be cut into at most `maxParts` pieces: sharesFor's rule
 * (src/threads/split.ts), where fewer than 2 means one thread.
 */
function split(work: number, grain: number, maxParts = Infinity): (threads: number) => number {
  return (threads) => {
    const p = Math.min(threads, Math.floor(work / grain), Math.floor(maxParts));
    return p >= 2 ? p : 1;
  };
}

/** Sizes around the split threshold of a grain: one thread below 2·grain, two from it, three from 3·grain. */
function aroundThreshold(grain: number): number[] {
  return [2 * grain - 1, 2 * grain, 2 * grain + 1, 2 * grain + 15, 2 * grain + 17, 3 * grain - 1, 3 * grain, 3 * grain + 17];
}

afterAll(async () => {
  Object.assign(tuning, DEFAULT_GRAINS);
  pool.stealing = STEALING;
  runSpy.mockRestore();
  await st.setThreads(1);
});

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/**
 * n values of dtype:
 *   mixed  floats with IEEE specials (NaN, ±Infinity, ±0, subnormals, near-overflow) and
 *          small integers; int32 mostly small, some anywhere in range (products wrap)
 *   plain  finite floats in [-1, 3) with full mantissas; int32 in [-1000, 1000]
 *   prod   ±1 with a rare 2 or 0.5: every product is exact in any order (no rounding,
 *          no overflow at these sizes), so even split products must match bit for bit
 */
type ValueKind = "mixed" | "plain" | "prod";

function valuesOf(dtype: DType, n: number, seed: number, kind: ValueKind = "mixed"): TypedArray {
  const rng = new TestRng(seed);
  if (dtype === "int32") {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rng.next();
      if (kind === "prod") out[i] = r < 0.001 ? 2 : r < 0.5 ? 1 : -1;
      else if (kind === "plain" || r < 0.8) out[i] = rng.int(-1000, 1000);
      else out[i] = rng.int(-(2 ** 31), 2 ** 31 - 1);
    }
    return out;
  }
  const out = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (kind === "prod") out[i] = r < 0.0005 ? 2 : r < 0.001 ? 0.5 : r < 0.5 ? 1 : -1;
    else if (kind === "mixed" && r < 0.1) out[i] = SPECIALS[rng.int(0, SPECIALS.length - 1)];
    else if (kind === "mixed" && r < 0.15) out[i] = rng.int(-4, 4);
    else out[i] = -1 + 4 * (rng.next() + rng.next() * 2 ** -32); // float32 rounds on store
  }
  return out;
}

function tensorOf(dtype: DType, shape: readonly number[], seed: number, kind: ValueKind = "mixed"): Tensor {
  return st.tensor(valuesOf(dtype, sizeOfShape(shape), seed, kind), shape, dtype);
}

function viewOf(dtype: DType, shape: readonly number[], layout: Layout, seed: number, kind: ValueKind = "mixed"): Tensor {
  return makeTensor(st, valuesOf(dtype, sizeOfShape(shape), seed, kind), shape, layout, dtype);
}

// ---------------------------------------------------------------------------------------
// Running an op and comparing
// ---------------------------------------------------------------------------------------

interface Result {
  shape: number[];
  dtype: st.DType;
  values: TypedArray;
  /** The most shares one pool.run call of the op was given (1: never split). */
  shares: number;
}

/** Runs op (its temporaries disposed), reads its result, and counts its shares. */
function measure(op: () => Tensor): Result {
  return st.tidy(() => {
    runSpy.mockClear();
    const out = op();
    settlePending(); // a contiguous element-wise op waits for a possible relu (engine/fusion.ts)
    const shares = sharesSinceClear(); // before data(): reading a view may copy (a split of its own)
    return { shape: out.shape.slice(), dtype: out.dtype, values: out.data(), shares };
  });
}

/**
 * exact: Object.is per element (NaN matches NaN, -0 differs from +0).
 * zeroSignFree: the same but either zero matches: max/min of a column holding both zeros
 *   may return either, depending on which part met which zero first (numpy does not pin
 *   it down either; helpers/reference.ts ZERO_SIGN_FREE).
 * close: within REL[dtype] · scale (Σ|terms| per element, see REL); non-finite exactly.
 */
type Check = "exact" | "zeroSignFree" | "close";

function expectSame(got: Result, want: Result, check: Check, ctx: string, scale?: ArrayLike<number>): void {
  expect(got.shape, `${ctx}: shape`).toEqual(want.shape);
  expect(got.dtype, `${ctx}: dtype`).toBe(want.dtype);
  if (check !== "close") {
    expectSameValues(got.values, want.values, `${ctx} (against 1 thread)`, check === "zeroSignFree");
    return;
  }
  if (scale === undefined) throw new Error(`${ctx}: a close check needs a scale`);
  const rel = REL[got.dtype as DType];
  expect(got.values.length, `${ctx}: length`).toBe(want.values.length);
  for (let i = 0; i < want.values.length; i++) {
    const g = got.values[i], w = want.values[i];
    const ok = Number.isFinite(w) ? Math.abs(g - w) <= rel * scale[i] : Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w));
    if (!ok) {
      expect.fail(`${ctx}: element ${i}: got ${g}, 1 thread gave ${w}; |difference| ${Math.abs(g - w)} > ${rel} · Σ|terms| = ${rel * scale[i]}`);
    }
  }
}

/** Σ|x| over the reduced axes (the scale of a sum's rounding), or the mean of |x|; float64. */
function absReduction(op: "sum" | "mean", x: Tensor, axis?: number | number[], keepdims = false): () => ArrayLike<number> {
  return () => st.tidy(() => st[op](st.abs(st.astype(x, "float64")), axis, keepdims).data());
}

/** Σ|a_p·b_p| per output element of a matmul, float64. */
function absProducts(a: Tensor, b: Tensor): () => ArrayLike<number> {
  return () => st.tidy(() => st.matmul(st.abs(st.astype(a, "float64")), st.abs(st.astype(b, "float64"))).data());
}

// ---------------------------------------------------------------------------------------
// Part 1 machinery: a family of cases, each run on 1, 2 and 3 threads
// ---------------------------------------------------------------------------------------

interface Case {
  name: string;
  op: () => Tensor;
  check: Check;
  /** Σ|terms| per output element, for close checks (computed once, on one thread). */
  scale?: () => ArrayLike<number>;
  /** Shares expected on `threads` threads. */
  parts: (threads: number) => number;
}

/**
 * Builds the cases (inputs made with `hold` live for the whole comparison and are
 * disposed at the end), runs each on one thread, then on 2 and on 3, comparing every
 * result with the one-thread result and every share count with the expected one.
 */
async function acrossThreadCounts(build: (hold: <T extends Tensor>(t: T) => T) => Case[]): Promise<void> {
  const held: Tensor[] = [];
  const before = st.memory();
  try {
    expect(await st.setThreads(1)).toBe(1);
    const cases = build((t) => {
      held.push(t);
      return t;
    });
    const refs = cases.map((c) => {
      const want = measure(c.op);
      expect(want.shares, `${c.name}: one thread, one share`).toBe(1);
      return { want, scale: c.scale?.() };
    });
    for (const threads of [2, 3]) {
      expect(await st.setThreads(threads)).toBe(threads);
      cases.forEach((c, i) => {
        const ctx = `${c.name} on ${threads} threads`;
        const got = measure(c.op);
        expect(got.shares, `${ctx}: shares`).toBe(c.parts(threads));
        expectSame(got, refs[i].want, c.check, ctx, refs[i].scale);
      });
    }
  } finally {
    for (const t of held) t.dispose();
    await st.setThreads(1);
  }
  const after = st.memory();
  expect(after.tensors, "tensors leaked").toBe(before.tensors);
  expect(after.bytes, "bytes leaked").toBe(before.bytes);
}

const BINARY_FOR: Record<DType, readonly BinaryName[]> = {
  float32: BINARY_OPS,
  float64: BINARY_OPS,
  int32: ["add", "sub", "mul", "maximum", "minimum"],
};
const UNARY_FOR: Record<DType, readonly UnaryName[]> = { float32: UNARY_OPS, float64: UNARY_OPS, int32: ["neg", "abs"] };

// ---------------------------------------------------------------------------------------
// 4. Live tensors across setThreads (first: the heap is still small here)
// ---------------------------------------------------------------------------------------

describe("live tensors across setThreads", () => {
  afterAll(async () => {
    await st.setThreads(1);
  });

  it("tensors made on one thread feed split ops; results made on three survive setThreads(1)", async () => {
    expect(await st.setThreads(1)).toBe(1);
    const E = DEFAULT_GRAINS.elementwisePerThread;
    const n = 125 * Math.ceil((3 * E + 17) / 125); // past three grains; (125, n / 125) below
    const x = tensorOf("float32", [n], 1);
    const y = tensorOf("float32", [n], 2);
    const a = tensorOf("float64", [97, 123], 3, "plain");
    const b = tensorOf("float64", [123, 67], 4, "plain");
    const m = tensorOf("int32", [769, 515], 5);
    const xv = x.data(), yv = y.data(), av = a.data(), mv = m.data();
    const ops: [string, () => Tensor][] = [
      ["add", () => st.add(x, y)],
      ["relu of a transposed view", () => st.relu(st.transpose(st.reshape(x, [125, n / 125])))],
      ["matmul", () => st.matmul(a, b)],
      ["sum over axis 0", () => st.sum(m, 0)],
      ["transposed copy", () => st.transpose(m).contiguous()],
    ];
    const want = ops.map(([, op]) => measure(op));
    const memory = st.memory();

    expect(await st.setThreads(3)).toBe(3);
    expect(st.getThreads()).toBe(3);
    // Starting workers allocates no tensor memory and moves nothing.
    expect(st.memory()).toMatchObject({ tensors: memory.tensors, storages: memory.storages, bytes: memory.bytes });
    ops.forEach(([name, op], i) => {
      const got = measure(op);
      expect(got.shares, `${name} splits`).toBeGreaterThan(1);
      expectSame(got, want[i], "exact", `${name} on tensors made before setThreads(3)`);
    });
    // The inputs are untouched.
    expectSameValues(x.data(), xv, "x after split ops");
    expectSameValues(y.data(), yv, "y after split ops");
    expectSameValues(a.data(), av, "a after split ops");
    expectSameValues(m.data(), mv, "m after split ops");
    const made = st.tidy(() => ops.map(([, op]) => op())); // results of split ops, kept across the resize

    expect(await st.setThreads(1)).toBe(1);
    expect(st.getThreads()).toBe(1);
    made.forEach((t, i) => expectSameValues(t.data(), want[i].values, `${ops[i][0]}, made on 3 threads, read after setThreads(1)`));
    ops.forEach(([name, op], i) => {
      const got = measure(op);
      expect(got.shares).toBe(1);
      expectSame(got, want[i], "exact", `${name} after setThreads(1)`);
    });
    expectSameValues(x.data(), xv, "x after setThreads(1)");
    for (const t of [x, y, a, b, m, ...made]) t.dispose();
    expect(st.memory().tensors).toBe(memory.tensors - 5);
  });

  it("setThreads(0) takes every core; split ops stay right after the heap grows under the workers", async () => {
    const all = await st.setThreads(0);
    expect(all).toBe(Math.min(availableParallelism(), 32));
    expect(st.getThreads()).toBe(all);
    expect(await st.setThreads(3)).toBe(3);
    const heapBefore = st.memory().heapBytes;
    // One fill bigger than the whole heap: the memory grows after the workers started, and
    // the split fill writes pages they have never seen.
    const n = heapBefore / 4 + 1_000_000; // a multiple of 64
    const big = st.full([n], -0.5);
    expect(st.memory().heapBytes).toBeGreaterThan(heapBefore);
    const v = big.data();
    let bad = -1;
    for (let i = 0; i < n && bad < 0; i++) if (v[i] !== -0.5) bad = i;
    expect(bad, "first element the split fill missed").toBe(-1);
    const ramp = st.arange(n); // distinct values, past the old end of the heap
    const ops: [string, Check, () => Tensor][] = [
      ["mul", "exact", () => st.mul(big, ramp)],
      ["transposed copy", "exact", () => st.transpose(st.reshape(ramp, [64, n / 64])).contiguous()],
      ["sum over rows", "exact", () => st.sum(st.reshape(ramp, [n / 64, 64]), 1)],
      ["sum", "close", () => st.sum(ramp)],
    ];
    const scale = st.withThreads(1, absReduction("sum", ramp));
    for (const [name, check, op] of ops) {
      const want = st.withThreads(1, () => measure(op));
      const got = measure(op);
      expect(got.shares, `${name} splits`).toBe(3);
      expectSame(got, want, check, `${name} on the grown heap`, scale);
    }
    ramp.dispose();
    big.dispose();
    expect(await st.setThreads(1)).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------
// 1. Around the real thresholds
// ---------------------------------------------------------------------------------------

describe("around the real thresholds: 1 thread against 2 and 3", () => {
  beforeAll(() => {
    expect(tuning).toEqual(DEFAULT_GRAINS);
    pool.stealing = false; // every worker runs the shares it is given (see the header)
  });
  afterAll(() => {
    pool.stealing = STEALING;
  });

  describe("element-wise", () => {
    const E = DEFAULT_GRAINS.elementwisePerThread;
    const T = DEFAULT_GRAINS.transcendentalPerThread;

    it.each(DTYPES)("binary ops and JS numbers on contiguous operands, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        for (const n of aroundThreshold(E)) {
          const a = hold(tensorOf(dtype, [n], 10 + n));
          const b = hold(tensorOf(dtype, [n], 20 + n));
          for (const op of BINARY_FOR[dtype]) cases.push({ name: `${dtype} ${op} (${n},)`, op: () => st[op](a, b), check: "exact", parts: split(n, E) });
          const s = dtype === "int32" ? -7 : 2.5;
          cases.push({ name: `${dtype} sub(x, ${s}) (${n},)`, op: () => st.sub(a, s), check: "exact", parts: split(n, E) });
          cases.push({ name: `${dtype} maximum(${s}, x) (${n},)`, op: () => st.maximum(s, a), check: "exact", parts: split(n, E) });
        }
        // Misaligned (offset) views are contiguous too: their ranges start 12 bytes off the 16-byte grid.
        const n = 2 * E + 17;
        const a = hold(viewOf(dtype, [n], "offset", 30));
        const b = hold(viewOf(dtype, [n], "offset", 31));
        cases.push({ name: `${dtype} add of offset views`, op: () => st.add(a, b), check: "exact", parts: split(n, E) });
        cases.push({ name: `${dtype} mul(offset view, 3)`, op: () => st.mul(a, 3), check: "exact", parts: split(n, E) });
        return cases;
      });
    });

    it.each(DTYPES)("unary ops on contiguous operands, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        for (const n of aroundThreshold(E)) {
          const x = hold(tensorOf(dtype, [n], 40 + n));
          for (const op of UNARY_FOR[dtype]) cases.push({ name: `${dtype} ${op} (${n},)`, op: () => st[op](x), check: "exact", parts: split(n, E) });
        }
        return cases;
      });
    });

    it.each(FLOATS)("exp, log, tanh, sigmoid and pow split at their own (smaller) grain, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        for (const n of aroundThreshold(T)) {
          const x = hold(tensorOf(dtype, [n], 50 + n));
          const p = hold(tensorOf(dtype, [n], 60 + n, "plain"));
          for (const op of ["exp", "log", "tanh", "sigmoid"] as const) {
            cases.push({ name: `${dtype} ${op} (${n},)`, op: () => st[op](x), check: "exact", parts: split(n, T) });
          }
          cases.push({ name: `${dtype} pow(x, p) (${n},)`, op: () => st.pow(x, p), check: "exact", parts: split(n, T) });
          cases.push({ name: `${dtype} pow(p, 1.5) (${n},)`, op: () => st.pow(p, 1.5), check: "exact", parts: split(n, T) });
          // A cheap op of the same size is far below its own grain: one thread.
          cases.push({ name: `${dtype} add at a transcendental size (${n},)`, op: () => st.add(x, p), check: "exact", parts: () => 1 });
        }
        return cases;
      });
    });

    it("strided and broadcast operands: the N-D walk cut along its outer axis", async () => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        // Rows × columns around 2 and 3 grains; a transposed operand keeps both axes.
        const r2 = (2 * E) / 512, r3 = (3 * E) / 512;
        for (const [r, c] of [[r2, 511], [r2, 512], [r2 + 1, 513], [r3, 512], [r3 + 1, 515]]) {
          const n = r * c;
          const t = hold(viewOf("float32", [r, c], "transposed", 70 + r));
          const x = hold(tensorOf("float32", [r, c], 80 + r));
          const rev = hold(viewOf("float32", [r, c], "reversed", 90 + r));
          const gaps = hold(viewOf("float32", [r, c], "strided", 100 + r));
          const outer = split(n, E, r);
          cases.push(
            { name: `add(transposed, contiguous) ${tupleString([r, c])}`, op: () => st.add(t, x), check: "exact", parts: outer },
            { name: `maximum(contiguous, transposed) ${tupleString([r, c])}`, op: () => st.maximum(x, t), check: "exact", parts: outer },
            { name: `div(reversed, strided) ${tupleString([r, c])}`, op: () => st.div(rev, gaps), check: "exact", parts: outer },
            { name: `sqrt(transposed) ${tupleString([r, c])}`, op: () => st.sqrt(t), check: "exact", parts: outer },
            // A reversed view collapses to one axis of n (negative stride): cut anywhere.
            { name: `neg(reversed) ${tupleString([r, c])}`, op: () => st.neg(rev), check: "exact", parts: split(n, E) },
            // A JS number with a strided view: the number sits in a shared read-only slot.
            { name: `mul(transposed, 1.5) ${tupleString([r, c])}`, op: () => st.mul(t, 1.5), check: "exact", parts: outer },
            { name: `sub(2, strided) ${tupleString([r, c])}`, op: () => st.sub(2, gaps), check: "exact", parts: outer },
          );
          // Outer product of a column and a row: both operands stride 0 along one axis.
          const col = hold(tensorOf("float32", [r, 1], 110 + r));
          const row = hold(tensorOf("float32", [1, c], 120 + r));
          cases.push({ name: `mul(column, row) → ${tupleString([r, c])}`, op: () => st.mul(col, row), check: "exact", parts: outer });
          // A broadcastTo view as the only operand.
          const stretched = hold(st.broadcastTo(row, [r, c]));
          cases.push({ name: `abs(broadcastTo row) ${tupleString([r, c])}`, op: () => st.abs(stretched), check: "exact", parts: outer });
        }
        // Few outer rows cap the parts: 2 rows give 2 shares even on 3 threads.
        const m = 3 * E / 2 + 1;
        const two = hold(tensorOf("float32", [2, m], 130));
        const line = hold(tensorOf("float32", [m], 131));
        cases.push({ name: `add (2, ${m}) ⊕ (${m},)`, op: () => st.add(two, line), check: "exact", parts: split(2 * m, E, 2) });
        // 3-D broadcast (3, 1, c) ⊕ (5, 1) → (3, 5, c): no axis collapses, outer axis 3.
        const c3 = Math.ceil((2 * E) / 15) + 3;
        const p = hold(tensorOf("float32", [3, 1, c3], 132));
        const q = hold(tensorOf("float32", [5, 1], 133));
        cases.push({ name: `sub (3, 1, ${c3}) ⊕ (5, 1)`, op: () => st.sub(p, q), check: "exact", parts: split(15 * c3, E, 3) });
        // float64 and int32 through the same walk.
        for (const dtype of ["float64", "int32"] as const) {
          const t = hold(viewOf(dtype, [r2 + 1, 513], "transposed", 140));
          const x = hold(tensorOf(dtype, [r2 + 1, 513], 141));
          cases.push({ name: `${dtype} minimum(transposed, contiguous)`, op: () => st.minimum(t, x), check: "exact", parts: split((r2 + 1) * 513, E, r2 + 1) });
          cases.push({ name: `${dtype} neg(transposed)`, op: () => st.neg(t), check: "exact", parts: split((r2 + 1) * 513, E, r2 + 1) });
        }
        // A transcendental op on a transposed view, at its own grain.
        for (const [r, c] of [[127, 129], [128, 128], [129, 191]]) {
          const t = hold(viewOf("float32", [r, c], "transposed", 150 + r));
          cases.push({ name: `exp(transposed) ${tupleString([r, c])}`, op: () => st.exp(t), check: "exact", parts: split(r * c, T, r) });
        }
        return cases;
      });
    });
  });

  describe("copies and fills", () => {
    const E = DEFAULT_GRAINS.elementwisePerThread;
    const P = DEFAULT_GRAINS.transposePerThread;

    it.each(DTYPES)("clone, contiguous() of transposed / batched / reversed / strided / sliced views, concat, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        // Contiguous copies: byte ranges on 64-byte boundaries.
        for (const n of aroundThreshold(E)) {
          const x = hold(tensorOf(dtype, [n], 200 + n));
          cases.push({ name: `${dtype} clone (${n},)`, op: () => x.clone(), check: "exact", parts: split(n, E) });
        }
        const off = hold(viewOf(dtype, [2 * E + 17], "offset", 210));
        cases.push({ name: `${dtype} clone of an offset view`, op: () => off.clone(), check: "exact", parts: split(2 * E + 17, E) });
        // The blocked transpose, at its own grain: destination row blocks of 32 (so rows / 32 caps the parts).
        const t2 = (2 * P) / 512, t3 = (3 * P) / 512;
        for (const [r, c] of [[t2, 511], [t2, 512], [t2 + 1, 513], [t3, 512], [t3 + 1, 515], [64, (3 * P) / 64 + 1], [40, (2 * P) / 32], [4, P]]) {
          const t = hold(viewOf(dtype, [r, c], "transposed", 220 + r));
          cases.push({ name: `${dtype} contiguous() of transposed ${tupleString([r, c])}`, op: () => t.contiguous(), check: "exact", parts: split(r * c, P, r / 32) });
        }
        // Batched transposes: whole matrices per thread.
        const c2 = (2 * P) / 512;
        for (const [b, r, c] of [[2, 256, c2 - 1], [2, 256, c2], [3, 256, c2 + 1], [2, 300, Math.ceil((3 * P) / 600) + 1]]) {
          const n = b * r * c;
          const t = hold(permuted(st, valuesOf(dtype, n, 230 + c), [b, r, c], [0, 2, 1], dtype));
          cases.push({ name: `${dtype} contiguous() of batched transposed ${tupleString([b, r, c])}`, op: () => t.contiguous(), check: "exact", parts: split(n, P, b) });
        }
        // Strided copies (no transpose) at the element-wise grain.
        const r2 = (2 * E) / 512, r3 = (3 * E) / 512;
        for (const [r, c] of [[r2, 511], [r2 + 1, 513], [r3 + 1, 515]]) {
          const n = r * c;
          // Reversed: collapses to one axis of n; strided (gaps): two axes, cut by rows.
          const rev = hold(viewOf(dtype, [r, c], "reversed", 240 + r));
          const gaps = hold(viewOf(dtype, [r, c], "strided", 250 + r));
          cases.push({ name: `${dtype} contiguous() of reversed ${tupleString([r, c])}`, op: () => rev.contiguous(), check: "exact", parts: split(n, E) });
          cases.push({ name: `${dtype} contiguous() of strided ${tupleString([r, c])}`, op: () => gaps.contiguous(), check: "exact", parts: split(n, E, r) });
        }
        // Every other element of a 1-D tensor.
        for (const n of [2 * E - 1, 2 * E + 1, 3 * E + 17]) {
          const base = hold(tensorOf(dtype, [2 * n], 260 + n));
          const every2 = hold(st.stridedSlice(base, [0], [2 * n], [2]));
          cases.push({ name: `${dtype} contiguous() of x[::2] (${n},)`, op: () => every2.contiguous(), check: "exact", parts: split(n, E) });
        }
        // concat: each input is one copy into its part of the output (contiguous along axis 0, strided along axis 1).
        const p = hold(tensorOf(dtype, [r2, 512], 270));
        const q = hold(tensorOf(dtype, [r2 + 1, 512], 271));
        cases.push({ name: `${dtype} concat axis 0`, op: () => st.concat([p, q], 0), check: "exact", parts: split((r2 + 1) * 512, E) });
        const u = hold(tensorOf(dtype, [r3 + 1, 300], 272));
        const w = hold(tensorOf(dtype, [r3 + 1, 215], 273));
        cases.push({ name: `${dtype} concat axis 1`, op: () => st.concat([u, w], 1), check: "exact", parts: split((r3 + 1) * 300, E, r3 + 1) });
        cases.push({ name: `${dtype} stack axis 1`, op: () => st.stack([p, p], 1), check: "exact", parts: split(r2 * 512, E, r2) });
        return cases;
      });
    });

    it("zeros, ones and full of every dtype", async () => {
      await acrossThreadCounts(() => {
        const cases: Case[] = [];
        for (const dtype of DTYPES) {
          const values = dtype === "int32" ? [-7] : [1 / 3, -0, NaN];
          for (const n of aroundThreshold(E)) {
            cases.push({ name: `${dtype} zeros (${n},)`, op: () => st.zeros([n], dtype), check: "exact", parts: split(n, E) });
            cases.push({ name: `${dtype} ones (${n},)`, op: () => st.ones([n], dtype), check: "exact", parts: split(n, E) });
            for (const v of values) cases.push({ name: `${dtype} full (${n},) ${Object.is(v, -0) ? "-0" : v}`, op: () => st.full([n], v, dtype), check: "exact", parts: split(n, E) });
          }
          const shape = [3, 5, Math.floor(E / 5) + 1];
          cases.push({ name: `${dtype} full ${tupleString(shape)}`, op: () => st.full(shape, 2, dtype), check: "exact", parts: split(sizeOfShape(shape), E) });
        }
        return cases;
      });
    });
  });

  describe("matmul", () => {
    const G = DEFAULT_GRAINS.gemmPerThread;
    const V = DEFAULT_GRAINS.gemvPerThread;

    it.each(FLOATS)("GEMM row blocks (multiples of 4 rows), %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        // (m, n, k): m·n·k below, at and above 2 and 3 grains (the k's are for a 64k grain,
        // scaled to the real one); few rows cap the parts at ceil(m / 4).
        const K = G / 65536;
        const shapes: [number, number, number][] = ([
          [32, 32, 127], [32, 32, 128], [33, 32, 128], [35, 31, 131], [48, 32, 128], [49, 35, 123],
          [9, 300, 300], [5, 300, 400], [4, 400, 400],
        ] as [number, number, number][]).map(([m, n, k]) => [m, n, Math.round(k * K)]);
        for (const [m, n, k] of shapes) {
          const a = hold(tensorOf(dtype, [m, k], m * 7 + k, "plain"));
          const b = hold(tensorOf(dtype, [k, n], n * 7 + k, "plain"));
          const parts = split(m * n * k, G, Math.ceil(m / 4));
          const name = `${dtype} ${tupleString([m, k])} @ ${tupleString([k, n])}`;
          cases.push({ name, op: () => st.matmul(a, b), check: "exact", parts });
          if (m === 35 || m === 49) {
            const at = hold(viewOf(dtype, [m, k], "transposed", m * 11 + k, "plain"));
            const bt = hold(viewOf(dtype, [k, n], "transposed", n * 11 + k, "plain"));
            cases.push(
              { name: `${name}, A transposed`, op: () => st.matmul(at, b), check: "exact", parts },
              { name: `${name}, B transposed`, op: () => st.matmul(a, bt), check: "exact", parts },
              { name: `${name}, both transposed`, op: () => st.matmul(at, bt), check: "exact", parts },
            );
          }
        }
        if (dtype === "float64") {
          // int32 products run in float64.
          const k = 128 * K;
          const a = hold(tensorOf("int32", [33, k], 300, "plain"));
          const b = hold(tensorOf("int32", [k, 32], 301, "plain"));
          cases.push({ name: `int32 (33, ${k}) @ (${k}, 32)`, op: () => st.matmul(a, b), check: "exact", parts: split(33 * 32 * k, G, 9) });
        }
        // Batched: whole products per thread; broadcast batch axes.
        const k50 = 50 * K, k80 = 80 * K;
        const batched: [number[], number[], number][] = [
          [[5, 16, k50], [5, k50, 32], 5 * 16 * 32 * k50], // below
          [[5, 17, k50], [5, k50, 37], 5 * 17 * 37 * k50],
          [[7, 20, k80], [k80, 20], 7 * 20 * 20 * k80], // B shared by every entry (stride 0)
          [[3, 1, 20, k80], [1, 4, k80, 20], 12 * 20 * 20 * k80], // both broadcast
        ];
        for (const [as, bs, work] of batched) {
          const a = hold(tensorOf(dtype, as, as[0] * 13 + 1, "plain"));
          const b = hold(tensorOf(dtype, bs, bs[0] * 13 + 2, "plain"));
          const count = work / (as[as.length - 2] * bs[bs.length - 1] * as[as.length - 1]);
          cases.push({ name: `${dtype} ${tupleString(as)} @ ${tupleString(bs)}`, op: () => st.matmul(a, b), check: "exact", parts: split(work, G, count) });
        }
        const at = hold(permuted(st, valuesOf(dtype, 5 * 17 * k50, 310, "plain"), [5, 17, k50], [0, 2, 1], dtype));
        const bt = hold(permuted(st, valuesOf(dtype, 5 * k50 * 37, 311, "plain"), [5, k50, 37], [0, 2, 1], dtype));
        cases.push({ name: `${dtype} batched, both operands transposed`, op: () => st.matmul(at, bt), check: "exact", parts: split(5 * 17 * 37 * k50, G, 5) });
        return cases;
      });
    });

    it.each(FLOATS)("matrix·vector and vector·matrix row blocks, batched products, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        const r2 = (2 * V) / 512, r3 = (3 * V) / 512;
        for (const [m, k] of [[r2, 511], [r2, 512], [r2 + 1, 517], [r3, 512], [r3 + 1, 515]]) {
          const a = hold(tensorOf(dtype, [m, k], m + k, "plain"));
          const at = hold(viewOf(dtype, [m, k], "transposed", m + k + 1, "plain")); // columns contiguous: the axpy path
          const v = hold(tensorOf(dtype, [k], k + 2, "plain"));
          const col = hold(tensorOf(dtype, [k, 1], k + 3, "plain"));
          const base = hold(tensorOf(dtype, [2 * k], k + 4, "plain"));
          const every2 = hold(st.stridedSlice(base, [0], [2 * k], [2])); // a strided vector: the scalar path
          const b = hold(tensorOf(dtype, [k, m], m + k + 5, "plain"));
          const bt = hold(viewOf(dtype, [k, m], "transposed", m + k + 6, "plain"));
          const rows = split(m * k, V, m);
          const name = `${dtype} ${tupleString([m, k])}`;
          cases.push(
            { name: `${name} @ vector`, op: () => st.matmul(a, v), check: "exact", parts: rows },
            { name: `${name} @ column`, op: () => st.matmul(a, col), check: "exact", parts: rows },
            { name: `${name} transposed @ vector`, op: () => st.matmul(at, v), check: "exact", parts: rows },
            { name: `${name} @ strided vector`, op: () => st.matmul(a, every2), check: "exact", parts: rows },
            { name: `vector @ ${dtype} ${tupleString([k, m])}`, op: () => st.matmul(v, b), check: "exact", parts: rows },
            { name: `vector @ ${dtype} ${tupleString([k, m])} transposed`, op: () => st.matmul(v, bt), check: "exact", parts: rows },
          );
        }
        // Three rows: the split asks for 2 threads, but rows come in blocks of 4, so one share.
        const a3 = hold(tensorOf(dtype, [3, 100_000], 320, "plain"));
        const v3 = hold(tensorOf(dtype, [100_000], 321, "plain"));
        cases.push({ name: `${dtype} (3, 100000) @ vector`, op: () => st.matmul(a3, v3), check: "exact", parts: () => 1 });
        // Batched products of vectors: one entry per thread share.
        const bm = hold(tensorOf(dtype, [3, 240, 240], 322, "plain"));
        const bv = hold(tensorOf(dtype, [3, 240, 1], 323, "plain"));
        const shared = hold(tensorOf(dtype, [240], 324, "plain"));
        const rowsB = hold(tensorOf(dtype, [3, 1, 240], 325, "plain"));
        const dotsA = hold(tensorOf(dtype, [240, 1, 720], 326, "plain"));
        const dotsB = hold(tensorOf(dtype, [240, 720, 1], 327, "plain"));
        cases.push(
          { name: `${dtype} (3, 240, 240) @ (3, 240, 1)`, op: () => st.matmul(bm, bv), check: "exact", parts: split(172_800, V, 3) },
          { name: `${dtype} (3, 240, 240) @ (240,)`, op: () => st.matmul(bm, shared), check: "exact", parts: split(172_800, V, 3) },
          { name: `${dtype} (3, 1, 240) @ (3, 240, 240)`, op: () => st.matmul(rowsB, bm), check: "exact", parts: split(172_800, V, 3) },
          { name: `${dtype} 240 dots of 720`, op: () => st.matmul(dotsA, dotsB), check: "exact", parts: split(172_800, V, 240) },
        );
        return cases;
      });
    });

    it.each(FLOATS)("1-D dot: the k range cut, partial sums added in order, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        for (const k of aroundThreshold(V)) {
          const x = hold(tensorOf(dtype, [k], 400 + k, "plain"));
          const y = hold(tensorOf(dtype, [k], 500 + k, "plain"));
          cases.push({ name: `${dtype} dot (${k},)`, op: () => st.dot(x, y), check: "close", scale: absProducts(x, y), parts: split(k, V) });
        }
        const k = 2 * V + 17;
        const base = hold(tensorOf(dtype, [2 * k], 600, "plain"));
        const every2 = hold(st.stridedSlice(base, [0], [2 * k], [2]));
        const y = hold(tensorOf(dtype, [k], 601, "plain"));
        const row = hold(tensorOf(dtype, [1, k], 602, "plain"));
        const col = hold(tensorOf(dtype, [k, 1], 603, "plain"));
        cases.push(
          { name: `${dtype} dot of a strided vector (${k},)`, op: () => st.dot(every2, y), check: "close", scale: absProducts(every2, y), parts: split(k, V) },
          { name: `${dtype} (1, ${k}) @ (${k}, 1)`, op: () => st.matmul(row, col), check: "close", scale: absProducts(row, col), parts: split(k, V) },
        );
        return cases;
      });
    });
  });

  describe("reductions", () => {
    const R = DEFAULT_GRAINS.reducePerThread;
    /**
     * The int32 mean runs on a float64 copy made by the cast kernel, split like any
     * element-wise pass; a view is packed first, a split copy of its own (the views reduced
     * here are transposed: the blocked transpose, at its own grain).
     */
    const meanCopy = (dtype: DType, x: Tensor): ((threads: number) => number) => {
      if (dtype !== "int32") return () => 1;
      const cast = split(x.size, DEFAULT_GRAINS.elementwisePerThread);
      if (x.isContiguousLayout) return cast;
      const pack = split(x.size, DEFAULT_GRAINS.transposePerThread, x.shape[0] / 32);
      return (t) => Math.max(cast(t), pack(t));
    };

    it.each(DTYPES)("whole tensors, streamed rows and reduced outer axes: private accumulators combined in order, %s", async (dtype) => {
      const float = dtype !== "int32";
      // int32 sums wrap the same in any order; max/min are order-free; the prod data is exact.
      const sumCheck: Check = float ? "close" : "exact";
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        /** sum, max, min and mean of x; prod of `p` (x's shape and layout, "prod" values) when given. */
        const add = (name: string, x: Tensor, axis: number | number[] | undefined, parts: (t: number) => number, keepdims = false, p?: Tensor): void => {
          const label = `${dtype} ${name} ${tupleString(x.shape)} axis ${axis === undefined ? "all" : String(axis)}${keepdims ? " keepdims" : ""}`;
          const copy = meanCopy(dtype, x);
          cases.push(
            { name: `${label} sum`, op: () => st.sum(x, axis, keepdims), check: sumCheck, scale: absReduction("sum", x, axis, keepdims), parts },
            { name: `${label} max`, op: () => st.max(x, axis, keepdims), check: "zeroSignFree", parts },
            { name: `${label} min`, op: () => st.min(x, axis, keepdims), check: "zeroSignFree", parts },
            { name: `${label} mean`, op: () => st.mean(x, axis, keepdims), check: "close", scale: absReduction("mean", x, axis, keepdims), parts: (t) => Math.max(parts(t), copy(t)) },
          );
          if (p !== undefined) cases.push({ name: `${label} prod`, op: () => st.prod(p, axis, keepdims), check: "exact", parts });
        };
        for (const n of aroundThreshold(R)) {
          const x = hold(tensorOf(dtype, [n], 700 + n, "plain"));
          add("1-D", x, undefined, split(n, R));
          if (float) {
            const p = hold(tensorOf(dtype, [n], 800 + n, "prod"));
            cases.push({ name: `${dtype} prod (${n},)`, op: () => st.prod(p), check: "exact", parts: split(n, R) });
          }
        }
        // The first axis reduced (rows streamed, SIMD across the kept columns): once there
        // are 4 rows per thread, the rows are cut, however many columns.
        for (const rows of [R - 1, R, R + 9]) add("rows", hold(tensorOf(dtype, [rows, 2], 900 + rows, "plain")), 0, split(2 * rows, R));
        add("rows", hold(tensorOf(dtype, [R + 9, 3], 901, "plain")), 0, split(3 * (R + 9), R), true);
        for (const [r, c] of [[511, 513], [512, 512], [513, 515], [512, 768]]) {
          add("columns", hold(tensorOf(dtype, [r, c], 1200 + r, "plain")), 0, split(r * c, R), false, hold(tensorOf(dtype, [r, c], 1250 + r, "prod")));
        }
        add("columns", hold(tensorOf(dtype, [513, 515], 1300, "plain")), 0, split(513 * 515, R), true, hold(tensorOf(dtype, [513, 515], 1350, "prod")));
        // A middle axis streamed (the outer kept axis is not cut): at most one part per row.
        add("middle", hold(tensorOf(dtype, [64, 64, 65], 1301, "plain")), 1, split(64 * 64 * 65, R, 64), false, hold(tensorOf(dtype, [64, 64, 65], 1351, "prod")));
        // 8 and 11 rows: cut on 2 threads (4 rows each), the kept outer axis on 3 (fewer
        // than 12 rows); 12 rows: cut on both.
        for (const [rows, c] of [[8, 770], [11, 560], [12, 520]]) {
          const shape = [64, rows, c];
          add("middle", hold(tensorOf(dtype, shape, 1360 + rows, "plain")), 1, split(64 * rows * c, R), false, hold(tensorOf(dtype, shape, 1380 + rows, "prod")));
        }
        // A transposed view reduced along its long-stride axis: the general plan streams it as rows.
        const t = hold(viewOf(dtype, [512, 520], "transposed", 1302, "plain"));
        add("transposed", t, 1, split(512 * 520, R), true, hold(viewOf(dtype, [512, 520], "transposed", 1352, "prod")));
        // A whole matrix, and a reduced outer axis with a kept one inside (the general plan).
        add("2-D", hold(tensorOf(dtype, [512, 513], 902, "plain")), undefined, split(512 * 513, R));
        add("3-D", hold(tensorOf(dtype, [64, 65, 64], 903, "plain")), [0, 2], split(64 * 65 * 64, R, 64));
        if (float) {
          // NaN in the first or the last part still wins, whichever thread meets it.
          const n = 3 * R + 17;
          for (const at of [0, n - 1]) {
            const v = valuesOf(dtype, n, 1000 + at, "plain");
            v[at] = NaN;
            const x = hold(st.tensor(v, [n], dtype));
            for (const op of ["sum", "max", "min", "prod"] as const) {
              cases.push({ name: `${dtype} ${op} with NaN at ${at}`, op: () => st[op](x), check: "exact", parts: split(n, R) });
            }
          }
        }
        return cases;
      });
    });

    it.each(DTYPES)("kept outer axes: disjoint outputs per thread, bit-identical, %s", async (dtype) => {
      await acrossThreadCounts((hold) => {
        const cases: Case[] = [];
        const add = (name: string, x: Tensor, axis: number | number[], parts: (t: number) => number, keepdims = false): void => {
          const label = `${dtype} ${name} ${tupleString(x.shape)} axis ${String(axis)}${keepdims ? " keepdims" : ""}`;
          const copy = meanCopy(dtype, x);
          for (const op of ["sum", "max", "min", "prod", "mean"] as const) {
            cases.push({ name: `${label} ${op}`, op: () => st[op](x, axis, keepdims), check: "exact", parts: op === "mean" ? (t) => Math.max(parts(t), copy(t)) : parts });
          }
        };
        // The last axis reduced per row: rows cut (few rows: one or two per thread).
        for (const [r, c] of [[511, 513], [512, 512], [513, 515], [768, 512], [3, R + 1], [2, 3 * R / 2 + 1]]) {
          add("rows", hold(tensorOf(dtype, [r, c], 1100 + r, "plain")), -1, split(r * c, R, r));
        }
        // A middle axis of 7 rows streamed, fewer than 4 per thread on 2 threads: the kept
        // outer axis is cut (few outer rows cap the parts).
        for (const [r, c] of [[512, 73], [512, 74], [770, 73], [2, Math.ceil((3 * R) / 14)]]) {
          add("middle", hold(tensorOf(dtype, [r, 7, c], 1400 + r + c, "plain")), 1, split(r * 7 * c, R, r));
        }
        add("middle", hold(tensorOf(dtype, [770, 7, 73], 1401, "plain")), 1, split(770 * 7 * 73, R), true);
        // A transposed view reduced along its contiguous axis: the general plan keeps the kept axis outermost.
        const t = hold(viewOf(dtype, [512, 520], "transposed", 1302, "plain"));
        add("transposed", t, 0, split(512 * 520, R));
        add("transposed", t, 0, split(512 * 520, R), true);
        return cases;
      });
    });
  });
});

// ---------------------------------------------------------------------------------------
// 2. Grains shrunk to 1: random shapes, views and axes on 3 threads
// ---------------------------------------------------------------------------------------

const MAX_SIZE = 3000;
const dimArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 2, max: 9 }) },
  { weight: 3, arbitrary: fc.integer({ min: 10, max: 70 }) },
);
/** Rank 0–4 with size-1 and empty axes; halved until at most MAX_SIZE elements. */
const shapeArb = fc.array(dimArb, { maxLength: 4 }).map((shape) => {
  const s = shape.slice();
  while (sizeOfShape(s) > MAX_SIZE) {
    const i = s.indexOf(Math.max(...s));
    s[i] = Math.ceil(s[i] / 2);
  }
  return s;
});
const seedArb = fc.integer({ min: 0, max: 2 ** 30 });
const dtypeArb = fc.constantFrom(...DTYPES);
const VIEW_KINDS = [...LAYOUTS, "broadcast"] as const;
type ViewKind = (typeof VIEW_KINDS)[number];
const viewArb = fc.constantFrom(...VIEW_KINDS);

/** A tensor of `shape` laid out as `kind`; "broadcast" stretches a smaller one with broadcastTo (stride 0). */
function randomView(dtype: DType, shape: readonly number[], kind: ViewKind, rng: TestRng, values: ValueKind = "mixed"): Tensor {
  const seed = rng.int(0, 2 ** 30);
  if (kind !== "broadcast") return viewOf(dtype, shape, kind, seed, values);
  const small = shape.map((d) => (d !== 0 && rng.next() < 0.5 ? 1 : d)).slice(rng.int(0, shape.length));
  return st.broadcastTo(tensorOf(dtype, small, seed, values), shape);
}

/** An operand shape that broadcasts to `shape`: leading axes dropped, some axes 1. */
function broadcastSide(shape: readonly number[], rng: TestRng): number[] {
  return shape.slice(rng.int(0, shape.length)).map((d) => (rng.next() < 0.3 ? 1 : d));
}

/** Compares op on 3 threads with op under withThreads(1); returns the shares it made. */
function againstOneThread(op: () => Tensor, check: Check, ctx: string, scale?: () => ArrayLike<number>): number {
  let want: Result;
  try {
    want = st.withThreads(1, () => measure(op));
  } catch (error) {
    // max/min of nothing throw on one thread; then they must throw the same on three.
    if (!(error instanceof st.ShapeError)) throw error;
    expect(() => measure(op), ctx).toThrow(error.message);
    return 1;
  }
  const s = scale === undefined ? undefined : st.withThreads(1, scale);
  const got = measure(op);
  expectSame(got, want, check, ctx, s);
  return got.shares;
}

describe("grains shrunk to 1, 3 threads: random shapes, views, broadcasts and axes", () => {
  // How many runs of each property were split (the properties must exercise the split paths).
  const splits = { runs: 0, split: 0 };

  beforeAll(async () => {
    for (const key of GRAIN_NAMES) tuning[key] = 1;
    expect(await st.setThreads(3)).toBe(3);
    pool.stealing = false;
  });
  afterAll(async () => {
    Object.assign(tuning, DEFAULT_GRAINS);
    pool.stealing = STEALING;
    await st.setThreads(1);
  });

  function tally(shares: number): void {
    splits.runs++;
    if (shares > 1) splits.split++;
  }
  function expectMostlySplit(): void {
    expect(splits.split, `${splits.split} of ${splits.runs} runs split`).toBeGreaterThan(splits.runs / 2);
    splits.runs = splits.split = 0;
  }

  const ELEMENTWISE = [...BINARY_OPS, "pow", ...UNARY_OPS, "exp", "log", "tanh", "sigmoid"] as const;
  const UNARY_SET: ReadonlySet<string> = new Set([...UNARY_OPS, "exp", "log", "tanh", "sigmoid"]);

  it("element-wise ops on random broadcast pairs, views, dtypes and JS numbers", () => {
    fc.assert(
      fc.property(
        fc.record({
          shape: shapeArb,
          op: fc.constantFrom(...ELEMENTWISE),
          a: viewArb,
          b: viewArb,
          dtypeA: dtypeArb,
          dtypeB: dtypeArb,
          scalar: fc.constantFrom("none", "none", "none", "left", "right"),
          seed: seedArb,
        }),
        (c) => {
          st.tidy(() => {
            const rng = new TestRng(c.seed);
            let aShape = c.shape, bShape = broadcastSide(c.shape, rng);
            if (rng.next() < 0.5) [aShape, bShape] = [bShape, aShape];
            const a = randomView(c.dtypeA, aShape, c.a, rng);
            const b = randomView(c.dtypeB, bShape, c.b, rng);
            const s = c.dtypeA === "int32" && rng.next() < 0.7 ? rng.int(-5, 5) : [2.5, -0.75, 0.1, -0][rng.int(0, 3)];
            const binary = st[c.op as BinaryName | "pow"] as (x: TensorLike, y: TensorLike) => Tensor;
            const unary = st[c.op as UnaryName | "exp"] as (x: TensorLike) => Tensor;
            let op: () => Tensor, what: string;
            if (UNARY_SET.has(c.op)) [op, what] = [() => unary(a), `${c.op}(${c.a} ${c.dtypeA} ${tupleString(aShape)})`];
            else if (c.scalar === "left") [op, what] = [() => binary(s, a), `${c.op}(${s}, ${c.a} ${c.dtypeA} ${tupleString(aShape)})`];
            else if (c.scalar === "right") [op, what] = [() => binary(a, s), `${c.op}(${c.a} ${c.dtypeA} ${tupleString(aShape)}, ${s})`];
            else [op, what] = [() => binary(a, b), `${c.op}(${c.a} ${c.dtypeA} ${tupleString(aShape)}, ${c.b} ${c.dtypeB} ${tupleString(bShape)})`];
            const shares = againstOneThread(op, "exact", what);
            if (sizeOfShape(c.shape) >= 64) tally(shares);
          });
        },
      ),
      fcParams(300),
    );
    expectMostlySplit();
  });

  it("copies of random views (contiguous, clone, concat, stack, astype) and fills", () => {
    fc.assert(
      fc.property(
        fc.record({
          shape: shapeArb,
          dtype: dtypeArb,
          source: fc.constantFrom("layout", "permute", "slice", "broadcast"),
          layout: fc.constantFrom(...LAYOUTS),
          op: fc.constantFrom("contiguous", "clone", "concat", "stack", "astype", "full"),
          seed: seedArb,
        }),
        (c) => {
          st.tidy(() => {
            const rng = new TestRng(c.seed);
            const rank = c.shape.length;
            let v: Tensor, source: string;
            if (c.source === "layout") [v, source] = [viewOf(c.dtype, c.shape, c.layout, c.seed), c.layout];
            else if (c.source === "broadcast") [v, source] = [randomView(c.dtype, c.shape, "broadcast", rng), "broadcast"];
            else if (c.source === "permute") {
              const perm = c.shape.map((_, k) => k);
              for (let k = rank - 1; k > 0; k--) {
                const j = rng.int(0, k);
                [perm[k], perm[j]] = [perm[j], perm[k]];
              }
              [v, source] = [permuted(st, valuesOf(c.dtype, sizeOfShape(c.shape), c.seed), c.shape, perm, c.dtype), `transpose [${perm.join(", ")}]`];
            } else {
              // A strided slice with steps ±1..±3 whose result has exactly `shape`.
              const baseShape: number[] = [], begin: (number | null)[] = [], end: (number | null)[] = [], step: number[] = [];
              for (const d of c.shape) {
                const s = rng.int(1, 3) * (rng.next() < 0.5 && d > 0 ? -1 : 1);
                const extra = rng.int(0, 2), b0 = rng.int(0, extra);
                const size = d * Math.abs(s) + extra;
                baseShape.push(size);
                step.push(s);
                if (s > 0) {
                  begin.push(b0);
                  end.push(b0 + d * s);
                } else {
                  const first = size - 1 - b0;
                  begin.push(first);
                  end.push(first + d * s < 0 ? null : first + d * s);
                }
              }
              const base = tensorOf(c.dtype, baseShape, c.seed);
              v = st.stridedSlice(base, begin, end, step);
              expect(v.shape).toEqual(c.shape);
              source = `slice step [${step.join(", ")}] of ${tupleString(baseShape)}`;
            }
            const axis = rng.int(0, Math.max(rank - 1, 0));
            let op: () => Tensor;
            if (c.op === "contiguous") op = () => v.contiguous();
            else if (c.op === "clone") op = () => v.clone();
            else if (c.op === "astype") op = () => st.astype(v, c.dtype);
            else if (c.op === "full") op = () => st.full(c.shape, c.dtype === "int32" ? -3 : -0.25, c.dtype);
            else if (c.op === "stack") {
              const at = rng.int(0, rank);
              op = () => st.stack([v, v], at);
            } else if (rank === 0) op = () => v.contiguous();
            else {
              const otherShape = c.shape.slice();
              otherShape[axis] = rng.int(0, 9);
              const other = randomView(c.dtype, otherShape, "transposed", rng);
              const parts = rng.next() < 0.5 ? [v, other] : [other, v];
              op = () => st.concat(parts, axis);
            }
            const shares = againstOneThread(op, "exact", `${c.op} of ${source} ${c.dtype} ${tupleString(c.shape)} (axis ${axis})`);
            if (sizeOfShape(c.shape) >= 64) tally(shares);
          });
        },
      ),
      fcParams(250),
    );
    expectMostlySplit();
  });

  const MAT_DIM = fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 33);
  const MAT_LAYOUTS = ["contiguous", "swap", "transposed", "offset", "strided", "reversed"] as const;

  it("matmul: broadcast batch axes, transposed and strided operands, matrix·vector, dots", () => {
    fc.assert(
      fc.property(
        fc.record({
          batch: fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constant(0) }), { maxLength: 2 }),
          m: MAT_DIM,
          n: MAT_DIM,
          k: MAT_DIM,
          aVector: fc.boolean(),
          bVector: fc.boolean(),
          la: fc.constantFrom(...MAT_LAYOUTS),
          lb: fc.constantFrom(...MAT_LAYOUTS),
          dtype: dtypeArb,
          seed: seedArb,
        }),
        (c) => {
          st.tidy(() => {
            const rng = new TestRng(c.seed);
            const { aVector, bVector } = c; // a 1-D operand broadcasts over the other's batch axes
            const aBatch = broadcastSide(c.batch, rng), bBatch = broadcastSide(c.batch, rng);
            const aShape = aVector ? [c.k] : [...aBatch, c.m, c.k];
            const bShape = bVector ? [c.k] : [...bBatch, c.k, c.n];
            const make = (shape: number[], layout: (typeof MAT_LAYOUTS)[number]): Tensor => {
              const values = valuesOf(c.dtype, sizeOfShape(shape), rng.int(0, 2 ** 30), "plain");
              if (layout !== "swap" || shape.length < 2) return makeTensor(st, values, shape, layout === "swap" ? "transposed" : layout, c.dtype);
              const perm = shape.map((_, i) => i);
              [perm[shape.length - 2], perm[shape.length - 1]] = [perm[shape.length - 1], perm[shape.length - 2]];
              return permuted(st, values, shape, perm, c.dtype);
            };
            const a = make(aShape, c.la), b = make(bShape, c.lb);
            const count = sizeOfShape(broadcastShapeRef(aVector ? [] : aBatch, bVector ? [] : bBatch) ?? []);
            const m = aVector ? 1 : c.m, n = bVector ? 1 : c.n;
            // One product of m = n = 1 is a dot, its k range cut and the partial sums combined.
            const dot = m === 1 && n === 1 && count === 1 && c.dtype !== "int32";
            const shares = againstOneThread(
              () => st.matmul(a, b),
              dot ? "close" : "exact",
              `${c.dtype} ${c.la} ${tupleString(aShape)} @ ${c.lb} ${tupleString(bShape)}`,
              dot ? absProducts(a, b) : undefined,
            );
            if (count * m * n * c.k >= 64) tally(shares);
          });
        },
      ),
      fcParams(300),
    );
    expectMostlySplit();
  });

  it("reductions over random axis sets (negative, single, empty list, all) with keepdims", () => {
    fc.assert(
      fc.property(
        fc.record({
          shape: shapeArb,
          view: viewArb,
          dtype: dtypeArb,
          op: fc.constantFrom("sum", "prod", "max", "min", "mean"),
          axes: fc.oneof(fc.constant(null), fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 4 })),
          negative: fc.boolean(),
          single: fc.boolean(),
          keepdims: fc.boolean(),
          seed: seedArb,
        }),
        (c) => {
          st.tidy(() => {
            const rng = new TestRng(c.seed);
            const rank = c.shape.length;
            const kind: ValueKind = c.op === "prod" ? "prod" : c.seed % 3 === 0 ? "mixed" : "plain";
            const x = randomView(c.dtype, c.shape, c.view, rng, kind);
            const list = c.axes?.filter((a) => a < rank).map((a) => (c.negative ? a - rank : a));
            const axis = list === undefined ? undefined : c.single && list.length === 1 ? list[0] : list;
            const op = c.op;
            let check: Check;
            if (op === "max" || op === "min") check = "zeroSignFree";
            else if (op === "prod" || (op === "sum" && c.dtype === "int32")) check = "exact";
            else check = "close";
            const shares = againstOneThread(
              () => st[op](x, axis, c.keepdims),
              check,
              `${op} of ${c.view} ${c.dtype} ${tupleString(c.shape)} axis ${JSON.stringify(axis)}${c.keepdims ? " keepdims" : ""}`,
              check === "close" ? absReduction(op === "mean" ? "mean" : "sum", x, axis, c.keepdims) : undefined,
            );
            if (sizeOfShape(c.shape) >= 64) tally(shares);
          });
        },
      ),
      fcParams(300),
    );
    expectMostlySplit();
  });
});

// ---------------------------------------------------------------------------------------
// 3. Every kernel build, switched while the workers run
// ---------------------------------------------------------------------------------------

describe("every kernel build, switched with setBackend while the workers run", () => {
  const held: Tensor[] = [];
  const hold = <T extends Tensor>(t: T): T => {
    held.push(t);
    return t;
  };
  /** A compact subset: one op per parallel kernel, each split over 3 threads at a grain of 64. */
  let ops: { name: string; op: () => Tensor; check: Check; scale?: () => ArrayLike<number> }[] = [];

  beforeAll(async () => {
    for (const key of GRAIN_NAMES) tuning[key] = 64;
    // Workers start on the default build; the builds below reach them as the ops run.
    expect(await st.setThreads(3)).toBe(3);
    // The calling thread never runs a worker's share here, so each build runs in the workers.
    pool.stealing = false;
    const f32 = hold(tensorOf("float32", [4099], 1, "mixed"));
    const g32 = hold(tensorOf("float32", [4099], 2, "mixed"));
    const f64 = hold(tensorOf("float64", [3001], 3, "mixed"));
    const i32 = hold(tensorOf("int32", [3001], 4, "mixed"));
    const t32 = hold(viewOf("float32", [67, 45], "transposed", 5));
    const row = hold(tensorOf("float32", [45], 6));
    const rev = hold(viewOf("float64", [33, 40], "reversed", 7));
    const batchT = hold(permuted(st, valuesOf("float32", 3 * 40 * 36, 8), [3, 40, 36], [0, 2, 1], "float32"));
    const a = hold(tensorOf("float32", [37, 41], 9, "plain"));
    const b = hold(tensorOf("float32", [41, 29], 10, "plain"));
    const a64 = hold(viewOf("float64", [37, 41], "transposed", 11, "plain"));
    const b64 = hold(tensorOf("float64", [41, 29], 12, "plain"));
    const mat = hold(tensorOf("float32", [64, 1000], 13, "plain"));
    const vec = hold(tensorOf("float32", [1000], 14, "plain"));
    const matC = hold(tensorOf("float32", [1000, 64], 15, "plain"));
    const bat = hold(tensorOf("float32", [5, 9, 13], 16, "plain"));
    const sh = hold(tensorOf("float32", [13, 7], 17, "plain"));
    const long = hold(tensorOf("float32", [5000], 18, "plain"));
    const long2 = hold(tensorOf("float32", [5000], 19, "plain"));
    const grid = hold(tensorOf("float32", [200, 33], 20, "plain"));
    const cube = hold(tensorOf("float64", [12, 17, 19], 21, "plain"));
    const ints = hold(tensorOf("int32", [300, 20], 22, "mixed"));
    const slab = hold(tensorOf("float32", [40, 5, 33], 23, "plain"));
    ops = [
      { name: "f32 add", op: () => st.add(f32, g32), check: "exact" },
      { name: "f64 mul by a number", op: () => st.mul(f64, 0.3), check: "exact" },
      { name: "i32 maximum", op: () => st.maximum(i32, st.neg(i32)), check: "exact" },
      { name: "f32 transposed ⊕ row", op: () => st.add(t32, row), check: "exact" },
      { name: "f64 sqrt of a reversed view", op: () => st.sqrt(rev), check: "exact" },
      { name: "f32 exp", op: () => st.exp(f32), check: "exact" },
      { name: "f64 tanh", op: () => st.tanh(f64), check: "exact" },
      { name: "f32 sigmoid of a transposed view", op: () => st.sigmoid(t32), check: "exact" },
      { name: "f32 pow", op: () => st.pow(g32, 2.5), check: "exact" },
      { name: "f32 transposed copy", op: () => t32.contiguous(), check: "exact" },
      { name: "f32 batched transposed copy", op: () => batchT.contiguous(), check: "exact" },
      { name: "f64 reversed copy", op: () => rev.clone(), check: "exact" },
      { name: "f32 clone", op: () => f32.clone(), check: "exact" },
      { name: "f64 full", op: () => st.full([3001], 1 / 3, "float64"), check: "exact" },
      { name: "f32 GEMM", op: () => st.matmul(a, b), check: "exact" },
      { name: "f64 GEMM, A transposed", op: () => st.matmul(a64, b64), check: "exact" },
      { name: "f32 matrix·vector", op: () => st.matmul(mat, vec), check: "exact" },
      { name: "f32 vector·matrix", op: () => st.matmul(vec, matC), check: "exact" },
      { name: "f32 batched, B broadcast", op: () => st.matmul(bat, sh), check: "exact" },
      { name: "f32 dot", op: () => st.dot(long, long2), check: "close", scale: absProducts(long, long2) },
      { name: "f32 sum", op: () => st.sum(long), check: "close", scale: absReduction("sum", long) },
      { name: "f32 sum over rows (rows cut)", op: () => st.sum(grid, 0), check: "close", scale: absReduction("sum", grid, 0) },
      { name: "f32 sum over 5 middle rows (kept outer axis cut)", op: () => st.sum(slab, 1), check: "exact" },
      { name: "f32 max per row", op: () => st.max(grid, 1, true), check: "zeroSignFree" },
      { name: "f64 mean over axes 0, 2", op: () => st.mean(cube, [0, 2]), check: "close", scale: absReduction("mean", cube, [0, 2]) },
      { name: "i32 sum over rows", op: () => st.sum(ints, 0), check: "exact" },
      { name: "i32 min", op: () => st.min(ints), check: "exact" },
    ];
  });

  afterAll(async () => {
    for (const t of held) t.dispose();
    Object.assign(tuning, DEFAULT_GRAINS);
    pool.stealing = STEALING;
    st.setBackend(st.backendInfo().defaultBuild);
    await st.setThreads(1);
  });

  describeEachBuild(st, BUILDS, (build) => {
    it("the compact subset on 3 threads gives the 1-thread results", () => {
      expect(st.getThreads()).toBe(3);
      for (const { name, op, check, scale } of ops) {
        const want = st.withThreads(1, () => measure(op));
        const got = measure(op);
        expect(got.shares, `${build} ${name}: shares`).toBeGreaterThan(1);
        expectSame(got, want, check, `${build} ${name}`, scale && st.withThreads(1, scale));
      }
    });
  });

  it("switching builds op by op: each split op runs on the build active when it is called", () => {
    // One-thread results per build. Where two builds round differently (blocked float32
    // sums, SIMD vs scalar loops), a worker still running another build would show.
    const refs = new Map(BUILDS.map((b) => {
      st.setBackend(b);
      return [b, st.withThreads(1, () => ops.map(({ op }) => measure(op)))] as const;
    }));
    const [first, ...rest] = BUILDS;
    const differing = ops.filter((_, i) => rest.some((b) => {
      const x = refs.get(first)![i].values, y = refs.get(b)![i].values;
      return x.some((v, j) => !Object.is(v, y[j]));
    }));
    expect(differing.length, "ops whose results tell the builds apart").toBeGreaterThan(0);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ops.length; i++) {
        const build = BUILDS[(round + i) % BUILDS.length];
        st.setBackend(build);
        const { name, op, check, scale } = ops[i];
        const got = measure(op);
        expect(got.shares).toBeGreaterThan(1);
        expectSame(got, refs.get(build)![i], check, `${name} on ${build} (round ${round})`, scale && st.withThreads(1, scale));
      }
    }
    st.setBackend(st.backendInfo().defaultBuild);
  });
});
