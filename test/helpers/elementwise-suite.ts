// The element-wise kernel suite, run once per kernel build: every op against the plain
// reference at sizes below, at and above the SIMD width (4 float32 lanes, 16-element
// unrolled body) and odd sizes; on contiguous, misaligned-offset, transposed, strided,
// reversed and broadcast views; with a JS number on either side; and on IEEE specials.
// test/ops/elementwise.test.ts runs it on the builds the runtime offers,
// test/backend/relaxed-build.test.ts on the relaxed-SIMD build.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { BuildName, TensorLike } from "../../src/index.js";
import { describeEachBuild } from "./builds.js";
import { fcParams } from "./fc.js";
import { broadcastOperand, LAYOUTS, makeTensor, type Layout, type StModule, type Tensor } from "./layouts.js";
import { float32Values, TestRng } from "./prng.js";
import {
  BINARY_OPS,
  BINARY_REF,
  UNARY_OPS,
  UNARY_REF,
  ZERO_SIGN_FREE,
  binaryRef,
  expectSameValues,
  expectRowMajor,
  sizeOfShape,
  tupleString,
  unaryRef,
  type BinaryName,
  type UnaryName,
} from "./reference.js";

export const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 1000] as const;

/** JS numbers used as the scalar operand: ordinary, non-representable in float32, and IEEE specials. */
const SCALARS = [2.5, -0.75, 0, -0, 0.1, NaN, Infinity, -Infinity, 3e38, 1e-40] as const;

type BinaryFn = (a: TensorLike, b: TensorLike) => Tensor;
type UnaryFn = (a: TensorLike) => Tensor;

