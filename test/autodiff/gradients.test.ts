// Every op's gradient against central differences (st.checkGradients), on broadcast shapes
// and on every input layout (contiguous, offset, transposed, strided, reversed), in float32
// and float64.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { ELEMENTWISE } from "../../src/manifest.js";
import { expectClose, expectGradientsMatch, LAYOUTS, make, type Layout } from "./helpers.js";

type Fn = (...xs: st.Tensor[]) => st.Tensor;

interface Case {
  name: string;
  f: Fn;
  /** One shape per input. */
  shapes: number[][];
  /** Inputs that must be positive (divisors, sqrt). */
  positive?: number[];
}

const BINARY_SHAPES: number[][][] = [
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[2, 1, 4], [3, 1]],
  [[3, 4], []],
  [[1], [2, 3]],
];

const binary = (name: string, f: Fn, positiveSecond = false): Case[] =>
  BINARY_SHAPES.map((shapes) => ({ name: `${name} ${JSON.stringify(shapes)}`, f, shapes, positive: positiveSecond ? [1] : [] }));

const CASES: Case[] = [
  ...binary("add", st.add),
  ...binary("sub", st.sub),
  ...binary("mul", st.mul),
  ...binary("div", st.div, true),
  ...binary("maximum", st.maximum),
  ...binary("minimum", st.minimum),
  { name: "add a number", f: (x) => st.add(x, 2.5), shapes: [[3, 4]] },
  { name: "sub from a number", f: (x) => st.sub(2.5, x), shapes: [[3, 4]] },
  { name: "mul by a number", f: (x) => st.mul(-1.5, x), shapes: [[3, 4]] },
  { name: "div by a number", f: (x) => st.div(x, 3), shapes: [[3, 4]] },
  { name: "number div", f: (x) => st.div(2, x), shapes: [[3, 4]], positive: [0] },
  { name: "maximum with a number", f: (x) => st.maximum(x, 0.1), shapes: [[3, 4]] },
  { name: "minimum with a number", f: (x) => st.minimum(0.1, x), shapes: [[3, 4]] },
  { name: "relu", f: st.relu, shapes: [[3, 4]] },
  { name: "neg", f: st.neg, shapes: [[2, 3, 2]] },
  { name: "abs", f: st.abs, shapes: [[3, 4]] },
  { name: "square", f: st.square, shapes: [[3, 4]] },
  { name: "sqrt", f: st.sqrt, shapes: [[3, 4]], positive: [0] },
  { name: "exp", f: st.exp, shapes: [[3, 4]] },
  { name: "log", f: st.log, shapes: [[3, 4]], positive: [0] },
  { name: "tanh", f: st.tanh, shapes: [[3, 4]] },
  { name: "sigmoid", f: st.sigmoid, shapes: [[2, 3, 2]] },
  { name: "sign", f: st.sign, shapes: [[3, 4]] },
  { name: "floor", f: st.floor, shapes: [[3, 4]] },
  { name: "ceil", f: st.ceil, shapes: [[3, 4]] },
  { name: "round", f: st.round, shapes: [[3, 4]] },
  { name: "reciprocal", f: st.reciprocal, shapes: [[3, 4]], positive: [0] },
  { name: "log1p", f: st.log1p, shapes: [[3, 4]], positive: [0] },
  { name: "expm1", f: st.expm1, shapes: [[3, 4]] },
  { name: "softplus", f: st.softplus, shapes: [[2, 3, 2]] },
  { name: "sin", f: st.sin, shapes: [[3, 4]] },
  { name: "cos", f: st.cos, shapes: [[3, 4]] },
  // Divisors in [1.7, 2.7] and |a| in [0.2, 1.2]: a / b stays off the integers where mod
  // and floorDiv jump (floorDiv is -1 or 0, so b's gradient through mod is -dy or 0).
  ...BINARY_SHAPES.map((shapes) => ({ name: `mod ${JSON.stringify(shapes)}`, f: (a: st.Tensor, b: st.Tensor) => st.mod(a, st.add(b, 1.5)), shapes, positive: [1] })),
  ...BINARY_SHAPES.map((shapes) => ({ name: `floorDiv ${JSON.stringify(shapes)}`, f: (a: st.Tensor, b: st.Tensor) => st.floorDiv(a, st.add(b, 1.5)), shapes, positive: [1] })),
  { name: "mod by a number", f: (x) => st.mod(x, -1.5), shapes: [[3, 4]] },
  { name: "number mod", f: (x) => st.mod(-0.1, st.add(x, 1.5)), shapes: [[3, 4]], positive: [0] },
  ...BINARY_SHAPES.map((shapes) => ({ name: `pow ${JSON.stringify(shapes)}`, f: st.pow, shapes, positive: [0] })),
  { name: "pow by a number", f: (x) => st.pow(x, 3), shapes: [[3, 4]] },
  { name: "pow by a fraction", f: (x) => st.pow(x, -0.5), shapes: [[3, 4]], positive: [0] },
  { name: "number to a power", f: (x) => st.pow(2.5, x), shapes: [[3, 4]] },
  { name: "softmax", f: (x) => st.softmax(x), shapes: [[3, 4]] },
  { name: "softmax axis 0", f: (x) => st.softmax(x, 0), shapes: [[3, 4]] },
  { name: "logSoftmax", f: (x) => st.logSoftmax(x), shapes: [[2, 3, 4]] },
  { name: "logSoftmax axis 1", f: (x) => st.logSoftmax(x, 1), shapes: [[2, 3, 4]] },
  { name: "softmaxCrossEntropy (labels and logits)", f: (y, x) => st.softmaxCrossEntropy(st.softmax(y), x), shapes: [[3, 4], [3, 4]] },
  { name: "reshape", f: (x) => st.reshape(x, [2, -1]), shapes: [[3, 4]] },
  { name: "reshape to 0-d", f: (x) => st.reshape(x, []), shapes: [[1, 1]] },
  { name: "transpose", f: (x) => st.transpose(x), shapes: [[2, 3, 4]] },
  { name: "transpose perm", f: (x) => st.transpose(x, [1, 2, 0]), shapes: [[2, 3, 4]] },
  { name: "expandDims", f: (x) => st.expandDims(x, 1), shapes: [[3, 4]] },
  { name: "expandDims -1", f: (x) => st.expandDims(x, -1), shapes: [[3, 4]] },
  { name: "squeeze all", f: (x) => st.squeeze(x), shapes: [[3, 1, 4, 1]] },
  { name: "squeeze axis", f: (x) => st.squeeze(x, 1), shapes: [[3, 1, 4]] },
  { name: "broadcastTo", f: (x) => st.broadcastTo(x, [2, 3, 4]), shapes: [[3, 1]] },
  { name: "slice", f: (x) => st.slice(x, [1, 2], [2, -1]), shapes: [[4, 5]] },
  { name: "slice negative begin", f: (x) => st.slice(x, [-2]), shapes: [[4, 5]] },
  { name: "stridedSlice steps", f: (x) => st.stridedSlice(x, [null, 4], [null, 0], [2, -3]), shapes: [[5, 6]] },
  { name: "stridedSlice reverse", f: (x) => st.stridedSlice(x, [], [], [-1, 1]), shapes: [[3, 4]] },
  { name: "stridedSlice inner range", f: (x) => st.stridedSlice(x, [1, 1], [3, 6], [1, 2]), shapes: [[4, 7]] },
  { name: "concat axis 0", f: (a, b, c) => st.concat([a, b, c], 0), shapes: [[2, 3], [1, 3], [3, 3]] },
  { name: "concat axis 1", f: (a, b) => st.concat([a, b], 1), shapes: [[2, 3], [2, 2]] },
  { name: "stack axis 0", f: (a, b) => st.stack([a, b]), shapes: [[2, 3], [2, 3]] },
  { name: "stack axis -1", f: (a, b, c) => st.stack([a, b, c], -1), shapes: [[2, 3], [2, 3], [2, 3]] },
  { name: "matmul", f: st.matmul, shapes: [[3, 4], [4, 5]] },
  { name: "matmul batched", f: st.matmul, shapes: [[2, 3, 4], [2, 4, 2]] },
  { name: "matmul broadcast batch (a)", f: st.matmul, shapes: [[3, 4], [5, 4, 2]] },
  { name: "matmul broadcast batch (both)", f: st.matmul, shapes: [[2, 1, 3, 4], [3, 4, 2]] },
  { name: "matmul vector @ matrix", f: st.matmul, shapes: [[4], [4, 3]] },
  { name: "matmul matrix @ vector", f: st.matmul, shapes: [[3, 4], [4]] },
  { name: "matmul vector @ vector", f: st.matmul, shapes: [[4], [4]] },
  { name: "matmul column (n = 1)", f: st.matmul, shapes: [[3, 4], [4, 1]] },
  { name: "dot 1-d", f: st.dot, shapes: [[5], [5]] },
  { name: "dot N-d · 1-d", f: st.dot, shapes: [[2, 3, 4], [4]] },
  { name: "dot N-d · M-d", f: st.dot, shapes: [[2, 3, 4], [2, 4, 3]] },
  { name: "sum all", f: (x) => st.sum(x), shapes: [[3, 4]] },
  { name: "sum axis", f: (x) => st.sum(x, 1), shapes: [[3, 4]] },
  { name: "sum axes keepdims", f: (x) => st.sum(x, [0, 2], true), shapes: [[2, 3, 4]] },
  { name: "sum negative axis", f: (x) => st.sum(x, -1), shapes: [[2, 3, 4]] },
  { name: "mean all", f: (x) => st.mean(x), shapes: [[3, 4]] },
  { name: "mean axes", f: (x) => st.mean(x, [0, 2]), shapes: [[2, 3, 4]] },
  { name: "mean keepdims", f: (x) => st.mean(x, 0, true), shapes: [[3, 4]] },
  { name: "max all", f: (x) => st.max(x), shapes: [[3, 4]] },
  { name: "max axis", f: (x) => st.max(x, 1), shapes: [[3, 4]] },
  { name: "max keepdims", f: (x) => st.max(x, [0, 2], true), shapes: [[2, 3, 4]] },
  { name: "min axis", f: (x) => st.min(x, 0), shapes: [[3, 4]] },
  { name: "min all", f: (x) => st.min(x), shapes: [[2, 3, 2]] },
  { name: "prod axis", f: (x) => st.prod(x, 1), shapes: [[3, 4]] },
  { name: "prod all", f: (x) => st.prod(x), shapes: [[2, 3]] },
  { name: "astype float64", f: (x) => st.astype(x, "float64"), shapes: [[3, 4]] },
  // Compositions, so that gradients meet, accumulate and flow through views of views.
  { name: "x·x + x (a tensor used three times)", f: (x) => st.add(st.mul(x, x), x), shapes: [[3, 4]] },
  { name: "dense layer", f: (x, w, b) => st.relu(st.add(st.matmul(x, w), b)), shapes: [[5, 4], [4, 3], [3]] },
  { name: "normalize rows", f: (x) => st.div(x, st.sqrt(st.sum(st.square(x), 1, true))), shapes: [[3, 4]] },
  { name: "slice of a transpose", f: (x) => st.slice(st.transpose(x), [1, 0], [2, 2]), shapes: [[3, 4]] },
];

