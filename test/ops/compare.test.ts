// Comparisons, logical ops, value tests and where (#15): every op against a plain-JS
// reference with numpy's semantics, on every kernel build, every dtype pair, every layout,
// broadcast shapes, plain numbers on either side, NaN/±Inf/±0, sizes around the 16-element
// SIMD block; where's gradient by checkGradients; threads split at 16-element boundaries.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { COMPARISONS, LOGICAL, VALUE_TESTS, type ComparisonOp, type LogicalOp, type ValueTestOp } from "../../src/manifest.js";
import { promoteTypes } from "../../src/dtype.js";
import { describeEachBuild } from "../helpers/builds.js";
import { LAYOUTS, makeTensor } from "../helpers/layouts.js";
import { TestRng } from "../helpers/prng.js";
import { BOOL_REFERENCE, VALUE_TEST_REFERENCE, broadcastShapeRef, expandRef, sizeOfShape } from "../helpers/reference.js";
import { onThreads } from "../helpers/threads.js";

const COMPARE_OPS = Object.keys(COMPARISONS) as ComparisonOp[];
const DTYPES: readonly st.DType[] = ["float32", "float64", "int32", "uint8", "bool"];
/** Values a dtype holds exactly (specials only in floats). */
function draw(rng: TestRng, dtype: st.DType, n: number): number[] {
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1.5, -2.5];
  return Array.from({ length: n }, () => {
    if (dtype === "bool") return rng.int(0, 1);
    if (dtype === "uint8") return rng.int(0, 6) * 40;
    if (dtype === "int32") return rng.int(-3, 3);
    return rng.next() < 0.25 ? specials[rng.int(0, specials.length - 1)] : rng.int(-3, 3) / 2;
  });
}

/** What a tensor of `dtype` holds for a JS value (float32 rounding). */
const stored = (dtype: st.DType, v: number) => (dtype === "float32" ? Math.fround(v) : v);

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

