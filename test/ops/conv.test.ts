// conv2d (#16) against a plain nested-loop reference: forward, the input and filter
// gradients, the fused bias and activation, on random geometries (every padding, strides,
// dilations, odd sizes, 1×1 to 5×5 filters, channels not multiples of 4, batch 1 and 7),
// float32 and float64, every kernel build, views as inputs, 1 and 2 threads; checkGradients
// on small cases; second order (the gradients' own gradients) against loops and
// checkGradients; errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { TestRng } from "../helpers/prng.js";
import { onThreads } from "../helpers/threads.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

interface Geometry {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  padding: "valid" | "same";
}

/** TensorFlow's output size and padding before, for one axis. */
function axisGeometry(size: number, k: number, s: number, d: number, padding: "valid" | "same"): { out: number; before: number } {
  const extent = (k - 1) * d + 1;
  if (padding === "valid") return { out: Math.floor((size - extent) / s) + 1, before: 0 };
  const out = Math.ceil(size / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + extent - size, 0) / 2) };
}

function windowsOf(g: Geometry) {
  return {
    rows: axisGeometry(g.x[1], g.f[0], g.strides[0], g.dilations[0], g.padding),
    cols: axisGeometry(g.x[2], g.f[1], g.strides[1], g.dilations[1], g.padding),
  };
}

/** y, and for an output gradient dy, dx and dfilter: the definitions as loops, in float64. */
function reference(g: Geometry, x: ArrayLike<number>, f: ArrayLike<number>, dy?: ArrayLike<number>) {
  const [n, h, w, cin] = g.x;
  const [kh, kw, , cout] = g.f;
  const { rows, cols } = windowsOf(g);
  const y = new Float64Array(n * rows.out * cols.out * cout);
  const dx = new Float64Array(x.length);
  const df = new Float64Array(f.length);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < rows.out; oy++)
      for (let ox = 0; ox < cols.out; ox++)
        for (let co = 0; co < cout; co++) {
          const o = ((b * rows.out + oy) * cols.out + ox) * cout + co;
          let s = 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const iy = oy * g.strides[0] - rows.before + i * g.dilations[0];
              const ix = ox * g.strides[1] - cols.before + j * g.dilations[1];
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (let c = 0; c < cin; c++) {
                const xi = ((b * h + iy) * w + ix) * cin + c;
                const fi = ((i * kw + j) * cin + c) * cout + co;
                s += x[xi] * f[fi];
                if (dy) {
                  dx[xi] += dy[o] * f[fi];
                  df[fi] += dy[o] * x[xi];
                }
              }
            }
          y[o] = s;
        }
  return { y, dx, df, shape: [n, rows.out, cols.out, cout] };
}

function randomGeometry(rng: TestRng): Geometry {
  for (;;) {
    const k = [1, 2, 3, 3, 5][rng.int(0, 4)];
    const g: Geometry = {
      x: [[1, 7, 2][rng.int(0, 2)], rng.int(1, 11), rng.int(1, 11), [1, 3, 4, 5, 8, 13][rng.int(0, 5)]],
      f: [k, rng.next() < 0.7 ? k : rng.int(1, 4), 0, [1, 3, 4, 6, 9, 16][rng.int(0, 5)]],
      strides: [rng.int(1, 3), rng.int(1, 3)],
      dilations: rng.next() < 0.7 ? [1, 1] : [rng.int(1, 3), rng.int(1, 2)],
      padding: rng.next() < 0.5 ? "valid" : "same",
    };
    g.f[2] = g.x[3];
    const fits = (size: number, k: number, d: number) => (k - 1) * d + 1 <= size;
    if (g.padding === "same" || (fits(g.x[1], g.f[0], g.dilations[0]) && fits(g.x[2], g.f[1], g.dilations[1]))) return g;
  }
}

