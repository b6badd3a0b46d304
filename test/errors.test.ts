// The error classes, and the error paths of the public API not covered next to their op:
// each throws the right class with a message that names the op and the problem.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../src/index.js";
import { BINARY_OPS, UNARY_OPS, tupleString } from "./helpers/reference.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

describe("error classes", () => {
  it("form one hierarchy under SimdTensorError, each with its own name", () => {
    const classes = [
      [st.ShapeError, "ShapeError"],
      [st.BroadcastError, "BroadcastError"],
      [st.DTypeError, "DTypeError"],
      [st.AxisError, "AxisError"],
      [st.DisposedTensorError, "DisposedTensorError"],
      [st.InvalidArgumentError, "InvalidArgumentError"],
      [st.FormatError, "FormatError"],
    ] as const;
    for (const [Cls, name] of classes) {
      const e = new Cls("m");
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(st.SimdTensorError);
      expect(e.name).toBe(name);
      expect(e.message).toBe("m");
      expect(String(e)).toBe(`${name}: m`);
    }
    expect(new st.BroadcastError("x")).toBeInstanceOf(st.ShapeError);
    expect(new st.SimdTensorError("x").name).toBe("SimdTensorError");
  });
});

describe("element-wise op errors", () => {
  it.each(BINARY_OPS)("%s: incompatible shapes are a BroadcastError naming the op and both shapes", (op) => {
    st.tidy(() => {
      for (const [a, b] of [
        [[2, 3], [4]],
        [[3], [2, 2]],
        [[64, 3, 32, 10], [3, 10]],
        [[0], [2]],
      ]) {
        const e = thrown(() => st[op](st.zeros(a), st.zeros(b)));
        expect(e).toBeInstanceOf(st.BroadcastError);
        expect(e.message).toContain(op);
        expect(e.message).toContain(tupleString(a));
        expect(e.message).toContain(tupleString(b));
      }
    });
  });

  it("an incompatible broadcast allocates nothing", () => {
    st.tidy(() => {
      const a = st.zeros([2, 3]);
      const b = st.zeros([4]);
      const before = st.memory();
      expect(() => st.add(a, b)).toThrow(st.BroadcastError);
      expect(st.memory().storages).toBe(before.storages);
      expect(st.memory().tensors).toBe(before.tensors);
    });
  });

  it.each(BINARY_OPS)("%s: a non-tensor, non-number operand is an InvalidArgumentError naming the op", (op) => {
    st.tidy(() => {
      const t = st.zeros([2]);
      for (const bad of [[1, 2], "1", null, undefined, {}, true]) {
        const e1 = thrown(() => st[op](t, bad as unknown as number));
        expect(e1, String(bad)).toBeInstanceOf(st.InvalidArgumentError);
        expect(e1.message).toContain(op);
        const e2 = thrown(() => st[op](bad as unknown as number, t));
        expect(e2, String(bad)).toBeInstanceOf(st.InvalidArgumentError);
      }
      // A nested array gets a hint.
      expect(thrown(() => st[op](t, [1, 2] as unknown as number)).message).toMatch(/st\.tensor/);
    });
  });

  it.each(UNARY_OPS)("%s: a non-tensor operand is an InvalidArgumentError naming the op", (op) => {
    for (const bad of [[1, 2], "1", null, {}]) {
      const e = thrown(() => st[op](bad as unknown as number));
      expect(e).toBeInstanceOf(st.InvalidArgumentError);
      expect(e.message).toContain(op);
    }
  });
});

describe("movement op errors name the op", () => {
  it.each([
    ["reshape", () => st.reshape(st.zeros([2, 3]), [5]), st.ShapeError],
    ["transpose", () => st.transpose(st.zeros([2, 3]), [0, 0]), st.AxisError],
    ["expandDims", () => st.expandDims(st.zeros([2, 3]), 5), st.AxisError],
    ["squeeze", () => st.squeeze(st.zeros([2, 3]), 0), st.ShapeError],
    ["squeeze", () => st.squeeze(st.zeros([2, 3]), 2), st.AxisError],
    ["broadcastTo", () => st.broadcastTo(st.zeros([2, 3]), [3, 3]), st.BroadcastError],
  ] as const)("%s", (op, call, Cls) => {
    st.tidy(() => {
      const e = thrown(call);
      expect(e).toBeInstanceOf(Cls);
      expect(e.message).toContain(op);
    });
  });

  it.each([
    ["reshape", (x: unknown) => st.reshape(x as st.Tensor, [1])],
    ["transpose", (x: unknown) => st.transpose(x as st.Tensor)],
    ["expandDims", (x: unknown) => st.expandDims(x as st.Tensor, 0)],
    ["squeeze", (x: unknown) => st.squeeze(x as st.Tensor)],
    ["broadcastTo", (x: unknown) => st.broadcastTo(x as st.Tensor, [1])],
    ["astype", (x: unknown) => st.astype(x as st.Tensor, "float32")],
  ] as const)("%s of a non-tensor is an InvalidArgumentError", (op, call) => {
    for (const bad of [[1], 3, null]) {
      const e = thrown(() => call(bad));
      expect(e).toBeInstanceOf(st.InvalidArgumentError);
      expect(e.message).toContain(op);
    }
  });
});
