// Comparisons, logical ops and where over broadcast and strided operands, which their
// kernels walk in place (assembly/compare/strided.ts): every op, every dtype, every pair of
// layouts (transposed, sliced with steps, flipped, broadcast along either axis or a new
// batch axis), against the same op on contiguous copies of the broadcast operands; on
// every kernel build and on 2 threads, split along the walk's outer axis.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { COMPARISONS, LOGICAL, type ComparisonOp, type LogicalOp } from "../../src/manifest.js";
import { describeEachBuild } from "../helpers/builds.js";
import { TestRng } from "../helpers/prng.js";
import { broadcastShapeRef } from "../helpers/reference.js";
import { onThreads } from "../helpers/threads.js";

const COMPARE_OPS = Object.keys(COMPARISONS) as ComparisonOp[];
const LOGICAL_OPS = Object.keys(LOGICAL) as LogicalOp[];
const DTYPES: readonly st.DType[] = ["float32", "float64", "int32", "uint8", "bool"];

/** Values a dtype holds, ties likely (specials only in floats). */
function draw(rng: TestRng, dtype: st.DType, n: number): number[] {
  const specials = [NaN, Infinity, -Infinity, 0, -0];
  return Array.from({ length: n }, () => {
    if (dtype === "bool") return rng.int(0, 1);
    if (dtype === "uint8") return rng.int(0, 3) * 60;
    if (dtype === "int32") return rng.int(-2, 2);
    return rng.next() < 0.2 ? specials[rng.int(0, specials.length - 1)] : rng.int(-2, 2) / 2;
  });
}

const random = (rng: TestRng, shape: number[], dtype: st.DType) => st.tensor(draw(rng, dtype, shape.reduce((p, d) => p * d, 1)), shape, dtype);

/**
 * Views that read as (6, 37) or broadcast to it (37: two 16-element SIMD blocks and a
 * tail per row); "batch" broadcasts everything to (2, 6, 37).
 */
const LAYOUTS = {
  contiguous: (rng: TestRng, d: st.DType) => random(rng, [6, 37], d),
  transposed: (rng: TestRng, d: st.DType) => st.transpose(random(rng, [37, 6], d)),
  // 24 or 96 elements between neighbours: 4- and 8-byte dtypes cross cache lines, so are packed (crossesLines)
  transposedStepped: (rng: TestRng, d: st.DType) => st.stridedSlice(st.transpose(random(rng, [37, 24], d)), [0, 0], [null, null], [4, 1]),
  stepped: (rng: TestRng, d: st.DType) => st.stridedSlice(random(rng, [12, 75], d), [1, 1], [null, null], [2, 2]),
  flipped: (rng: TestRng, d: st.DType) => st.flip(random(rng, [6, 37], d)),
  row: (rng: TestRng, d: st.DType) => random(rng, [37], d),
  column: (rng: TestRng, d: st.DType) => random(rng, [6, 1], d),
  flippedColumn: (rng: TestRng, d: st.DType) => st.flip(random(rng, [6, 1], d)),
  one: (rng: TestRng, d: st.DType) => random(rng, [1, 1], d),
  batch: (rng: TestRng, d: st.DType) => st.stridedSlice(random(rng, [2, 1, 74], d), [0, 0, 73], [null, null, null], [1, 1, -2]),
};
type LayoutName = keyof typeof LAYOUTS;
const NAMES = Object.keys(LAYOUTS) as LayoutName[];

/** `t` broadcast to `shape`, as a fresh contiguous tensor: the reference operand. */
const packed = (t: st.Tensor, shape: readonly number[]) => st.broadcastTo(t, shape).contiguous();

const values = (t: st.Tensor) => Array.from(t.data() as ArrayLike<number>);

/** The op on the views equals the op on contiguous copies: same dtype, shape and values (NaN, ±0 included). */
function expectSame(f: (...ts: st.Tensor[]) => st.Tensor, views: st.Tensor[], what: string): void {
  const got = f(...views);
  const shape = views.reduce<number[]>((s, v) => broadcastShapeRef(s, v.shape)!, []);
  const want = f(...views.map((v) => packed(v, shape)));
  expect(got.dtype, what).toBe(want.dtype);
  expect(got.shape, what).toEqual(want.shape);
  expect(values(got), what).toEqual(values(want));
}