const tolerance = (dtype: st.DType, terms: number) => (dtype === "float64" ? 1e-12 : 2e-6) * Math.max(1, Math.sqrt(terms)) * 4;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0, at = -1;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error at ${at}: got ${got[at]}, want ${want[at]}`).toBeLessThanOrEqual(tol);
}

function values(rng: TestRng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next() * 2 - 1);
}

const optionsOf = (g: Geometry) => ({ strides: g.strides, dilations: g.dilations, padding: g.padding });

/**
 * Few input channels at image sizes where the input gradient runs in several blocks of
 * rows, some starting mid-image (its filter·dyᵀ path), and the filter gradient's
 * 3-row tiles (9 and 27 filter positions) see several k blocks.
 */
const FIRST_LAYERS: Geometry[] = [
  { x: [9, 28, 28, 1], f: [3, 3, 1, 5], strides: [1, 1], dilations: [1, 1], padding: "valid" },
  { x: [5, 30, 29, 3], f: [3, 3, 3, 7], strides: [1, 1], dilations: [1, 1], padding: "same" },
  { x: [6, 31, 27, 1], f: [5, 5, 1, 4], strides: [2, 1], dilations: [1, 1], padding: "same" },
  { x: [4, 33, 26, 2], f: [3, 3, 2, 9], strides: [1, 2], dilations: [2, 1], padding: "valid" },
  { x: [3, 40, 37, 1], f: [1, 3, 1, 3], strides: [1, 1], dilations: [1, 3], padding: "same" },
];

/** conv2d, and both gradients of sum(conv2d · dy) for a random dy, against reference(). */
function checkAgainstLoops(rng: TestRng, g: Geometry, dtype: "float32" | "float64"): void {
  const xv = values(rng, g.x.reduce((p, d) => p * d, 1));
  const fv = values(rng, g.f.reduce((p, d) => p * d, 1));
  st.tidy(() => {
    const x = st.tensor(xv, g.x, dtype), f = st.tensor(fv, g.f, dtype);
    const y = st.conv2d(x, f, optionsOf(g));
    const dyv = values(rng, y.size);
    const ref = reference(g, xv, fv, dyv);
    const what = `${JSON.stringify(g)} ${dtype}`;
    expect(y.shape, what).toEqual(ref.shape);
    expect(y.dtype).toBe(dtype);
    const terms = g.f[0] * g.f[1] * g.f[2];
    expectClose(y.data(), ref.y, tolerance(dtype, terms), `y ${what}`);
    const dy = st.tensor(dyv, y.shape, dtype);
    const [dx, df] = st.grads((a: st.Tensor, b: st.Tensor) => st.sum(st.mul(st.conv2d(a, b, optionsOf(g)), dy)))([x, f]);
    expectClose(dx.data(), ref.dx, tolerance(dtype, terms * 4), `dx ${what}`);
    expectClose(df.data(), ref.df, tolerance(dtype, y.size), `dfilter ${what}`);
  });
}

describeEachBuild(st, st.backendInfo().available, () => {
  it.each(["float32", "float64"] as const)("forward and both gradients against loops on random geometries (%s)", (dtype) => {
    const rng = new TestRng(dtype === "float32" ? 41 : 42);
    for (let trial = 0; trial < 40; trial++) checkAgainstLoops(rng, randomGeometry(rng), dtype);
  });

  it.each(["float32", "float64"] as const)("first-layer geometries (1 to 3 channels, gradients in several blocks of rows) against loops (%s)", (dtype) => {
    const rng = new TestRng(dtype === "float32" ? 43 : 44);
    for (const g of FIRST_LAYERS) checkAgainstLoops(rng, g, dtype);
  });

  it("bias and activation in the epilogue equal the composition, with the same gradients", () => {
    const rng = new TestRng(7);
    for (const activation of [undefined, "relu", "sigmoid", "tanh"] as const) {
      for (let trial = 0; trial < 4; trial++) {
        const g = randomGeometry(rng);
        st.tidy(() => {
          const x = st.tensor(values(rng, g.x.reduce((p, d) => p * d, 1)), g.x);
          const f = st.tensor(values(rng, g.f.reduce((p, d) => p * d, 1)), g.f);
          const b = st.tensor(values(rng, g.f[3]));
          const fused = (a: st.Tensor, w: st.Tensor, c: st.Tensor) => st.conv2d(a, w, { ...optionsOf(g), bias: c, activation });
          const plain = (a: st.Tensor, w: st.Tensor, c: st.Tensor) => {
            const pre = st.add(st.conv2d(a, w, optionsOf(g)), c);
            return activation === undefined ? pre : st[activation](pre);
          };
          const what = `${activation} ${JSON.stringify(g)}`;
          expectClose(fused(x, f, b).data(), plain(x, f, b).data(), 1e-6, what);
          const loss = (fn: typeof fused) => (a: st.Tensor, w: st.Tensor, c: st.Tensor) => st.sum(st.square(fn(a, w, c)));
          const gf = st.grads(loss(fused))([x, f, b]);
          const gp = st.grads(loss(plain))([x, f, b]);
          gf.forEach((t, i) => expectClose(t.data(), gp[i].data(), 1e-5, `gradient ${i} ${what}`));
        });
      }
    }
  });
});

it("views as operands give what their contiguous copies give", () => {
  const rng = new TestRng(3);
  st.tidy(() => {
    const base = st.tensor(values(rng, 2 * 5 * 6 * 3), [2, 3, 6, 5]);
    const x = st.transpose(base, [0, 3, 2, 1]); // (2, 5, 6, 3), not contiguous
    const f = st.flip(st.tensor(values(rng, 3 * 3 * 3 * 4), [3, 3, 3, 4]), 3);
    const want = st.conv2d(x.contiguous(), f.contiguous(), { padding: "same" });
    expect(Array.from(st.conv2d(x, f, { padding: "same" }).data())).toEqual(Array.from(want.data()));
  });
});

it("integer inputs compute in float32; mixed float32/float64 in float64", () => {
  st.tidy(() => {
    const x = st.tensor([1, 2, 3, 4], [1, 2, 2, 1], "int32");
    const f = st.tensor([1, 1, 1, 1], [2, 2, 1, 1], "int32");
    const y = st.conv2d(x, f);
    expect(y.dtype).toBe("float32");
    expect(Array.from(y.data())).toEqual([10]);
    expect(st.conv2d(st.astype(x, "float64"), st.astype(f, "float32")).dtype).toBe("float64");
  });
});

it("checkGradients: input, filter and bias, every padding, with strides and dilations", () => {
  const rng = new TestRng(5);
  for (const [opts, xs, fs] of [
    [{ padding: "valid" }, [2, 5, 4, 3], [3, 2, 3, 2]],
    [{ padding: "same", strides: 2 }, [1, 5, 6, 2], [3, 3, 2, 3]],
    [{ padding: "same", dilations: [2, 1] }, [2, 6, 5, 1], [2, 3, 1, 2]],
  ] as [st.Conv2dOptions, number[], number[]][]) {
    for (const dtype of ["float32", "float64"] as const) {
      st.tidy(() => {
        const x = st.tensor(values(rng, xs.reduce((p, d) => p * d, 1)), xs, dtype);
        const f = st.tensor(values(rng, fs.reduce((p, d) => p * d, 1)), fs, dtype);
        const b = st.tensor(values(rng, fs[3]), [fs[3]], dtype);
        const result = st.checkGradients((a, w, c) => st.conv2d(a, w, { ...opts, bias: c, activation: "tanh" }), [x, f, b]);
        expect(result.ok, JSON.stringify(result)).toBe(true);
      });
    }
  }
});

describe("second order: the input and filter gradients are differentiable", () => {
  // sum(conv2d(x, f) · dy)'s gradients as functions of dy and the other operand: exactly
  // conv2dInputGrad(dy, f) and conv2dFilterGrad(x, dy), each differentiated by an outer grads.
  const inputGradOf = (x: st.Tensor, opts: st.Conv2dOptions) => (dy: st.Tensor, f: st.Tensor) =>
    st.grads((a: st.Tensor) => st.sum(st.mul(st.conv2d(a, f, opts), dy)))([x])[0];
  const filterGradOf = (f: st.Tensor, opts: st.Conv2dOptions) => (x: st.Tensor, dy: st.Tensor) =>
    st.grads((b: st.Tensor) => st.sum(st.mul(st.conv2d(x, b, opts), dy)))([f])[0];

  it.each(["float32", "float64"] as const)("their gradients against loops on random geometries (%s)", (dtype) => {
    const rng = new TestRng(dtype === "float32" ? 61 : 62);
    for (let trial = 0; trial < 25; trial++) {
      const g = randomGeometry(rng);
      const opts = optionsOf(g);
      const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);
      const xv = values(rng, size(g.x)), fv = values(rng, size(g.f));
      const { rows, cols } = windowsOf(g);
      const yShape = [g.x[0], rows.out, cols.out, g.f[3]];
      const dyv = values(rng, size(yShape));
      const u = values(rng, xv.length), v = values(rng, fv.length); // upstream gradients of dx and dfilter
      const what = `${JSON.stringify(g)} ${dtype}`;
      const terms = g.f[0] * g.f[1] * g.f[2];
      st.tidy(() => {
        const x = st.tensor(xv, g.x, dtype), f = st.tensor(fv, g.f, dtype), dy = st.tensor(dyv, yShape, dtype);
        const ut = st.tensor(u, g.x, dtype), vt = st.tensor(v, g.f, dtype);
        // ⟨u, conv2dInputGrad(dy, f)⟩: d(dy) = conv2d(u, f), d(f) = conv2dFilterGrad(u, dy).
        const [ddy, df] = st.grads((a: st.Tensor, b: st.Tensor) => st.sum(st.mul(inputGradOf(x, opts)(a, b), ut)))([dy, f]);
        const viaInput = reference(g, u, fv, dyv);
        expectClose(ddy.data(), viaInput.y, tolerance(dtype, terms), `inputGrad d(dy) ${what}`);
        expectClose(df.data(), viaInput.df, tolerance(dtype, dy.size), `inputGrad d(filter) ${what}`);
        // ⟨v, conv2dFilterGrad(x, dy)⟩: d(x) = conv2dInputGrad(dy, v), d(dy) = conv2d(x, v).
        const [dx, ddy2] = st.grads((a: st.Tensor, b: st.Tensor) => st.sum(st.mul(filterGradOf(f, opts)(a, b), vt)))([x, dy]);
        const viaFilter = reference(g, xv, v, dyv);
        expectClose(dx.data(), viaFilter.dx, tolerance(dtype, terms * 4), `filterGrad d(x) ${what}`);
        expectClose(ddy2.data(), viaFilter.y, tolerance(dtype, terms), `filterGrad d(dy) ${what}`);
      });
    }
  });

  it("checkGradients of gradient penalties ‖∂L/∂x‖², ‖∂L/∂filter‖²: padding, strides, dilations, 1 and 5 input channels", () => {
    const rng = new TestRng(63);
    for (const [opts, xs, fs] of [
      [{ padding: "valid" }, [2, 5, 4, 1], [3, 2, 1, 2]],
      [{ padding: "valid", strides: [2, 1] }, [1, 6, 5, 5], [2, 3, 5, 3]],
      [{ padding: "same", strides: 2 }, [2, 5, 6, 1], [3, 3, 1, 3]],
      [{ padding: "same", dilations: [2, 1] }, [1, 6, 5, 5], [2, 3, 5, 2]],
      [{ padding: "same", strides: [1, 2], dilations: [1, 2] }, [1, 5, 7, 6], [3, 2, 6, 2]],
    ] as [st.Conv2dOptions, number[], number[]][]) {
      for (const dtype of ["float64", "float32"] as const) {
        st.tidy(() => {
          const x = st.tensor(values(rng, xs.reduce((p, d) => p * d, 1)), xs, dtype);
          const f = st.tensor(values(rng, fs.reduce((p, d) => p * d, 1)), fs, dtype);
          const loss = (a: st.Tensor, w: st.Tensor) => st.sum(st.square(st.conv2d(a, w, opts)));
          const tol = dtype === "float32" ? { rtol: 5e-3, atol: 1e-3 } : {};
          for (const which of [0, 1]) {
            const penalty = (a: st.Tensor, w: st.Tensor) => st.sum(st.square(st.grads(loss)([a, w])[which]));
            const r = st.checkGradients(penalty, [x, f], tol);
            expect(r.ok, `${JSON.stringify(opts)} [${xs}] ${dtype} ∂/∂${which ? "filter" : "x"}: ${r.message}`).toBe(true);
          }
        });
      }
    }
  });

  it("checkGradients through the fused bias and tanh, and a third derivative", () => {
    const rng = new TestRng(64);
    st.tidy(() => {
      const x = st.tensor(values(rng, 2 * 5 * 4 * 5), [2, 5, 4, 5], "float64");
      const f = st.tensor(values(rng, 3 * 2 * 5 * 2), [3, 2, 5, 2], "float64");
      const b = st.tensor(values(rng, 2), [2], "float64");
      const opts = { padding: "same", strides: 2, bias: b, activation: "tanh" } as const;
      const gx = (a: st.Tensor, w: st.Tensor) => st.grads((p: st.Tensor, q: st.Tensor) => st.sum(st.square(st.conv2d(p, q, opts))))([a, w]);
      const r = st.checkGradients((a, w) => st.add(st.sum(st.square(gx(a, w)[0])), st.sum(st.square(gx(a, w)[1]))), [x, f]);
      expect(r.ok, r.message).toBe(true);
      // d/dx of the x-gradient's value is itself a gradient through conv2dInputGrad and conv2dFilterGrad.
      const second = (a: st.Tensor, w: st.Tensor) => st.grads((p: st.Tensor, q: st.Tensor) => st.sum(st.square(gx(p, q)[0])))([a, w])[1];
      const r3 = st.checkGradients((a, w) => st.sum(st.square(second(a, w))), [x, f]);
      expect(r3.ok, r3.message).toBe(true);
    });
  });
});

describe("on 2 threads", () => {
  onThreads(2);

  it("gives what one thread gives, forward and backward, within rounding", () => {
    const rng = new TestRng(11);
    st.tidy(() => {
      const x = st.tensor(values(rng, 7 * 12 * 11 * 8), [7, 12, 11, 8]);
      const f = st.tensor(values(rng, 3 * 3 * 8 * 16), [3, 3, 8, 16]);
      const run = () => {
        const [dx, df] = st.grads((a: st.Tensor, b: st.Tensor) => st.sum(st.square(st.conv2d(a, b, { padding: "same" }))))([x, f]);
        return [st.conv2d(x, f, { padding: "same" }).data(), dx.data(), df.data()];
      };
      const two = run();
      const one = st.withThreads(1, run);
      // Forward and the input gradient split by rows and images: identical. The filter
      // gradient adds per-thread partial sums of 924 float32 terms of magnitude ~10: equal
      // within their rounding.
      expect(Array.from(two[0])).toEqual(Array.from(one[0]));
      expect(Array.from(two[1])).toEqual(Array.from(one[1]));
      expectClose(two[2], one[2], 2e-4, "dfilter");
    });
  });

});

describe("on 2 threads, split at any size", () => {
  onThreads(2, { gemmPerThread: 1 << 10 });

  it("first-layer geometries against loops, images and rows split between threads", () => {
    const rng = new TestRng(12);
    for (const g of FIRST_LAYERS) checkAgainstLoops(rng, g, "float32");
  });
});

describe("errors name the problem", () => {
  it.each([
    ["rank", () => st.conv2d(st.zeros([4, 4, 1]), st.zeros([1, 1, 1, 1])), /input must be NHWC of rank 4/],
    ["filter rank", () => st.conv2d(st.zeros([1, 4, 4, 1]), st.zeros([1, 1, 1])), /filter must be \(KH, KW, Cin, Cout\)/],
    ["channels", () => st.conv2d(st.zeros([1, 4, 4, 3]), st.zeros([2, 2, 2, 1])), /input channels \(2.*\(3/],
    ["window", () => st.conv2d(st.zeros([1, 2, 4, 1]), st.zeros([3, 3, 1, 1])), /window spans 3 rows.*input has 2/],
    ["strides", () => st.conv2d(st.zeros([1, 4, 4, 1]), st.zeros([1, 1, 1, 1]), { strides: 0 }), /strides must be a positive integer/],
    ["dilations", () => st.conv2d(st.zeros([1, 4, 4, 1]), st.zeros([1, 1, 1, 1]), { dilations: [1, 1.5] as never }), /dilations must be/],
    ["padding", () => st.conv2d(st.zeros([1, 4, 4, 1]), st.zeros([1, 1, 1, 1]), { padding: "full" as never }), /padding must be "valid" or "same", got "full"/],
    ["bias", () => st.conv2d(st.zeros([1, 4, 4, 1]), st.zeros([1, 1, 1, 2]), { bias: st.zeros([3]) }), /bias must have shape \[2\]/],
    ["activation", () => st.conv2d(st.zeros([1, 4, 4, 1]), st.zeros([1, 1, 1, 1]), { activation: "gelu" as never }), /activation must be one of/],
  ])("%s", (_name, fn, message) => {
    st.tidy(() => {
      expect(fn).toThrow(message);
    });
  });
});
