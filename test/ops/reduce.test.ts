// Axis reductions on every kernel build, against a plain float64 JS reference written
// here (index arithmetic the long way, one list of values per output element).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { TestRng } from "../helpers/prng.js";

type DType = st.DType;
type Tensor = st.Tensor;
type ReduceName = "sum" | "prod" | "mean" | "max" | "min";
type ArgName = "argmax" | "argmin";
type OpName = ReduceName | ArgName;

const DTYPES: readonly DType[] = ["float32", "float64", "int32"];
const REDUCE_OPS: readonly ReduceName[] = ["sum", "prod", "mean", "max", "min"];
const ARG_OPS: readonly ArgName[] = ["argmax", "argmin"];
const ALL_OPS: readonly OpName[] = [...REDUCE_OPS, ...ARG_OPS];
/** Around every SIMD width and unroll (4 lanes, 16 per step, 4 rows), and past a 1024-element block. */
const SIZES = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 127, 129, 1000, 4099];

// ---------------------------------------------------------------------------------
// Values

/** A seeded stream of uniform [0, 1) values (TestRng: mulberry32). */
function rng(seed: number): () => number {
  const r = new TestRng(seed);
  return () => r.next();
}

/**
 * n values of the dtype. Products get factors near 1 (no overflow over 4099 terms);
 * otherwise half the floats are multiples of 1/8 so that max/min/argmax see ties.
 */
function draw(n: number, dtype: DType, op: OpName, seed: number): number[] {
  const next = rng(seed);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    if (dtype === "int32") v = op === "prod" ? [1, -1, 1, 3, 1, 2, -1][Math.floor(next() * 7)] : Math.floor(next() * 101) - 50;
    else if (op === "prod") v = 1 + (next() - 0.5) / 64;
    else v = next() < 0.5 ? Math.floor(next() * 64 - 32) / 8 : next() * 8 - 4;
    out[i] = dtype === "float32" ? Math.fround(v) : v;
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Views holding given logical (row-major) values

const VIEW_KINDS = ["contiguous", "offset", "transposed", "stepped", "reversed", "broadcast", "broadcastInner"] as const;
type ViewKind = (typeof VIEW_KINDS)[number];

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  for (let k = shape.length - 1, acc = 1; k >= 0; k--) {
    s[k] = acc;
    acc *= shape[k];
  }
  return s;
}

/** Calls fn(index, flat) for every index of shape in row-major order. */
function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const n = sizeOf(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(idx, flat);
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
}

/** Physical storage of `shape` where position idx·strides holds the logical value, the rest a filler. */
function physical(values: readonly number[], shape: readonly number[], physShape: readonly number[], place: (idx: number[]) => number[]): number[] {
  const phys = new Array<number>(sizeOf(physShape)).fill(999);
  const ps = rowMajor(physShape);
  forEachIndex(shape, (idx, flat) => {
    const p = place(idx);
    let j = 0;
    for (let k = 0; k < p.length; k++) j += p[k] * ps[k];
    phys[j] = values[flat];
  });
  return phys;
}

/** A view of `kind` and `shape` and the logical values it holds (drawn with `gen`). */
function makeView(kind: ViewKind, shape: readonly number[], dtype: DType, gen: (n: number) => number[]): { t: Tensor; values: number[] } {
  const rank = shape.length;
  if (kind === "broadcast" || kind === "broadcastInner") {
    // Every other axis stretched from 1 (stride 0): outer ones, or the inner ones.
    const parity = kind === "broadcast" ? 0 : 1;
    const small = shape.map((d, k) => (rank === 1 || k % 2 === parity ? 1 : d));
    const smallValues = gen(sizeOf(small));
    const base = st.tensor(smallValues, small, dtype);
    const t = st.broadcastTo(base, shape.slice());
    base.dispose();
    const values: number[] = [];
    const ss = rowMajor(small);
    forEachIndex(shape, (idx) => {
      let j = 0;
      for (let k = 0; k < rank; k++) j += (small[k] === 1 ? 0 : idx[k]) * ss[k];
      values.push(smallValues[j]);
    });
    return { t, values };
  }
  const values = gen(sizeOf(shape));
  let base: Tensor;
  let t: Tensor;
  switch (kind) {
    case "contiguous":
      return { t: st.tensor(values, shape.slice(), dtype), values };
    case "offset": {
      base = st.tensor([7, 7, 7, ...values], undefined, dtype);
      const tail = st.slice(base, [3], [values.length]);
      t = st.reshape(tail, shape.slice());
      tail.dispose();
      break;
    }
    case "transposed": {
      const physShape = shape.slice().reverse();
      base = st.tensor(physical(values, shape, physShape, (idx) => idx.slice().reverse()), physShape, dtype);
      t = st.transpose(base);
      break;
    }
    case "stepped": {
      // Every other element of every axis, starting at 1: numpy's x[1::2, 1::2, ...].
      const physShape = shape.map((d) => 2 * d + 1);
      base = st.tensor(physical(values, shape, physShape, (idx) => idx.map((i) => 2 * i + 1)), physShape, dtype);
      t = st.stridedSlice(base, shape.map(() => 1), shape.map(() => null), shape.map(() => 2));
      break;
    }
    case "reversed": {
      base = st.tensor(physical(values, shape, shape, (idx) => idx.map((i, k) => shape[k] - 1 - i)), shape.slice(), dtype);
      t = st.stridedSlice(base, shape.map(() => null), shape.map(() => null), shape.map(() => -1));
      break;
    }
  }
  base.dispose();
  return { t, values };
}

