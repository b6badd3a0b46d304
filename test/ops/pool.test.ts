// maxPool2d and avgPool2d (#16): forward and gradients against plain nested-loop
// references (TensorFlow's output sizes and padding split, written out again here), every
// padding, strides 1-3, sizes 1-3 and [2, 3], odd sizes, channel counts around the SIMD
// width, float32 and float64, a transposed view, ties and NaN; checkGradients and nested
// tapes; 1 and 2 threads giving the same bits; the argument errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { onThreads } from "../helpers/threads.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

type Kind = "max" | "avg";
type Size = number | [number, number];
interface Geometry { n: number; h: number; w: number; c: number; oh: number; ow: number; kh: number; kw: number; sh: number; sw: number; pt: number; pl: number }

const pairOf = (s: Size): [number, number] => (typeof s === "number" ? [s, s] : s);

/** TensorFlow's sizes: valid ceil((in - k + 1) / s); same ceil(in / s), pad_total = max((out - 1)·s + k - in, 0), half (rounded down) before. */
function geometry(shape: readonly number[], size: Size, strides: Size, padding: "valid" | "same"): Geometry {
  const [n, h, w, c] = shape;
  const [kh, kw] = pairOf(size), [sh, sw] = pairOf(strides);
  const along = (len: number, k: number, s: number): [number, number] => {
    if (padding === "valid") return [Math.max(0, Math.ceil((len - k + 1) / s)), 0];
    const out = Math.ceil(len / s);
    return [out, Math.floor(Math.max((out - 1) * s + k - len, 0) / 2)];
  };
  const [oh, pt] = along(h, kh, sh), [ow, pl] = along(w, kw, sw);
  return { n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl };
}

const at = (g: Geometry, b: number, y: number, x: number, ch: number) => ((b * g.h + y) * g.w + x) * g.c + ch;

/** Each window's valid cells in row-major order, as flat input indices. */
function windowCells(g: Geometry, b: number, oy: number, ox: number, ch: number): number[] {
  const cells: number[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const y = oy * g.sh - g.pt + i, x = ox * g.sw - g.pl + j;
      if (y >= 0 && y < g.h && x >= 0 && x < g.w) cells.push(at(g, b, y, x, ch));
    }
  }
  return cells;
}

/** The cell maxPool2d's gradient goes to: the first maximum, a NaN beating everything (the first NaN). */
function argmaxCell(xv: ArrayLike<number>, cells: number[]): number {
  let best = cells[0];
  for (const p of cells) {
    if (Number.isNaN(xv[best])) break;
    if (Number.isNaN(xv[p]) || xv[p] > xv[best]) best = p;
  }
  return best;
}

function forEachOutput(g: Geometry, fn: (o: number, cells: number[]) => void): void {
  let o = 0;
  for (let b = 0; b < g.n; b++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) for (let ch = 0; ch < g.c; ch++) fn(o++, windowCells(g, b, oy, ox, ch));
}

function poolRef(kind: Kind, xv: ArrayLike<number>, g: Geometry): number[] {
  const out: number[] = [];
  forEachOutput(g, (o, cells) => {
    out[o] = kind === "max" ? xv[argmaxCell(xv, cells)] : cells.reduce((s, p) => s + xv[p], 0) / cells.length;
  });
  return out;
}

function poolGradRef(kind: Kind, xv: ArrayLike<number>, dy: ArrayLike<number>, g: Geometry): number[] {
  const dx = new Array<number>(g.n * g.h * g.w * g.c).fill(0);
  forEachOutput(g, (o, cells) => {
    if (kind === "max") dx[argmaxCell(xv, cells)] += dy[o];
    else for (const p of cells) dx[p] += dy[o] / cells.length;
  });
  return dx;
}

const pool = (kind: Kind) => (kind === "max" ? st.maxPool2d : st.avgPool2d);