export function elementwiseSuite(st: StModule, builds: readonly BuildName[]): void {
  const binaryFn = (op: BinaryName): BinaryFn => st[op];
  const unaryFn = (op: UnaryName): UnaryFn => st[op];

  describeEachBuild(st, builds, (build) => {
    describe.each(BINARY_OPS)("binary %s", (op) => {
      const fn = binaryFn(op);
      const loose = ZERO_SIGN_FREE.has(op);

      /** Runs op on two operands and compares with the reference; the operands must be untouched. */
      function check(a: Tensor, av: ArrayLike<number>, b: Tensor, bv: ArrayLike<number>, context: string): void {
        const ctx = `${build} ${op} ${context} ${tupleString(a.shape)} ⊕ ${tupleString(b.shape)}`;
        const out = fn(a, b);
        const ref = binaryRef(op, av, a.shape, bv, b.shape);
        expect(out.shape, ctx).toEqual(ref.shape);
        expect(out.dtype, ctx).toBe("float32");
        expectRowMajor(out, ctx);
        expectSameValues(out.data(), ref.values, ctx, loose);
        expectSameValues(a.data(), Float32Array.from(av), `${ctx}: first operand was modified`);
        expectSameValues(b.data(), Float32Array.from(bv), `${ctx}: second operand was modified`);
      }

      it("contiguous operands at every size", () => {
        for (const n of SIZES) {
          st.tidy(() => {
            const av = float32Values(n, 1000 + n);
            const bv = float32Values(n, 2000 + n);
            check(st.tensor(av), av, st.tensor(bv), bv, `n=${n}`);
          });
        }
      });

      it("misaligned offset views (contiguous, 4-byte aligned only)", () => {
        for (const n of SIZES) {
          st.tidy(() => {
            const av = float32Values(n, 3000 + n);
            const bv = float32Values(n, 4000 + n);
            const shape = [n];
            check(makeTensor(st, av, shape, "offset"), av, makeTensor(st, bv, shape, "offset"), bv, `offset/offset n=${n}`);
            check(makeTensor(st, av, shape, "offset"), av, st.tensor(bv), bv, `offset/contiguous n=${n}`);
            check(st.tensor(av), av, makeTensor(st, bv, shape, "offset"), bv, `contiguous/offset n=${n}`);
          });
        }
      });

      const pairs: [Layout, Layout][] = [
        ["transposed", "contiguous"],
        ["contiguous", "transposed"],
        ["transposed", "transposed"],
        ["strided", "reversed"],
        ["reversed", "offset"],
        ["offset", "strided"],
        ["reversed", "reversed"],
      ];
      it.each(pairs)("non-contiguous views: %s ⊕ %s", (la, lb) => {
        for (const n of SIZES) {
          for (const shape of n <= 129 ? [[n], [3, n], [n, 2, 3]] : [[n], [3, n]]) {
            st.tidy(() => {
              const size = sizeOfShape(shape);
              const av = float32Values(size, 5000 + size);
              const bv = float32Values(size, 6000 + size);
              check(makeTensor(st, av, shape, la), av, makeTensor(st, bv, shape, lb), bv, `${la}/${lb}`);
            });
          }
        }
      });

      it("broadcast operands (rows, columns, 0-d, outer products, broadcastTo views)", () => {
        for (const n of SIZES) {
          const shapePairs: [number[], number[]][] = [
            [[3, n], [n]],
            [[n], [3, n]],
            [[3, n], [3, 1]],
            [[3, 1], [3, n]],
            [[n], [1]],
            [[1], [n]],
            [[], [n]],
            [[n], []],
            [[2, 1, n], [3, 1]],
            [[n, 1], [1, 4]],
          ];
          if (n <= 65) shapePairs.push([[n, 1], [1, n]]);
          for (const [as, bs] of shapePairs) {
            st.tidy(() => {
              const av = float32Values(sizeOfShape(as), 7000 + n);
              const bv = float32Values(sizeOfShape(bs), 8000 + n);
              check(st.tensor(av, as), av, st.tensor(bv, bs), bv, `n=${n}`);
              // The same with a 2-D operand transposed: the strided walk with a stride-0 operand.
              if (n <= 65 && as.length === 2) check(makeTensor(st, av, as, "transposed"), av, st.tensor(bv, bs), bv, `transposed n=${n}`);
              if (n <= 65 && bs.length === 2) check(st.tensor(av, as), av, makeTensor(st, bv, bs, "transposed"), bv, `transposed n=${n}`);
            });
          }
          st.tidy(() => {
            // Operands that are themselves broadcastTo views (stride 0), same shape as the output.
            const rowv = float32Values(n, 9000 + n);
            const colv = float32Values(3, 9100 + n);
            const full = float32Values(3 * n, 9200 + n);
            const rows = st.broadcastTo(st.tensor(rowv), [3, n]);
            const cols = st.broadcastTo(st.tensor(colv, [3, 1]), [3, n]);
            const rowsValues = [...rowv, ...rowv, ...rowv];
            const colsValues = Array.from({ length: 3 * n }, (_, i) => colv[Math.floor(i / Math.max(n, 1))]);
            check(rows, rowsValues, st.tensor(full, [3, n]), full, `broadcastTo rows n=${n}`);
            check(st.tensor(full, [3, n]), full, cols, colsValues, `broadcastTo cols n=${n}`);
            check(rows, rowsValues, cols, colsValues, `broadcastTo rows/cols n=${n}`);
          });
        }
      });

      it("a JS number on either side (the scalar adopts float32)", () => {
        const f = BINARY_REF[op];
        for (const n of SIZES) {
          for (const layout of ["contiguous", "offset", "transposed", "reversed"] as const) {
            const shape = layout === "transposed" ? [3, n] : [n];
            st.tidy(() => {
              const xv = float32Values(sizeOfShape(shape), 10_000 + n);
              const x = makeTensor(st, xv, shape, layout);
              for (const s of SCALARS) {
                const sf = Math.fround(s);
                const ctx = `${build} ${op} ${layout} n=${n} s=${Object.is(s, -0) ? "-0" : s}`;
                const right = fn(x, s);
                expect(right.shape, ctx).toEqual(shape);
                expect(right.dtype, ctx).toBe("float32");
                expectSameValues(right.data(), Array.from(xv, (v) => Math.fround(f(v, sf))), `${ctx} tensor ⊕ number`, loose);
                const left = fn(s, x);
                expect(left.shape, ctx).toEqual(shape);
                expectSameValues(left.data(), Array.from(xv, (v) => Math.fround(f(sf, v))), `${ctx} number ⊕ tensor`, loose);
              }
              expectSameValues(x.data(), xv, `${op} ${layout}: operand was modified`);
            });
          }
        }
      });

      it("two numbers give a 0-d float32 tensor; 0-d tensors stay 0-d", () => {
        st.tidy(() => {
          for (const [a, b] of [[2, 3], [-1.5, 0.25], [1, 0], [NaN, 1], [0.1, 0.2]]) {
            const expected = Math.fround(BINARY_REF[op](Math.fround(a), Math.fround(b)));
            const t = fn(a, b);
            expect(t.shape).toEqual([]);
            expect(t.dtype).toBe("float32");
            expectSameValues([t.item()], [expected], `${op}(${a}, ${b})`, loose);
            const u = fn(st.tensor(a), st.tensor(b));
            expect(u.shape).toEqual([]);
            expectSameValues([u.item()], [expected], `${op}(tensor(${a}), tensor(${b}))`, loose);
          }
        });
      });

      it("empty operands give empty results of the broadcast shape", () => {
        st.tidy(() => {
          for (const [as, bs, expected] of [
            [[0], [0], [0]],
            [[0], [1], [0]],
            [[1], [0], [0]],
            [[3, 0], [0], [3, 0]],
            [[0, 3], [3], [0, 3]],
            [[2, 1, 0], [4, 1], [2, 4, 0]],
            [[0], [], [0]],
          ] as [number[], number[], number[]][]) {
            const out = fn(st.zeros(as), st.ones(bs));
            expect(out.shape).toEqual(expected);
            expect(out.size).toBe(0);
            expect(Array.from(out.data())).toEqual([]);
          }
          expect(fn(st.zeros([0]), 3).shape).toEqual([0]);
          expect(fn(3, st.zeros([2, 0])).shape).toEqual([2, 0]);
        });
      });

      it("allocates exactly one new tensor per call (temporaries are released)", () => {
        st.tidy(() => {
          const a = makeTensor(st, float32Values(40, 1), [5, 8], "transposed");
          const b = st.tensor(float32Values(8, 2));
          const before = st.memory();
          const out = fn(a, b);
          const after = st.memory();
          expect(after.tensors - before.tensors).toBe(1);
          expect(after.storages - before.storages).toBe(1);
          expect(after.bytes - before.bytes).toBe(out.size * 4);
          const s = fn(a, 2);
          expect(st.memory().tensors - after.tensors).toBe(1);
          s.dispose();
          out.dispose();
          expect(st.memory().tensors).toBe(before.tensors);
        });
      });
    });

    describe.each(UNARY_OPS)("unary %s", (op) => {
      const fn = unaryFn(op);
      const loose = ZERO_SIGN_FREE.has(op);

      function check(x: Tensor, xv: ArrayLike<number>, context: string): void {
        const ctx = `${build} ${op} ${context} ${tupleString(x.shape)}`;
        const out = fn(x);
        expect(out.shape, ctx).toEqual(x.shape);
        expect(out.dtype, ctx).toBe("float32");
        expectSameValues(out.data(), unaryRef(op, xv), ctx, loose);
        expectSameValues(x.data(), Float32Array.from(xv), `${ctx}: operand was modified`);
      }

      it("every layout at every size", () => {
        for (const n of SIZES) {
          for (const layout of LAYOUTS) {
            for (const shape of [[n], [3, n]]) {
              st.tidy(() => {
                const xv = float32Values(sizeOfShape(shape), 11_000 + n);
                check(makeTensor(st, xv, shape, layout), xv, `${layout} n=${n}`);
              });
            }
          }
        }
      });

      it("broadcast views (stride 0 along rows or columns)", () => {
        for (const n of SIZES) {
          st.tidy(() => {
            const rowv = float32Values(n, 12_000 + n);
            const colv = float32Values(3, 12_100 + n);
            check(st.broadcastTo(st.tensor(rowv), [3, n]), [...rowv, ...rowv, ...rowv], `rows n=${n}`);
            check(
              st.broadcastTo(st.tensor(colv, [3, 1]), [3, n]),
              Array.from({ length: 3 * n }, (_, i) => colv[Math.floor(i / Math.max(n, 1))]),
              `cols n=${n}`,
            );
            check(st.broadcastTo(st.tensor(colv.slice(0, 1), []), [n]), new Array<number>(n).fill(colv[0]), `0-d n=${n}`);
          });
        }
      });

      it("a JS number gives a 0-d float32 tensor", () => {
        st.tidy(() => {
          for (const s of SCALARS) {
            const t = fn(s);
            expect(t.shape).toEqual([]);
            expect(t.dtype).toBe("float32");
            expectSameValues([t.item()], [Math.fround(UNARY_REF[op](Math.fround(s)))], `${op}(${s})`, loose);
          }
        });
      });
    });

    describe("IEEE special values", () => {
      it("maximum and minimum propagate NaN from either operand at every lane position", () => {
        for (const n of [1, 3, 4, 5, 8, 16, 17, 33]) {
          st.tidy(() => {
            const base = float32Values(n, 13_000 + n, false);
            const other = float32Values(n, 13_100 + n, false);
            for (let pos = 0; pos < n; pos++) {
              const withNaN = Float32Array.from(base);
              withNaN[pos] = NaN;
              for (const op of ["maximum", "minimum"] as const) {
                for (const layout of ["contiguous", "transposed"] as const) {
                  const shape = layout === "contiguous" ? [n] : [1, n];
                  const a = makeTensor(st, withNaN, shape, layout);
                  const b = makeTensor(st, other, shape, layout);
                  const ctx = `${op} n=${n} NaN at ${pos} (${layout})`;
                  expectSameValues(st[op](a, b).data(), binaryRef(op, withNaN, shape, other, shape).values, `${ctx}, first operand`, true);
                  expectSameValues(st[op](b, a).data(), binaryRef(op, other, shape, withNaN, shape).values, `${ctx}, second operand`, true);
                  expectSameValues(st[op](a, 0).data(), Array.from(withNaN, (v) => BINARY_REF[op](v, 0)), `${ctx}, with 0`, true);
                  expectSameValues(st[op](0, a).data(), Array.from(withNaN, (v) => BINARY_REF[op](0, v)), `${ctx}, 0 first`, true);
                }
              }
              const r = st.relu(st.tensor(withNaN));
              expect(Number.isNaN(r.data()[pos]), `relu NaN at ${pos} of ${n}`).toBe(true);
            }
            // A NaN scalar makes every element NaN.
            for (const op of ["maximum", "minimum"] as const) {
              const x = st.tensor(base);
              expect(Array.from(st[op](x, NaN).data()).every(Number.isNaN), `${op}(x, NaN)`).toBe(true);
              expect(Array.from(st[op](NaN, x).data()).every(Number.isNaN), `${op}(NaN, x)`).toBe(true);
            }
          });
        }
      });

      const cases: [string, number, number, number][] = [
        ["add", Infinity, -Infinity, NaN],
        ["add", -0, -0, -0],
        ["add", -0, 0, 0],
        ["add", 3e38, 3e38, Infinity],
        ["sub", Infinity, Infinity, NaN],
        ["sub", -0, 0, -0],
        ["sub", 0, 0, 0],
        ["mul", 0, Infinity, NaN],
        ["mul", -0, 5, -0],
        ["mul", 3e38, 10, Infinity],
        ["mul", 1e-38, 1e-2, Math.fround(Math.fround(1e-38) * Math.fround(1e-2))], // a subnormal result: no flush to zero
        ["div", 1, 0, Infinity],
        ["div", -1, 0, -Infinity],
        ["div", 1, -0, -Infinity],
        ["div", 0, 0, NaN],
        ["div", Infinity, Infinity, NaN],
        ["div", 1e-40, 4, Math.fround(Math.fround(1e-40) / 4)],
        ["maximum", NaN, 0, NaN],
        ["maximum", 0, NaN, NaN],
        ["maximum", -Infinity, NaN, NaN],
        ["maximum", Infinity, -Infinity, Infinity],
        ["minimum", NaN, 0, NaN],
        ["minimum", 0, NaN, NaN],
        ["minimum", Infinity, -Infinity, -Infinity],
      ];
      it.each(cases)("%s(%s, %s) is %s in every code path", (op, a, b, expected) => {
        const fn = binaryFn(op as BinaryName);
        for (const n of [1, 4, 5, 16, 37]) {
          st.tidy(() => {
            const av = new Float32Array(n).fill(a);
            const bv = new Float32Array(n).fill(b);
            const want = new Array<number>(n).fill(expected);
            const ctx = `${op}(${a}, ${b}) n=${n}`;
            expectSameValues(fn(st.tensor(av), st.tensor(bv)).data(), want, `${ctx} contiguous`);
            expectSameValues(fn(makeTensor(st, av, [1, n], "transposed"), st.tensor(bv, [1, n])).data(), want, `${ctx} strided`);
            expectSameValues(fn(st.tensor(av), b).data(), want, `${ctx} tensor ⊕ number`);
            expectSameValues(fn(a, st.tensor(bv)).data(), want, `${ctx} number ⊕ tensor`);
            expectSameValues(fn(st.tensor(av), st.tensor([b])).data(), want, `${ctx} broadcast`);
          });
        }
      });

      const unaryCases: [string, number, number][] = [
        ["relu", NaN, NaN],
        ["relu", -Infinity, 0],
        ["relu", Infinity, Infinity],
        ["relu", -1e-40, 0],
        ["relu", 1e-40, Math.fround(1e-40)],
        ["neg", 0, -0],
        ["neg", -0, 0],
        ["neg", NaN, NaN],
        ["neg", -Infinity, Infinity],
        ["abs", -0, 0],
        ["abs", -Infinity, Infinity],
        ["abs", -1e-40, Math.fround(1e-40)],
        ["square", -Infinity, Infinity],
        ["square", 2e19, Infinity],
        ["square", -3, 9],
        ["sqrt", -0, -0],
        ["sqrt", -1, NaN],
        ["sqrt", Infinity, Infinity],
        ["sqrt", 2, Math.fround(Math.SQRT2)],
      ];
      it.each(unaryCases)("%s(%s) is %s in every code path", (op, x, expected) => {
        const fn = unaryFn(op as UnaryName);
        for (const n of [1, 4, 5, 16, 37]) {
          st.tidy(() => {
            const xv = new Float32Array(n).fill(x);
            const want = new Array<number>(n).fill(expected);
            expectSameValues(fn(st.tensor(xv)).data(), want, `${op}(${x}) n=${n} contiguous`);
            expectSameValues(fn(makeTensor(st, xv, [n], "reversed")).data(), want, `${op}(${x}) n=${n} strided`);
          });
        }
      });
    });

    describe("property: random broadcast pairs on random layouts match the reference", () => {
      const dim = fc.constantFrom(0, 1, 1, 2, 3, 4, 5);
      const layoutArb = fc.constantFrom<Layout | "broadcast">(...LAYOUTS, "broadcast");
      const pairArb = fc
        .array(dim, { minLength: 0, maxLength: 5 })
        .chain((out) =>
          fc.record({
            out: fc.constant(out),
            // Each operand: a suffix of the output shape, with some axes set to 1.
            a: operandShape(out),
            b: operandShape(out),
            la: layoutArb,
            lb: layoutArb,
            op: fc.constantFrom(...BINARY_OPS),
            seed: fc.integer({ min: 0, max: 1 << 30 }),
          }),
        );

      function operandShape(out: number[]): fc.Arbitrary<number[]> {
        return fc
          .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
          .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
      }

      function operand(shape: number[], layout: Layout | "broadcast", rng: TestRng): { t: Tensor; v: ArrayLike<number> } {
        if (layout === "broadcast") {
          const { tensor, values } = broadcastOperand(st, shape, rng, (n) => float32Values(n, rng.int(0, 1e6)));
          return { t: tensor, v: values };
        }
        const v = float32Values(sizeOfShape(shape), rng.int(0, 1e6));
        return { t: makeTensor(st, v, shape, layout), v };
      }

      it("tensor ⊕ tensor", () => {
        fc.assert(
          fc.property(pairArb, ({ a, b, la, lb, op, seed }) => {
            st.tidy(() => {
              const rng = new TestRng(seed);
              const x = operand(a, la, rng);
              const y = operand(b, lb, rng);
              const ref = binaryRef(op, x.v, a, y.v, b);
              const out = binaryFn(op)(x.t, y.t);
              const ctx = `${build} ${op} ${tupleString(a)} (${la}) ⊕ ${tupleString(b)} (${lb})`;
              expect(out.shape, ctx).toEqual(ref.shape);
              expectSameValues(out.data(), ref.values, ctx, ZERO_SIGN_FREE.has(op));
            });
          }),
          fcParams(150),
        );
      });

      it("tensor ⊕ number and number ⊕ tensor, and unary ops", () => {
        const arb = fc.record({
          shape: fc.array(dim, { minLength: 0, maxLength: 5 }),
          layout: layoutArb,
          op: fc.constantFrom(...BINARY_OPS),
          unary: fc.constantFrom(...UNARY_OPS),
          s: fc.oneof(fc.constantFrom(...SCALARS), fc.double({ min: -100, max: 100, noNaN: true })),
          left: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1 << 30 }),
        });
        fc.assert(
          fc.property(arb, ({ shape, layout, op, unary, s, left, seed }) => {
            st.tidy(() => {
              const x = operand(shape, layout, new TestRng(seed));
              const f = BINARY_REF[op];
              const sf = Math.fround(s);
              const ctx = `${build} ${op} ${tupleString(shape)} (${layout}) s=${s} ${left ? "left" : "right"}`;
              const out = left ? binaryFn(op)(s, x.t) : binaryFn(op)(x.t, s);
              expect(out.shape, ctx).toEqual(shape);
              const want = Array.from(x.v, (v) => Math.fround(left ? f(sf, v) : f(v, sf)));
              expectSameValues(out.data(), want, ctx, ZERO_SIGN_FREE.has(op));
              expectSameValues(unaryFn(unary)(x.t).data(), unaryRef(unary, x.v), `${build} ${unary} ${tupleString(shape)} (${layout})`, ZERO_SIGN_FREE.has(unary));
            });
          }),
          fcParams(150),
        );
      });
    });
  });
}
