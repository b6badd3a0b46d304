// dot and matmul against a float64 reference written with plain loops: numpy's shape
// rules, odd sizes around the GEMM tile edges (4×8 f32, 4×4 f64; 3-row tiles for m = 3, 6, 9) and the KC = 256 block,
// every operand layout, batch broadcasting, every kernel build, float64 and int32.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { describeEachBuild } from "../helpers/builds.js";
import { LAYOUTS, makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";

const BUILDS = st.backendInfo().available;
const EDGE_SIZES = [1, 3, 4, 5, 7, 8, 9, 31, 33, 127, 129];

function values(n: number, seed: number): number[] {
  const rng = new TestRng(seed);
  return Array.from({ length: n }, () => Math.fround(rng.next() * 2 - 1));
}

/** C = A·B for row-major value arrays, in float64. */
function refMatmul(a: readonly number[], b: readonly number[], m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}

/** |got - want| ≤ tol · Σ|a_p b_p| elementwise: the error bound of a k-term float32 dot. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>, tol: number, ctx: string): void {
  expect(got.length, ctx).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol * Math.max(scale[i], 1e-30))) {
      throw new Error(`${ctx}: element ${i}: got ${got[i]}, want ${want[i]} (error ${err}, bound ${tol * scale[i]})`);
    }
  }
}

function absProduct(a: readonly number[], b: readonly number[], m: number, k: number, n: number): Float64Array {
  return refMatmul(a.map(Math.abs), b.map(Math.abs), m, k, n);
}

describeEachBuild(st, BUILDS, (build) => {
  // float32 with FMA (relaxed) or without: each term rounds once or twice; blocked sums.
  const TOL32 = 4e-7 * 8;

  describe("matmul 2-D at tile edges", () => {
    it("every (m, k, n) from the edge sizes, contiguous operands", () => {
      let seed = 1;
      for (const m of [1, 3, 5, 6, 7, 9, 13]) {
        for (const k of EDGE_SIZES) {
          for (const n of [1, 7, 8, 9, 17]) {
            const av = values(m * k, seed++), bv = values(k * n, seed++);
            const got = st.tidy(() => st.matmul(st.tensor(av, [m, k]), st.tensor(bv, [k, n])).data());
            expectClose(got, refMatmul(av, bv, m, k, n), absProduct(av, bv, m, k, n), TOL32, `${build} (${m},${k})@(${k},${n})`);
          }
        }
      }
    });

    it("sizes past one cache block (k > 256, m > 96, n > 8 panels)", () => {
      for (const [m, k, n] of [[97, 257, 33], [129, 300, 65], [200, 513, 130]]) {
        const av = values(m * k, m), bv = values(k * n, n);
        const got = st.tidy(() => st.matmul(st.tensor(av, [m, k]), st.tensor(bv, [k, n])).data());
        expectClose(got, refMatmul(av, bv, m, k, n), absProduct(av, bv, m, k, n), TOL32, `${build} (${m},${k})@(${k},${n})`);
      }
    });

    it.each(LAYOUTS.map((l) => [l]))("%s operands (no contiguous() needed)", (layout) => {
      for (const [m, k, n] of [[7, 9, 17], [33, 31, 9], [6, 8, 8]]) {
        const av = values(m * k, 3 * m), bv = values(k * n, 5 * n);
        const got = st.tidy(() => st.matmul(makeTensor(st, av, [m, k], layout), makeTensor(st, bv, [k, n], layout)).data());
        expectClose(got, refMatmul(av, bv, m, k, n), absProduct(av, bv, m, k, n), TOL32, `${build} ${layout} (${m},${k})@(${k},${n})`);
      }
    });

    it("a broadcast (stride-0) operand", () => {
      const k = 9, n = 11, m = 5;
      const row = values(k, 7);
      const bv = values(k * n, 8);
      const av = Array.from({ length: m }, () => row).flat();
      const got = st.tidy(() => st.matmul(st.broadcastTo(st.tensor(row, [1, k]), [m, k]), st.tensor(bv, [k, n])).data());
      expectClose(got, refMatmul(av, bv, m, k, n), absProduct(av, bv, m, k, n), TOL32, `${build} broadcast`);
    });

    it("k = 0 gives zeros, m = 0 or n = 0 gives an empty result", () => {
      expect(st.matmul(st.zeros([3, 0]), st.zeros([0, 4])).toArray()).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
      expect(st.matmul(st.zeros([0, 5]), st.zeros([5, 4])).shape).toEqual([0, 4]);
      expect(st.matmul(st.zeros([2, 5]), st.zeros([5, 0])).shape).toEqual([2, 0]);
    });
  });

  describe("matrix·vector and vector·vector", () => {
    it.each(LAYOUTS.map((l) => [l]))("dot(matrix, vector) and dot(vector, matrix), %s matrix", (layout) => {
      for (const [m, k] of [[1, 1], [3, 5], [4, 8], [9, 33], [129, 127], [64, 1500]]) {
        const av = values(m * k, m + k), xv = values(k, k), yv = values(m, m);
        const a = makeTensor(st, av, [m, k], layout);
        const got = st.tidy(() => st.dot(a, st.tensor(xv)).data());
        expectClose(got, refMatmul(av, xv, m, k, 1), absProduct(av, xv, m, k, 1), TOL32, `${build} ${layout} (${m},${k})·(${k},)`);
        const gotLeft = st.tidy(() => st.dot(st.tensor(yv), a).data());
        expectClose(gotLeft, refMatmul(yv, av, 1, m, k), absProduct(yv, av, 1, m, k), TOL32, `${build} ${layout} (${m},)·(${m},${k})`);
        a.dispose();
      }
    });

    it("dot of vectors is 0-d; strided vectors work", () => {
      for (const n of [0, 1, 3, 4, 17, 1000, 4099]) {
        const xv = values(n, n + 1), yv = values(n, n + 2);
        const want = xv.reduce((s, x, i) => s + x * yv[i], 0);
        const scale = xv.reduce((s, x, i) => s + Math.abs(x * yv[i]), 0);
        const d = st.dot(st.tensor(xv, [n]), st.tensor(yv, [n]));
        expect(d.shape).toEqual([]);
        expect(Math.abs(d.item() - want)).toBeLessThanOrEqual(TOL32 * scale + 1e-30);
        const rev = st.stridedSlice(st.tensor(xv.slice().reverse(), [n]), [null], [null], [-1]);
        expect(Math.abs(st.dot(rev, st.tensor(yv, [n])).item() - want)).toBeLessThanOrEqual(TOL32 * scale + 1e-30);
      }
    });

    it("a 1e6-element float32 dot has relative error below 1e-5", () => {
      const x = st.randomUniform([1_000_000], { seed: 11 });
      const y = st.randomUniform([1_000_000], { seed: 12 });
      const xv = x.data(), yv = y.data();
      let want = 0;
      for (let i = 0; i < xv.length; i++) want += xv[i] * yv[i];
      expect(Math.abs(st.dot(x, y).item() - want) / want).toBeLessThan(1e-5);
      x.dispose();
      y.dispose();
    });
  });

  describe("numpy shape rules", () => {
    it("matmul: 1-D promotion, batch broadcasting", () => {
      expect(st.matmul(st.ones([4, 1, 5, 6]), st.ones([3, 6, 7])).shape).toEqual([4, 3, 5, 7]);
      expect(st.matmul(st.ones([6]), st.ones([3, 6, 7])).shape).toEqual([3, 7]);
      expect(st.matmul(st.ones([3, 5, 6]), st.ones([6])).shape).toEqual([3, 5]);
      expect(st.matmul(st.ones([6]), st.ones([6])).shape).toEqual([]);
    });

    it("batched matmul equals the per-batch products, with a broadcast batch operand", () => {
      const [B1, B2, m, k, n] = [2, 3, 5, 7, 9];
      const av = values(B1 * 1 * m * k, 21), bv = values(B2 * k * n, 22);
      const got = st.tidy(() => st.matmul(st.tensor(av, [B1, 1, m, k]), st.tensor(bv, [B2, k, n])).data());
      for (let i = 0; i < B1; i++) {
        for (let j = 0; j < B2; j++) {
          const a = av.slice(i * m * k, (i + 1) * m * k), b = bv.slice(j * k * n, (j + 1) * k * n);
          const off = (i * B2 + j) * m * n;
          expectClose(got.slice(off, off + m * n), refMatmul(a, b, m, k, n), absProduct(a, b, m, k, n), TOL32, `${build} batch ${i},${j}`);
        }
      }
    });

    it("dot N-D·M-D sums over a's last axis and b's second-to-last", () => {
      const av = values(2 * 3 * 4, 31), bv = values(5 * 4 * 6, 32);
      const got = st.tidy(() => st.dot(st.tensor(av, [2, 3, 4]), st.tensor(bv, [5, 4, 6])));
      expect(got.shape).toEqual([2, 3, 5, 6]);
      const g = got.data();
      for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let q = 0; q < 5; q++) for (let r = 0; r < 6; r++) {
        let s = 0, scale = 0;
        for (let p = 0; p < 4; p++) {
          s += av[(i * 3 + j) * 4 + p] * bv[(q * 4 + p) * 6 + r];
          scale += Math.abs(av[(i * 3 + j) * 4 + p] * bv[(q * 4 + p) * 6 + r]);
        }
        expect(Math.abs(g[((i * 3 + j) * 5 + q) * 6 + r] - s)).toBeLessThanOrEqual(TOL32 * scale);
      }
      expect(st.dot(st.ones([2, 3, 4]), st.ones([4])).shape).toEqual([2, 3]);
    });
  });

  describe("dtypes", () => {
    it("float64 matmul matches to 1e-13 relative", () => {
      const [m, k, n] = [13, 129, 9];
      const av = values(m * k, 41).map((v) => v + 1e-9 * Math.sin(v)), bv = values(k * n, 42);
      const got = st.matmul(st.tensor(new Float64Array(av), [m, k]), st.tensor(new Float64Array(bv), [k, n]));
      expect(got.dtype).toBe("float64");
      expectClose(got.data(), refMatmul(av, bv, m, k, n), absProduct(av, bv, m, k, n), 1e-14, `${build} float64`);
    });

    it("int32 matmul is exact; mixed dtypes promote", () => {
      const a = st.tensor([[1, 2], [3, 4]], undefined, "int32");
      const b = st.tensor([[5, 6], [7, 8]], undefined, "int32");
      const c = st.matmul(a, b);
      expect(c.dtype).toBe("int32");
      expect(c.toArray()).toEqual([[19, 22], [43, 50]]);
      expect(st.matmul(a, st.tensor([[1, 0], [0, 1]])).dtype).toBe("float32");
      expect(st.matmul(a, st.tensor(new Float64Array([1, 0, 0, 1]), [2, 2])).dtype).toBe("float64");
    });
  });
});

describe("empty contractions (found by the fuzzer)", () => {
  it("dot and matmul with k = 0 give zeros of numpy's shape, at every rank", () => {
    st.tidy(() => {
      const cases: [number[], number[], number[]][] = [
        [[2, 3, 0], [0, 4], [2, 3, 4]],
        [[2, 0], [3, 0, 4], [2, 3, 4]],
        [[2, 3, 0], [0], [2, 3]],
        [[2, 0], [0, 4], [2, 4]],
      ];
      for (const [sa, sb, want] of cases) {
        const r = st.dot(st.ones(sa), st.ones(sb));
        expect(r.shape, `dot ${sa} ${sb}`).toEqual(want);
        expect(Array.from(r.data()).every((v) => v === 0)).toBe(true);
      }
      expect(st.matmul(st.ones([5, 2, 0]), st.ones([0, 3])).shape).toEqual([5, 2, 3]);
    });
  });
});

describe("errors", () => {
  it("mismatched inner dimensions name both shapes", () => {
    expect(() => st.matmul(st.ones([2, 3]), st.ones([4, 5]))).toThrow(st.ShapeError);
    expect(() => st.matmul(st.ones([2, 3]), st.ones([4, 5]))).toThrow(/\(2, 3\).*\(4, 5\)/);
    expect(() => st.dot(st.ones([2, 3]), st.ones([4]))).toThrow(/\(2, 3\).*\(4,\)/);
  });

  it("scalars are rejected by matmul", () => {
    expect(() => st.matmul(st.tensor(2), st.ones([2, 2]))).toThrow(/scalar/);
  });

  it("incompatible batch axes name both shapes", () => {
    expect(() => st.matmul(st.ones([2, 3, 4]), st.ones([5, 4, 6]))).toThrow(st.BroadcastError);
  });

  it("disposed operands throw", () => {
    const a = st.ones([2, 2]);
    a.dispose();
    expect(() => st.matmul(a, st.ones([2, 2]))).toThrow(st.DisposedTensorError);
  });

  it("matmul leaves no temporaries behind", () => {
    const a = st.ones([7, 9]), b = st.ones([9, 5]);
    const before = st.memory();
    st.tidy(() => {
      st.matmul(a, b);
      st.dot(a, st.ones([9]));
      st.matmul(st.transpose(b), st.transpose(a));
    });
    expect(st.memory().tensors).toBe(before.tensors);
    expect(st.memory().bytes).toBe(before.bytes);
  });
});

describe("the notebook's dot loops (st.naive)", () => {
  it("vectorDot, both matrixVectorDot versions and matrixDot equal the kernels", () => {
    const a = st.randomUniform([13, 29], { seed: 51 }), v = st.randomUniform([29], { seed: 52 }), b = st.randomUniform([29, 7], { seed: 53 });
    const close = (x: st.Tensor, y: st.Tensor) => {
      expect(x.shape).toEqual(y.shape);
      const xv = x.data(), yv = y.data();
      for (let i = 0; i < xv.length; i++) expect(Math.abs(xv[i] - yv[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(yv[i])));
    };
    st.tidy(() => {
      close(st.naive.vectorDot(v, v), st.dot(v, v));
      close(st.naive.matrixVectorDot(a, v), st.dot(a, v));
      close(st.naive.matrixVectorDotByRows(a, v), st.dot(a, v));
      close(st.naive.matrixDot(a, b), st.matmul(a, b));
      // They read views through data(): a transposed operand works too.
      close(st.naive.matrixDot(st.transpose(b), st.transpose(a)), st.matmul(st.transpose(b), st.transpose(a)));
    });
  });

  it("reject ranks and shapes the notebook's asserts reject", () => {
    expect(() => st.naive.vectorDot(st.ones([2, 2]), st.ones([2]))).toThrow(st.ShapeError);
    expect(() => st.naive.vectorDot(st.ones([3]), st.ones([2]))).toThrow(/\(3,\).*\(2,\)/);
    expect(() => st.naive.matrixVectorDot(st.ones([2, 3]), st.ones([2]))).toThrow(st.ShapeError);
    expect(() => st.naive.matrixVectorDotByRows(st.ones([2, 3]), st.ones([2]))).toThrow(st.ShapeError);
    expect(() => st.naive.matrixDot(st.ones([2, 3]), st.ones([2, 3]))).toThrow(/\(2, 3\)/);
  });
});