function expectValues(got: ArrayLike<number>, want: readonly number[], dtype: st.DType, what: string): void {
  expect(got.length, what).toBe(want.length);
  const rel = dtype === "float32" ? 2e-6 : 1e-13;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(got[i], `${what} [${i}]`).toBeNaN();
    else expect(Math.abs(got[i] - want[i]), `${what} [${i}]: got ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want[i])));
  }
}

/** x: the layout, its values (ties from a few levels, NaN sprinkled when asked). */
function input(rng: TestRng, shape: number[], dtype: st.DType, opts: { ties?: boolean; nan?: boolean; transposed?: boolean } = {}): { x: st.Tensor; values: number[] } {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => {
    if (opts.nan && rng.next() < 0.05) return NaN;
    const v = opts.ties ? rng.int(-2, 2) : rng.float32(-4, 4);
    return dtype === "float32" ? Math.fround(v) : v;
  });
  return { x: makeTensor(st, values, shape, opts.transposed ? "transposed" : "contiguous", dtype), values };
}

/** Forward and gradient (loss sum(pool(x)·dy), through a GradientTape) of one case against the references. */
function checkCase(kind: Kind, shape: number[], size: Size, strides: Size, padding: "valid" | "same", dtype: st.DType, rng: TestRng, opts: { ties?: boolean; nan?: boolean; transposed?: boolean } = {}): void {
  const what = `${kind}Pool2d ${dtype} [${shape}] size ${JSON.stringify(size)} strides ${JSON.stringify(strides)} ${padding}${opts.transposed ? " (transposed view)" : ""}`;
  st.tidy(() => {
    const { x, values } = input(rng, shape, dtype, opts);
    const g = geometry(shape, size, strides, padding);
    const y = pool(kind)(x, { size, strides, padding });
    expect(y.shape, what).toEqual([g.n, g.oh, g.ow, g.c]);
    expect(y.dtype).toBe(dtype);
    expectValues(y.data(), poolRef(kind, values, g), dtype, what);
    const dyValues = Array.from({ length: y.size }, () => rng.int(-8, 8) / 4);
    const dy = st.tensor(dyValues, y.shape, dtype);
    const v = st.variable(x);
    const tape = new st.GradientTape();
    const loss = tape.record(() => st.sum(st.mul(pool(kind)(v, { size, strides, padding }), dy)));
    const dx = tape.gradient(loss, v)!;
    expect(dx.shape).toEqual(shape);
    expectValues(dx.data(), poolGradRef(kind, values, dyValues, g), dtype, `${what} gradient`);
    v.dispose();
  });
}

const SIZES: Size[] = [1, 2, 3, [2, 3]];
const STRIDES = [1, 2, 3];
const CHANNELS = [1, 3, 4, 5, 8, 33];

describeEachBuild(st, st.backendInfo().available, () => {
  it.each(["max", "avg"] as const)("%s: every padding, stride and size, channels around the vector width, both float dtypes", (kind) => {
    const rng = new TestRng(kind === "max" ? 161 : 162);
    let i = 0;
    for (const padding of ["valid", "same"] as const) {
      for (const strides of STRIDES) {
        for (const size of SIZES) {
          for (const dtype of ["float32", "float64"] as const) {
            const c = CHANNELS[i % CHANNELS.length];
            const n = i % 3 === 0 ? 7 : 1;
            const shape = [n, rng.int(1, 9), rng.int(1, 9), c];
            checkCase(kind, shape, size, strides, padding, dtype, rng, { transposed: i % 5 === 0 });
            i++;
          }
        }
      }
    }
  });

  it.each(["max", "avg"] as const)("%s: every channel count, odd sizes, on a transposed view", (kind) => {
    const rng = new TestRng(kind === "max" ? 163 : 164);
    for (const c of CHANNELS) {
      for (const dtype of ["float32", "float64"] as const) {
        checkCase(kind, [2, 7, 9, c], 3, 2, "same", dtype, rng, { transposed: true });
        checkCase(kind, [7, 5, 3, c], [2, 3], [1, 2], "valid", dtype, rng);
      }
    }
  });

  it("max: ties go to the first maximum of each window, NaN wins (forward and gradient)", () => {
    const rng = new TestRng(165);
    for (const c of [1, 4, 5, 8, 33]) {
      for (const dtype of ["float32", "float64"] as const) {
        for (const [size, strides, padding] of [[2, 2, "valid"], [3, 1, "same"], [[2, 3], [2, 1], "same"]] as const) {
          checkCase("max", [3, 6, 7, c], size as Size, strides as Size, padding, dtype, rng, { ties: true });
          checkCase("max", [3, 6, 7, c], size as Size, strides as Size, padding, dtype, rng, { nan: true });
        }
      }
    }
  });
});

describe("details", () => {
  it("a small case by hand: TF's 'same' split puts the extra padding after", () => {
    st.tidy(() => {
      // 1 × 4 × 4 × 1, values 0..15: size 3, stride 2, same → out 2 × 2, pad_total 1: none before, 1 after.
      const x = st.arange(16).reshape([1, 4, 4, 1]);
      expect(st.maxPool2d(x, { size: 3, strides: 2, padding: "same" }).reshape([2, 2]).toArray()).toEqual([[10, 11], [14, 15]]);
      expect(st.avgPool2d(x, { size: 3, strides: 2, padding: "same" }).reshape([2, 2]).toArray()).toEqual([[5, 6.5], [11, 12.5]]);
      expect(x.maxPool2d({ size: 2 }).reshape([2, 2]).toArray()).toEqual([[5, 7], [13, 15]]);
      expect(x.avgPool2d({ size: [1, 4] }).reshape([4]).toArray()).toEqual([1.5, 5.5, 9.5, 13.5]);
    });
  });

  it("int32 max pooling is exact; avgPool2d takes floats only", () => {
    st.tidy(() => {
      const big = 2 ** 30 + 1;
      const x = st.tensor([big, big - 1, -big, 7], [1, 2, 2, 1], "int32");
      const y = st.maxPool2d(x, { size: 2 });
      expect(y.dtype).toBe("int32");
      expect(y.toArray()).toEqual([[[[big]]]]);
      expect(() => st.avgPool2d(x, { size: 2 })).toThrow(st.DTypeError);
      expect(() => st.avgPool2d(x, { size: 2 })).toThrow(/avgPool2d: x is int32/);
      expect(() => st.maxPool2d(st.zeros([1, 2, 2, 1], "bool"), { size: 2 })).toThrow(st.DTypeError);
    });
  });

  it("a window larger than the input under valid padding: an empty result, and zeros for the gradient", () => {
    st.tidy(() => {
      const x = st.variable(st.ones([2, 2, 5, 3]));
      const y = st.maxPool2d(x, { size: 3 });
      expect(y.shape).toEqual([2, 0, 1, 3]);
      for (const f of [st.maxPool2d, st.avgPool2d]) {
        const tape = new st.GradientTape();
        const loss = tape.record(() => st.sum(f(x, { size: [3, 2] })));
        expect(Array.from(tape.gradient(loss, x)!.data())).toEqual(new Array(60).fill(0));
      }
      x.dispose();
    });
  });

  it("bad arguments: clear errors naming the argument", () => {
    st.tidy(() => {
      const x = st.ones([1, 4, 4, 2]);
      expect(() => st.maxPool2d(st.ones([4, 4, 2]), { size: 2 })).toThrow(st.ShapeError);
      expect(() => st.maxPool2d(st.ones([4, 4, 2]), { size: 2 })).toThrow(/maxPool2d: x must be 4-D/);
      expect(() => st.avgPool2d(x, { size: 0 })).toThrow(/avgPool2d: size must be a positive integer/);
      expect(() => st.maxPool2d(x, { size: 1.5 })).toThrow(st.InvalidArgumentError);
      expect(() => st.maxPool2d(x, { size: [2] as unknown as number })).toThrow(/size must be/);
      expect(() => st.maxPool2d(x, { size: 2, strides: [1, -1] })).toThrow(/maxPool2d: strides must be a positive integer/);
      expect(() => st.maxPool2d(x, { size: 2, padding: "SAME" as "same" })).toThrow(/maxPool2d: padding must be "valid" or "same", got "SAME"/);
      expect(() => st.maxPool2d(x, undefined as unknown as st.Pool2dOptions)).toThrow(/maxPool2d: options must be an object/);
      expect(() => st.maxPool2d([1, 2] as unknown as st.Tensor, { size: 2 })).toThrow(/maxPool2d: x must be a Tensor/);
    });
  });
});

describe("gradients", () => {
  it("match central differences (checkGradients, distinct values: no ties)", () => {
    st.tidy(() => {
      const rng = new TestRng(166);
      const shape = [2, 5, 6, 3];
      const size = shape.reduce((a, b) => a * b, 1);
      // A shuffled ramp, 0.05 apart: no two cells of a window within a finite-difference step.
      const ramp = Array.from({ length: size }, (_, i) => i * 0.05);
      for (let i = size - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [ramp[i], ramp[j]] = [ramp[j], ramp[i]];
      }
      const x = st.tensor(ramp, shape, "float64");
      const w = st.randomUniform(shape, { seed: 7, dtype: "float64" });
      for (const kind of ["max", "avg"] as const) {
        for (const [sz, strides, padding] of [[2, 2, "same"], [3, 2, "same"], [[2, 3], 1, "valid"]] as const) {
          const f = (t: st.Tensor) => {
            const y = pool(kind)(t, { size: sz as Size, strides: strides as Size, padding });
            return st.sum(st.mul(y, st.slice(w, [0, 0, 0, 0], y.shape)));
          };
          const r = st.checkGradients(f, [x]);
          expect(r.ok, `${kind} ${JSON.stringify([sz, strides, padding])}: ${r.message}`).toBe(true);
        }
      }
    });
  });

  it("second order through nested tapes: grad of the gradient matches central differences", () => {
    st.tidy(() => {
      const x = st.tensor(Array.from({ length: 2 * 4 * 5 * 3 }, (_, i) => ((i * 37) % 120) * 0.05), [2, 4, 5, 3], "float64");
      for (const kind of ["max", "avg"] as const) {
        // sum(pool(x)²): its gradient reads pool(x) through dy, so the outer tape needs the backward op's own gradient.
        const f = (t: st.Tensor) => st.sum(st.square(pool(kind)(t, { size: 3, strides: 2, padding: "same" })));
        const r = st.checkGradients((t) => st.mul(st.grad(f)(t), st.add(t, 1)), [x]);
        expect(r.ok, `${kind}: ${r.message}`).toBe(true);
      }
    });
  });
});

describe("on two threads", () => {
  onThreads(2, { poolPerThread: 1 });

  it("forward, gradients and the pick give what one thread gives, bit for bit (row splits and image splits)", () => {
    const rng = new TestRng(167);
    st.tidy(() => {
      for (const [shape, size, strides, padding] of [
        [[1, 9, 7, 5], 2, 2, "valid"], // one image: split by output rows
        [[1, 9, 7, 33], 3, 3, "same"],
        [[3, 8, 6, 8], 3, 1, "same"], // overlapping windows: the gradients split by images
        [[1, 8, 6, 4], 3, 2, "same"], // overlapping, one image: the gradients on one thread
      ] as const) {
        for (const dtype of ["float32", "float64"] as const) {
          const { x } = input(rng, [...shape], dtype, { ties: true });
          for (const kind of ["max", "avg"] as const) {
            const opts = { size: size as Size, strides: strides as Size, padding };
            const run = () => {
              const v = st.variable(x);
              const tape = new st.GradientTape();
              const loss = tape.record(() => st.sum(st.square(pool(kind)(v, opts))));
              const dx = tape.gradient(loss, v)!;
              const second = st.grad((t: st.Tensor) => st.sum(st.square(st.grad((u: st.Tensor) => st.sum(st.square(pool(kind)(u, opts))))(t))))(x);
              const out = [Array.from(pool(kind)(x, opts).data()), Array.from(dx.data()), Array.from(second.data())];
              v.dispose();
              return out;
            };
            expect(run(), `${kind} ${dtype} [${shape}]`).toEqual(st.withThreads(1, run));
          }
        }
      }
    });
  });
});