function checkComparisons(): void {
  const rng = new TestRng(11);
  st.tidy(() => {
    for (const dtype of DTYPES) {
      for (const la of NAMES) {
        for (const lb of NAMES) {
          const a = LAYOUTS[la](rng, dtype), b = LAYOUTS[lb](rng, dtype);
          for (const op of COMPARE_OPS) expectSame((x, y) => st[op](x, y), [a, b], `${op} ${dtype} ${la} ${lb}`);
        }
        // A plain number on either side: a stride-0 operand beside the view (2^40 widens int32 to float64: a converted copy).
        const a = LAYOUTS[la](rng, dtype);
        for (const s of [0.5, 1, -Infinity, NaN, 2 ** 40]) {
          for (const op of COMPARE_OPS) {
            expectSame((x) => st[op](x, s), [a], `${op} ${dtype} ${la} ${s}`);
            expectSame((x) => st[op](s, x), [a], `${s} ${op} ${dtype} ${la}`);
          }
        }
      }
    }
    // Operands of different dtypes: the one not in the compute dtype is converted, the other read in place.
    for (const la of NAMES) {
      const a = LAYOUTS[la](rng, "int32"), b = LAYOUTS[NAMES[(NAMES.indexOf(la) + 1) % NAMES.length]](rng, "float32");
      for (const op of COMPARE_OPS) expectSame((x, y) => st[op](x, y), [a, b], `${op} int32 ${la} float32`);
    }
  });
}

function checkLogical(): void {
  const rng = new TestRng(12);
  st.tidy(() => {
    for (const dtype of DTYPES) {
      for (const la of NAMES) {
        expectSame((x) => st.logicalNot(x), [LAYOUTS[la](rng, dtype)], `logicalNot ${dtype} ${la}`);
        for (const lb of NAMES) {
          const a = LAYOUTS[la](rng, dtype), b = LAYOUTS[lb](rng, dtype === "bool" ? "bool" : DTYPES[NAMES.indexOf(lb) % DTYPES.length]);
          for (const op of LOGICAL_OPS.filter((o) => o !== "logicalNot")) {
            expectSame((x, y) => st[op](x, y), [a, b], `${op} ${dtype} ${la} ${lb}`);
          }
        }
      }
    }
  });
}

function checkWhere(): void {
  const rng = new TestRng(13);
  st.tidy(() => {
    for (const dtype of DTYPES) {
      for (const lc of NAMES) {
        for (const la of NAMES) {
          const lb = NAMES[(NAMES.indexOf(lc) + NAMES.indexOf(la)) % NAMES.length];
          const cond = LAYOUTS[lc](rng, "bool"), a = LAYOUTS[la](rng, dtype), b = LAYOUTS[lb](rng, dtype);
          expectSame((c, x, y) => st.where(c, x, y), [cond, a, b], `where ${dtype} ${lc} ${la} ${lb}`);
          expectSame((c, x) => st.where(c, x, 1), [cond, a], `where ${dtype} ${lc} ${la} 1`);
          expectSame((c, y) => st.where(c, 0, y), [cond, b], `where ${dtype} ${lc} 0 ${lb}`);
        }
        // A condition of another dtype (converted to bool), and x and y of different dtypes (promoted).
        const cond = LAYOUTS[lc](rng, dtype), a = LAYOUTS.transposed(rng, "float32"), b = LAYOUTS.row(rng, "int32");
        expectSame((c, x, y) => st.where(c, x, y), [cond, a, b], `where cond ${dtype} ${lc}`);
      }
    }
  });
}

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

describeEachBuild(st, st.backendInfo().available, () => {
  it("comparisons read broadcast, strided and flipped operands in place, every dtype", checkComparisons);
  it("logical ops read broadcast, strided and flipped operands in place, every dtype", checkLogical);
  it("where reads broadcast, strided and flipped operands in place, every dtype", checkWhere);
});

describe("on 2 worker threads, split along the walk's outer axis", () => {
  onThreads(2, { elementwisePerThread: 16 });
  it("comparisons", checkComparisons);
  it("logical ops", checkLogical);
  it("where", checkWhere);

  it("where's gradient through transposed and broadcast operands", () => {
    st.tidy(() => {
      const cond = st.transpose(st.tensor([[true, false], [false, false], [true, true]]));
      const result = st.checkGradients((x, y) => st.sum(st.mul(st.where(cond, x, y), st.tensor([[1, 2, 3], [4, 5, 6]], "float64"))), [
        st.transpose(st.tensor([[0.5], [-1], [2]], "float64")),
        st.flip(st.tensor([[1], [3]], "float64")),
      ]);
      expect(result.ok).toBe(true);
    });
  });
});