function inputsFor(c: Case, layout: Layout, dtype: st.DType): st.Tensor[] {
  return c.shapes.map((shape, i) => make(shape, 17 * (i + 1) + c.name.length, shape.length === 0 ? "contiguous" : layout, { positive: c.positive?.includes(i), dtype }));
}

describe.each(["float32", "float64"] as const)("checkGradients on every op (%s)", (dtype) => {
  describe.each(LAYOUTS.map((l) => [l]))("%s inputs", (layout) => {
    it.each(CASES.map((c) => [c.name, c]))("%s", (_name, c) => {
      st.tidy(() => {
        expectGradientsMatch(c.f, inputsFor(c, layout, dtype));
      });
    });
  });
});

it("every differentiable op of the manifest has a checkGradients case", () => {
  for (const [op, spec] of Object.entries(ELEMENTWISE)) {
    if (spec.differentiable) expect(CASES.some((c) => c.name === op || c.name.startsWith(`${op} `)), op).toBe(true);
  }
});

describe("gradients of broadcast (stride-0) inputs", () => {
  it("a broadcast view as a source gets a gradient of its own shape", () => {
    st.tidy(() => {
      const b = st.broadcastTo(make([4], 3), [3, 4]);
      expectGradientsMatch(st.mul, [make([3, 4], 1), b]);
    });
  });

  it("a broadcast batch operand of matmul gets its gradient summed back to its shape", () => {
    st.tidy(() => {
      const a = make([3, 4], 1);
      const b = make([2, 4, 5], 2);
      const tape = new st.GradientTape();
      tape.watch([a, b]);
      const y = tape.record(() => st.matmul(a, b));
      const [da, db] = tape.gradient(y, [a, b]);
      expect(da!.shape).toEqual([3, 4]);
      expect(db!.shape).toEqual([2, 4, 5]);
      // da = sum over the batch of ones(3,5) @ b[i]ᵀ.
      const expected = st.sum(st.matmul(st.ones([3, 5]), st.transpose(b, [0, 2, 1])), 0);
      expectClose(da, expected.toArray() as number[][], 1e-5);
    });
  });
});