// ---------------------------------------------------------------------------------
// The reference

function normalize(axis: number | number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/** Groups the values by output element (the kept axes' index, row-major). */
function groups(values: readonly number[], shape: readonly number[], axes: readonly number[]): number[][] {
  const kept = shape.map((_, k) => k).filter((k) => !axes.includes(k));
  const keptShape = kept.map((k) => shape[k]);
  const ks = rowMajor(keptShape);
  const out: number[][] = Array.from({ length: sizeOf(keptShape) }, () => []);
  forEachIndex(shape, (idx, flat) => {
    let j = 0;
    for (let m = 0; m < kept.length; m++) j += idx[kept[m]] * ks[m];
    out[j].push(values[flat]);
  });
  return out;
}

function refOne(op: OpName, xs: readonly number[], dtype: DType): number {
  switch (op) {
    case "sum":
      return dtype === "int32" ? xs.reduce((a, b) => (a + b) | 0, 0) : xs.reduce((a, b) => a + b, 0);
    case "prod":
      return dtype === "int32" ? xs.reduce((a, b) => Math.imul(a, b), 1) : xs.reduce((a, b) => a * b, 1);
    case "mean":
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case "max":
      return xs.some(Number.isNaN) ? NaN : Math.max(...xs);
    case "min":
      return xs.some(Number.isNaN) ? NaN : Math.min(...xs);
    case "argmax":
    case "argmin": {
      const firstNaN = xs.findIndex(Number.isNaN);
      if (firstNaN >= 0) return firstNaN;
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (op === "argmax" ? xs[i] > xs[best] : xs[i] < xs[best]) best = i;
      return best;
    }
  }
}

/** Allowed |error| of one result: exact unless rounding is involved. */
function tolerance(op: OpName, xs: readonly number[], want: number, dtype: DType): number {
  const u = dtype === "float64" ? 2 ** -53 : 2 ** -24;
  const n = xs.length;
  const sumAbs = xs.reduce((a, b) => a + Math.abs(b), 0);
  if (dtype === "int32") return op === "mean" ? 2 * u * Math.abs(want) : 0;
  if (op === "sum") return u * (2 + Math.log2(n + 1)) * sumAbs;
  if (op === "mean") return (u * (2 + Math.log2(n + 1)) * sumAbs) / Math.max(n, 1);
  if (op === "prod") return u * (n + 2) * Math.abs(want);
  return 0;
}

function resultDType(op: OpName, dtype: DType): DType {
  if (op === "argmax" || op === "argmin") return "int32";
  if (op === "mean" && dtype === "int32") return "float32";
  return dtype;
}

/** Runs op through the public function and checks shape, dtype and every value. */
function check(op: OpName, x: { t: Tensor; values: number[] }, axis: number | number[] | undefined, keepdims: boolean, dtype: DType, label: string): void {
  const { t, values } = x;
  const shape = t.shape.slice();
  const isArg = op === "argmax" || op === "argmin";
  const got = isArg ? st[op](t, axis as number | undefined, keepdims) : st[op](t, axis, keepdims);
  const context = `${label} ${op} ${dtype} shape (${shape.join(", ")}) axis ${JSON.stringify(axis)} keepdims ${keepdims}`;
  try {
    const axes = normalize(axis, shape.length);
    const flatArg = isArg && axis === undefined;
    const wantShape = flatArg ? (keepdims ? shape.map(() => 1) : []) : shape.flatMap((d, k) => (axes.includes(k) ? (keepdims ? [1] : []) : [d]));
    expect(got.shape, context).toEqual(wantShape);
    expect(got.dtype, context).toBe(resultDType(op, dtype));
    const lists = flatArg ? [values] : groups(values, shape, axes);
    const data = got.data();
    const bad: string[] = [];
    for (let i = 0; i < lists.length && bad.length < 5; i++) {
      let want = refOne(op, lists[i], dtype);
      if (resultDType(op, dtype) === "float32") want = Math.fround(want);
      const g = data[i];
      if (Number.isNaN(want) ? !Number.isNaN(g) : !(Math.abs(g - want) <= tolerance(op, lists[i], want, dtype))) {
        bad.push(`[${i}] got ${g}, want ${want} (n=${lists[i].length})`);
      }
    }
    expect(bad, context).toEqual([]);
  } finally {
    got.dispose();
  }
}

// ---------------------------------------------------------------------------------

describe.each(st.backendInfo().available)("reductions on the %s build", (build) => {
  beforeAll(() => {
    st.setBackend(build);
  });
  afterAll(() => {
    st.setBackend(st.backendInfo().defaultBuild);
  });

  describe.each(ALL_OPS)("%s", (op) => {
    const isArg = op === "argmax" || op === "argmin";

    describe.each(DTYPES)("%s", (dtype) => {
      it.each(VIEW_KINDS)("sizes around the SIMD width and past a block, %s views", (kind) => {
        const before = st.memory().tensors;
        let seed = 1;
        for (const n of SIZES) {
          const gen = (k: number) => draw(k, dtype, op, seed++);
          const cases: [number[], (number | undefined)[]][] = [
            [[n], [undefined, 0, -1]],
            [[5, n], [1, 0]], // rows of n; 5 rows (4 + 1) streamed down axis 0
            [[n, 9], [0, 1]], // n rows streamed over 9 columns (2 vectors + 1)
          ];
          for (const [shape, axes] of cases) {
            const x = makeView(kind, shape, dtype, gen);
            try {
              for (const axis of axes) {
                const empty = sizeOf(shape) === 0 && (axis === undefined || shape[axis < 0 ? axis + shape.length : axis] === 0);
                if (empty && (op === "max" || op === "min" || isArg)) continue; // the error tests cover these
                check(op, x, axis, false, dtype, kind);
              }
            } finally {
              x.t.dispose();
            }
          }
        }
        expect(st.memory().tensors).toBe(before);
      });

      it.each(VIEW_KINDS)("every axis set, negative axes and keepdims, %s views", (kind) => {
        let seed = 1000;
        for (const shape of [[3, 4, 5], [2, 3, 1, 4, 6]]) {
          const rank = shape.length;
          const x = makeView(kind, shape, dtype, (k) => draw(k, dtype, op, seed++));
          try {
            const specs: (number | number[] | undefined)[] = [undefined];
            for (let a = 0; a < rank; a++) specs.push(a, a - rank);
            if (!isArg) {
              // Every subset (as positive axes, and once spelled with negative axes in reverse order).
              for (let mask = 0; mask < 1 << rank; mask++) {
                const subset = shape.map((_, k) => k).filter((k) => mask & (1 << k));
                specs.push(subset);
                if (subset.length > 1) specs.push(subset.map((k) => k - rank).reverse());
              }
            }
            for (const axis of specs) for (const keepdims of [false, true]) check(op, x, axis, keepdims, dtype, kind);
          } finally {
            x.t.dispose();
          }
        }
      });
    });

    it("takes the method form", () => {
      const t = st.tensor([[1, 5, 2], [7, 0, 3]]);
      const m = t[op](1);
      const f = isArg ? st[op](t, 1) : st[op](t, 1);
      expect(Array.from(m.data())).toEqual(Array.from(f.data()));
      const k = t[op](0, true);
      expect(k.shape).toEqual([1, 3]);
      for (const x of [t, m, f, k]) x.dispose();
    });
  });

  describe("NaN", () => {
    // prod is left out: a float32 product of these values overflows to ±inf, and inf·0 is
    // a NaN of its own that depends on the order of the products.
    const NAN_OPS = ALL_OPS.filter((op) => op !== "prod");
    for (const dtype of ["float32", "float64"] as const) {
      it(`max/min propagate it and argmax/argmin return the first one (${dtype})`, () => {
        for (const n of [1, 3, 4, 5, 16, 17, 33, 1000, 1025, 4099]) {
          for (const at of [0, Math.floor(n / 2), n - 1]) {
            const values = draw(n, dtype, "max", n + at);
            values[at] = NaN;
            if (n > 2 && at < n - 1) values[n - 1] = NaN; // a later NaN must not win
            for (const kind of ["contiguous", "stepped"] as const) {
              const x = makeView(kind, [n], dtype, () => values);
              for (const op of NAN_OPS) check(op, x, undefined, false, dtype, `NaN at ${at}`);
              x.t.dispose();
              // The same column down a matrix: the vertical loops.
              const col = makeView(kind, [n, 6], dtype, (k) => {
                const v = draw(k, dtype, "max", at);
                for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) v[i * 6 + (i % 6)] = NaN;
                return v;
              });
              for (const op of NAN_OPS) check(op, col, 0, false, dtype, `NaN column at ${at}`);
              col.t.dispose();
            }
          }
        }
      });
    }

    it("±Infinity is an ordinary extreme", () => {
      const t = st.tensor([1, -Infinity, Infinity, 2, Infinity]);
      expect(st.max(t).item()).toBe(Infinity);
      expect(st.min(t).item()).toBe(-Infinity);
      expect(st.argmax(t).item()).toBe(2);
      expect(st.argmin(t).item()).toBe(1);
      const all = st.full([37], -Infinity);
      expect(st.max(all).item()).toBe(-Infinity);
      expect(st.argmax(all).item()).toBe(0);
      for (const x of [t, all]) x.dispose();
    });
  });

  describe("dtypes", () => {
    it("int32 sum and prod wrap around (numpy would widen to int64)", () => {
      const big = st.tensor([2 ** 30, 2 ** 30, 2 ** 30, 2 ** 30, 5], undefined, "int32");
      expect(st.sum(big).item()).toBe(((2 ** 30 * 4) | 0) + 5);
      expect(st.sum(big).dtype).toBe("int32");
      const p = st.tensor([65536, 65536, 3], undefined, "int32");
      expect(st.prod(p).item()).toBe(0);
      big.dispose();
      p.dispose();
    });

    it("int32 mean is float32, computed without int32 overflow", () => {
      const t = st.tensor([2 ** 30, 2 ** 30, 2 ** 30, 2 ** 30], [2, 2], "int32");
      const m = st.mean(t, 0);
      expect(m.dtype).toBe("float32");
      expect(Array.from(m.data())).toEqual([2 ** 30, 2 ** 30]);
      t.dispose();
      m.dispose();
    });

    it("int32 extremes are found", () => {
      const t = st.tensor([-2147483648, 2147483647, 0], undefined, "int32");
      expect(st.max(t).item()).toBe(2147483647);
      expect(st.min(t).item()).toBe(-2147483648);
      expect(st.argmin(t).item()).toBe(0);
      t.dispose();
    });

    it("0-d tensors reduce to themselves", () => {
      const t = st.tensor(4.5);
      for (const op of REDUCE_OPS) {
        const r = st[op](t);
        expect(r.shape).toEqual([]);
        expect(r.item()).toBe(4.5);
        r.dispose();
        const k = st[op](t, undefined, true);
        expect(k.shape).toEqual([]);
        k.dispose();
      }
      expect(st.argmax(t).item()).toBe(0);
      expect(() => st.sum(t, 0)).toThrow(st.AxisError);
      t.dispose();
    });

    it("an empty axis list reduces nothing (numpy's axis=())", () => {
      const t = st.tensor([[1, -2], [3, 4]]);
      const r = st.max(t, []);
      expect(r.toArray()).toEqual([[1, -2], [3, 4]]);
      r.dispose();
      t.dispose();
    });
  });

  describe("empty reductions (numpy)", () => {
    it("sum is 0, prod 1, mean NaN, whatever the dtype", () => {
      for (const dtype of DTYPES) {
        const t = st.zeros([3, 0, 2], dtype);
        const s = st.sum(t, 1);
        expect(s.shape).toEqual([3, 2]);
        expect(Array.from(s.data())).toEqual([0, 0, 0, 0, 0, 0]);
        const p = st.prod(t, [1, 2], true);
        expect(p.shape).toEqual([3, 1, 1]);
        expect(Array.from(p.data())).toEqual([1, 1, 1]);
        const m = st.mean(t);
        expect(m.dtype).toBe(dtype === "int32" ? "float32" : dtype);
        expect(m.item()).toBeNaN();
        for (const x of [t, s, p, m]) x.dispose();
      }
    });

    it("an empty output with a non-empty reduction is just empty", () => {
      const t = st.zeros([0, 3]);
      for (const op of ALL_OPS) {
        const r = st[op](t, 1);
        expect(r.shape).toEqual([0]);
        r.dispose();
      }
      t.dispose();
    });

    it("max, min, argmax, argmin of nothing throw, naming the op, the axis and the shape", () => {
      const t = st.zeros([3, 0]);
      for (const op of ["max", "min", "argmax", "argmin"] as const) {
        expect(() => st[op](t, 1)).toThrow(st.ShapeError);
        expect(() => st[op](t, 1)).toThrow(new RegExp(`^${op}: .*axis 1 of shape \\(3, 0\\)`));
        expect(() => st[op](t, -1)).toThrow(/axis 1 of shape \(3, 0\)/);
        expect(() => st[op](t)).toThrow(new RegExp(`^${op}: .*shape \\(3, 0\\)`));
      }
      expect(() => st.max(t, [0, 1])).toThrow(/max: .*shape \(3, 0\)/);
      const square = st.zeros([0, 0]);
      expect(() => st.max(square, 0)).toThrow(/max: .*axis 0 of shape \(0, 0\)/); // numpy raises here too
      t.dispose();
      square.dispose();
    });
  });

  describe("errors", () => {
    const t = st.zeros([2, 3]);
    afterAll(() => t.dispose());

    it("an axis out of range names the axis and the rank", () => {
      for (const op of ALL_OPS) {
        expect(() => st[op](t, 2)).toThrow(st.AxisError);
        expect(() => st[op](t, 2)).toThrow(new RegExp(`^${op}: axis 2 .*rank 2`));
        expect(() => st[op](t, -3)).toThrow(/axis -3 .*rank 2/);
        expect(() => st[op](t, 0.5)).toThrow(st.AxisError);
      }
      expect(() => st.sum(t, [0, 2])).toThrow(/sum: axis 2 .*rank 2/);
    });

    it("a repeated axis is an AxisError", () => {
      expect(() => st.sum(t, [0, 0])).toThrow(st.AxisError);
      expect(() => st.mean(t, [1, -1])).toThrow(/mean: axis -1 repeats in axis \[1, -1\]/);
    });

    it("argmax/argmin take one axis", () => {
      expect(() => st.argmax(t, [0] as unknown as number)).toThrow(st.InvalidArgumentError);
      expect(() => st.argmin(t, [0, 1] as unknown as number)).toThrow(/argmin: axis must be a single number/);
    });

    it("bad argument types are InvalidArgumentErrors naming the op", () => {
      expect(() => st.sum(t, "0" as unknown as number)).toThrow(st.InvalidArgumentError);
      expect(() => st.max(t, ["0"] as unknown as number[])).toThrow(/max: axis must be/);
      expect(() => st.sum(t, 0, 1 as unknown as boolean)).toThrow(/sum: keepdims must be a boolean/);
      expect(() => st.sum([1, 2] as unknown as Tensor)).toThrow(/sum: argument must be a Tensor/);
    });

    it("a disposed tensor is refused", () => {
      const d = st.ones([2]);
      d.dispose();
      for (const op of ALL_OPS) expect(() => st[op](d)).toThrow(st.DisposedTensorError);
    });
  });

  describe("accuracy", () => {
    it("the float32 sum of 1.6e7 uniform [0, 1) values is within 2e-6 of the float64 sum", () => {
      const t = st.randomUniform([16_000_000], { seed: 1 });
      const values = t.data();
      let ref = 0;
      for (let i = 0; i < values.length; i++) ref += values[i];
      const s = st.sum(t);
      const rel = Math.abs(s.item() - ref) / ref;
      expect(rel).toBeLessThan(2e-6);
      // Down a leading axis: four rows in float32, then float64.
      const m = st.reshape(t, [16_000, 1000]);
      const cols = st.sum(m, 0).data();
      let worst = 0;
      for (let j = 0; j < 1000; j++) {
        let r = 0;
        for (let i = 0; i < 16_000; i++) r += values[i * 1000 + j];
        worst = Math.max(worst, Math.abs(cols[j] - r) / r);
      }
      expect(worst).toBeLessThan(2e-7);
      for (const x of [t, s, m]) x.dispose();
    });
  });
});
