// The engine seam (src/engine/engine.ts): run() checks operands and cleans up after a
// failing op for every kind of definition; recording is the engine's, per the op's flag;
// memory is made current by the engine, never by taking an address; storage holds no
// fusion state; and the backend uses the thread count it is given, not the pool's.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as st from "../../src/index.js";
import { run } from "../../src/engine/engine.js";
import { computeOp, viewOp } from "../../src/engine/op.js";
import { deferral } from "../../src/engine/fusion.js";
import { addressOf } from "../../src/backend/address.js";
import { kernels } from "../../src/backend/active-build.js";
import { runBinary } from "../../src/backend/elementwise.js";
import { Storage } from "../../src/memory/storage.js";
import { pool } from "../../src/threads/pool.js";
import { onThreads } from "../helpers/threads.js";

const FAILING_COMPUTE = computeOp<undefined, { shape: number[]; dtype: "float32" }>({
  name: "astype",
  differentiable: true,
  operands: ["first operand", "second operand"],
  plan: ([a]) => ({ shape: a.shape.slice(), dtype: "float32" }),
  compute() {
    throw new Error("kernel failed");
  },
});

const IDENTITY_VIEW = viewOp<undefined>({
  name: "reshape",
  differentiable: true,
  plan: (t) => ({ shape: t.shape, strides: t.strides }),
});

describe("run(op, inputs, attrs)", () => {
  it("names the op and the operand when an operand is not a live tensor", () => {
    const a = st.ones([2]);
    const gone = st.ones([2]);
    gone.dispose();
    expect(() => run(FAILING_COMPUTE, [a, 3 as never], undefined)).toThrow(/astype: second operand must be a Tensor, got number 3/);
    expect(() => run(FAILING_COMPUTE, [a, gone], undefined)).toThrow(st.DisposedTensorError);
    expect(() => run(IDENTITY_VIEW, [[1, 2] as never], undefined)).toThrow(/reshape: argument must be a Tensor, got an array/);
    expect(() => st.concat([])).toThrow(/concat: expected a non-empty array of tensors/);
    expect(() => st.concat([a, "x" as never])).toThrow(/concat: tensors\[1\] must be a Tensor/);
    a.dispose();
  });

  it("frees the output when compute throws: no tensor leaks, nothing is recorded", () => {
    const a = st.ones([3]);
    const before = st.memory();
    const tape = new st.GradientTape();
    expect(() => tape.record(() => run(FAILING_COMPUTE, [a, a], undefined))).toThrow("kernel failed");
    expect(st.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes });
    a.dispose();
  });

  it("records differentiable ops only: stopGradient and argmax leave no path to their operand", () => {
    const x = st.variable(st.tensor([1, 3, 2]));
    const tape = new st.GradientTape({ persistent: true });
    const y = tape.record(() => st.sum(st.mul(x, st.stopGradient(x))));
    expect(Array.from(tape.gradient(y, x)!.data())).toEqual([1, 3, 2]);
    const z = tape.record(() => st.argmax(x));
    expect(() => tape.gradient(z, x)).toThrow(/not computed on this tape/);
    tape.dispose();
    x.dispose();
  });
});

describe("memory access", () => {
  const min = deferral.minElements;
  beforeAll(() => {
    deferral.minElements = 1;
  });
  afterAll(() => {
    deferral.minElements = min;
  });
  afterEach(() => vi.restoreAllMocks());

  it("taking an address never runs a kernel; the engine runs the waiting call when the result is read", () => {
    st.tidy(() => {
      const x = st.ones([64]), y = st.full([64], 2);
      const binary = vi.spyOn(kernels.elementwise.float32, "binary");
      const z = st.add(x, y); // waits for a relu
      expect(binary).not.toHaveBeenCalled();
      addressOf(z);
      expect(binary).not.toHaveBeenCalled();
      expect(Array.from(z.data())).toEqual(new Array(64).fill(3));
      expect(binary).toHaveBeenCalledTimes(1);
    });
  });

  it("storage holds only its block and its count: no fusion state", () => {
    const s = new Storage(16);
    expect(Object.keys(s).sort()).toEqual(["bytes", "ptr", "refs"]);
    s.release();
  });
});

describe("threads are a parameter of a dispatch", () => {
  onThreads(2, { elementwisePerThread: 16 });
  afterEach(() => vi.restoreAllMocks());

  it("the backend splits by the count it is given, whatever the pool runs", () => {
    st.tidy(() => {
      const a = st.ones([1024]), b = st.ones([1024]);
      const out = st.zeros([1024]);
      const spy = vi.spyOn(pool, "run");
      runBinary("add", a, b, out, 1);
      expect(spy).not.toHaveBeenCalled();
      runBinary("add", a, b, out, 2);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(Array.from(out.data())).toEqual(new Array(1024).fill(2));
    });
  });

  it("an op run inside withThreads(1) is given one thread", () => {
    st.tidy(() => {
      const a = st.ones([1024]), b = st.ones([1024]);
      const spy = vi.spyOn(pool, "run");
      st.withThreads(1, () => st.exp(st.add(a, b)).data());
      expect(spy).not.toHaveBeenCalled();
    });
  });
});