describeEachBuild(st, st.backendInfo().available, () => {
  it("comparisons: every op, dtype pair and layout, broadcast, sizes around the SIMD block", () => {
    const rng = new TestRng(3);
    st.tidy(() => {
      for (let trial = 0; trial < 60; trial++) {
        const da = DTYPES[rng.int(0, 4)], db = DTYPES[rng.int(0, 4)];
        const n = [1, 15, 16, 17, 33, 64][rng.int(0, 5)];
        const shape = rng.next() < 0.5 ? [n] : [2, n];
        const bShape = rng.next() < 0.3 ? [n] : shape;
        const av = draw(rng, da, sizeOfShape(shape)), bv = draw(rng, db, sizeOfShape(bShape));
        const a = makeTensor(st, av, shape, LAYOUTS[rng.int(0, LAYOUTS.length - 1)], da);
        const b = makeTensor(st, bv, bShape, LAYOUTS[rng.int(0, LAYOUTS.length - 1)], db);
        const out = broadcastShapeRef(shape, bShape)!;
        const ea = expandRef(av.map((v) => stored(da, v)), shape, out), eb = expandRef(bv.map((v) => stored(db, v)), bShape, out);
        for (const op of COMPARE_OPS) {
          const got = st[op](a, b);
          expect(got.dtype).toBe("bool");
          expect(got.shape).toEqual(out);
          expect(Array.from(got.data(), Boolean), `${op} ${da} ${db} ${shape}`).toEqual(ea.map((x, i) => BOOL_REFERENCE[op](x, eb[i])));
        }
      }
    });
  });

  it("a plain number on either side: numpy's weak scalar (float32 rounds it; integers widen for fractions and ±Inf)", () => {
    st.tidy(() => {
      const values = [-2, -0.5, 0, 0.1, 1, 2.5, NaN, Infinity, -Infinity, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
      for (const dtype of ["float32", "float64"] as const) {
        const t = st.tensor(values, dtype);
        for (const s of [0.1, 1, -Infinity, NaN, 2.5]) {
          for (const op of COMPARE_OPS) {
            const want = values.map((v) => BOOL_REFERENCE[op](stored(dtype, v), stored(dtype, s)));
            expect(Array.from(st[op](t, s).data(), Boolean), `${dtype} ${op} ${s}`).toEqual(want);
            const left = values.map((v) => BOOL_REFERENCE[op](stored(dtype, s), stored(dtype, v)));
            expect(Array.from(st[op](s, t).data(), Boolean), `${s} ${op} ${dtype}`).toEqual(left);
          }
        }
      }
      const ints = st.tensor([-3, 0, 1, 2, 3], "int32");
      expect(st.less(ints, 1.5).toArray()).toEqual([true, true, true, false, false]);
      expect(st.greater(ints, -Infinity).toArray()).toEqual([true, true, true, true, true]);
      expect(st.equal(ints, 2 ** 40).toArray()).toEqual([false, false, false, false, false]);
      expect(st.greaterEqual(st.tensor(new Uint8Array([0, 200, 255])), 200).toArray()).toEqual([false, true, true]);
      expect(st.equal(1, 1).toArray()).toBe(true);
    });
  });

  it("logical ops take operands as bool; value tests; where picks and promotes", () => {
    const rng = new TestRng(5);
    st.tidy(() => {
      for (let trial = 0; trial < 30; trial++) {
        const n = [3, 16, 17, 40][rng.int(0, 3)];
        const da = DTYPES[rng.int(0, 4)], db = DTYPES[rng.int(0, 4)];
        const av = draw(rng, da, n), bv = draw(rng, db, n);
        const a = makeTensor(st, av, [n], LAYOUTS[rng.int(0, LAYOUTS.length - 1)], da);
        const b = makeTensor(st, bv, [n], LAYOUTS[rng.int(0, LAYOUTS.length - 1)], db);
        for (const op of Object.keys(LOGICAL) as LogicalOp[]) {
          const got = op === "logicalNot" ? st.logicalNot(a) : st[op](a, b);
          expect(Array.from(got.data(), Boolean), `${op} ${da} ${db}`).toEqual(av.map((x, i) => BOOL_REFERENCE[op](x, bv[i])));
        }
        for (const op of Object.keys(VALUE_TESTS) as ValueTestOp[]) {
          expect(Array.from(st[op](a).data(), Boolean), `${op} ${da}`).toEqual(av.map((x) => VALUE_TEST_REFERENCE[op](stored(da, x))));
        }
        const cond = st.greater(a, 0);
        const w = st.where(cond, a, b);
        expect(w.dtype).toBe(promoteTypes(da, db));
        const want = av.map((x, i) => stored(w.dtype, stored(da, x) > 0 ? stored(da, x) : stored(db, bv[i])));
        expect(Array.from(st.astype(w, "float64").data()), `where ${da} ${db}`).toEqual(want);
      }
    });
  });
});

describe("where", () => {
  it("broadcasts all three operands, takes numbers in the other operand's dtype, and names bad operands", () => {
    st.tidy(() => {
      const cond = st.tensor([[true], [false]]);
      expect(st.where(cond, st.tensor([1, 2, 3]), -1).toArray()).toEqual([[1, 2, 3], [-1, -1, -1]]);
      expect(st.where(cond, 1, 0).dtype).toBe("int32");
      expect(st.where(cond, st.tensor([1, 2], "int32"), 0.5).dtype).toBe("float32");
      expect(st.where(st.tensor([1, 0, 2], "int32"), 5, 6).toArray()).toEqual([5, 6, 5]);
      // A number beside a tensor is a weak scalar, as in add: bool beside 2 is int32, out of range an error.
      expect(st.where(cond, st.tensor([true, false]), 2).dtype).toBe(st.add(st.tensor([true]), 2).dtype);
      expect(() => st.where(cond, st.tensor(new Uint8Array([1])), 300)).toThrow(/out of bounds for a uint8 tensor/);
      expect(() => st.where([true] as never, 1, 0)).toThrow(/where: condition must be a Tensor/);
      expect(() => st.where(cond, st.ones([3, 4]), 0)).toThrow(st.BroadcastError);
    });
  });

  it("differentiates to x and y, each unbroadcast (checkGradients in float64)", () => {
    st.tidy(() => {
      const cond = st.tensor([[true, false, true], [false, false, true]]);
      const result = st.checkGradients((x, y) => st.sum(st.mul(st.where(cond, x, y), st.tensor([[1, 2, 3], [4, 5, 6]], "float64"))), [
        st.tensor([[0.5, -1, 2]], "float64"),
        st.tensor([[1], [3]], "float64"),
      ]);
      expect(result.ok).toBe(true);
      const x = st.variable(st.tensor([1, 2, 3], "float64"));
      const tape = new st.GradientTape();
      const loss = tape.record(() => st.sum(st.where(st.tensor([true, false, true]), x, 0)));
      expect(tape.gradient(loss, x)!.toArray()).toEqual([1, 0, 1]);
      x.dispose();
    });
  });
});

describe("on worker threads", () => {
  onThreads(3, { elementwisePerThread: 16 });

  it("split at 16-element boundaries, every op gives what one thread gives", () => {
    const rng = new TestRng(9);
    st.tidy(() => {
      for (const n of [47, 100, 1000]) {
        const a = st.tensor(draw(rng, "float32", n)), b = st.tensor(draw(rng, "float32", n));
        const oneThread = (f: () => st.Tensor) => st.withThreads(1, () => Array.from(f().data()));
        for (const f of [() => st.greater(a, b), () => st.less(a, 0.5), () => st.isNaN(a), () => st.logicalXor(a, b), () => st.where(st.greater(a, 0), a, b)]) {
          expect(Array.from(f().data())).toEqual(oneThread(f));
        }
      }
    });
  });
});