describe("mixed dtypes", () => {
  it("each operand's gradient has its own dtype", () => {
    st.tidy(() => {
      const a = make([3, 4], 1);
      const b = make([4], 2, "contiguous", { dtype: "float64" });
      const tape = new st.GradientTape();
      tape.watch([a, b]);
      const y = tape.record(() => st.mul(a, b));
      expect(y.dtype).toBe("float64");
      const [da, db] = tape.gradient(y, [a, b]);
      expect(da!.dtype).toBe("float32");
      expect(db!.dtype).toBe("float64");
      expectGradientsMatch(st.mul, [a, b]);
      expectGradientsMatch(st.matmul, [make([2, 3], 3), make([3, 2], 4, "transposed", { dtype: "float64" })]);
      expectGradientsMatch((x) => st.astype(x, "float32"), [make([3], 5, "contiguous", { dtype: "float64" })], { eps: 1e-2, rtol: 1e-3, atol: 1e-4 });
    });
  });
});

describe("ties and kinks", () => {
  const gradOf = (f: Fn, xs: st.Tensor[]) => {
    const tape = new st.GradientTape();
    tape.watch(xs);
    const y = tape.record(() => f(...xs));
    return tape.gradient(y, xs);
  };

  it("relu and abs have gradient 0 at 0", () => {
    st.tidy(() => {
      const x = st.tensor([-1, 0, 2]);
      expect(gradOf(st.relu, [x])[0]!.toArray()).toEqual([0, 0, 1]);
      expect(gradOf(st.abs, [x])[0]!.toArray()).toEqual([-1, 0, 1]);
    });
  });

  it("relu's mask is exact for subnormal and huge inputs", () => {
    st.tidy(() => {
      const x = st.tensor([1e-45, -1e-45, 3e38, Infinity, -Infinity]);
      expect(gradOf(st.relu, [x])[0]!.toArray()).toEqual([1, 0, 1, 1, 0]);
      const x64 = st.tensor(new Float64Array([5e-324, -5e-324, 1e308]));
      expect(gradOf(st.relu, [x64])[0]!.toArray()).toEqual([1, 0, 1]);
    });
  });

  it("maximum and minimum send a tie to the first operand", () => {
    st.tidy(() => {
      const a = st.tensor([1, 2, 3]);
      const b = st.tensor([1, 5, 0]);
      const [dmaxA, dmaxB] = gradOf(st.maximum, [a, b]);
      expect(dmaxA!.toArray()).toEqual([1, 0, 1]);
      expect(dmaxB!.toArray()).toEqual([0, 1, 0]);
      const [dminA, dminB] = gradOf(st.minimum, [a, b]);
      expect(dminA!.toArray()).toEqual([1, 1, 0]);
      expect(dminB!.toArray()).toEqual([0, 0, 1]);
    });
  });

  it("max and min split the gradient evenly between tied elements", () => {
    st.tidy(() => {
      const x = st.tensor([[1, 3, 3], [2, 0, 2], [5, 5, 5]]);
      expectClose(gradOf((t) => st.max(t, 1), [x])[0], [[0, 0.5, 0.5], [0.5, 0, 0.5], [1 / 3, 1 / 3, 1 / 3]]);
      expectClose(gradOf((t) => st.min(t), [x])[0], [[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
    });
  });

  it("prod's gradient is the product of the other elements, zeros included", () => {
    st.tidy(() => {
      const x = st.tensor([[2, 3, 4], [2, 0, 5], [0, 3, 0]]);
      expect(gradOf((t) => st.prod(t, 1), [x])[0]!.toArray()).toEqual([[12, 8, 6], [0, 10, 0], [0, 0, 0]]);
    });
  });
});
