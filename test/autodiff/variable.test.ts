// Variables: creation, assign (copy into own storage, shape/dtype checks), tidy exemption.
import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import * as st from "../../src/index.js";

describe("variable", () => {
  it("from a number, nested arrays, a TypedArray or a tensor (copied)", () => {
    const a = st.variable(1.5);
    expect(a.shape).toEqual([]);
    expect(a.item()).toBe(1.5);
    const b = st.variable([[1, 2], [3, 4]], { name: "b" });
    expect(b.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(b.name).toBe("b");
    expect(b.trainable).toBe(true);
    const c = st.variable(new Float64Array([1, 2]));
    expect(c.dtype).toBe("float64");
    const t = st.tensor([5, 6]);
    const d = st.variable(st.transpose(st.reshape(t, [2, 1])), { trainable: false, dtype: "float64" });
    expect(d.toArray()).toEqual([[5, 6]]);
    expect(d.dtype).toBe("float64");
    expect(d.trainable).toBe(false);
    expect(d).toBeInstanceOf(st.Tensor);
    expect(d).toBeInstanceOf(st.Variable);
    [a, b, c, d, t].forEach((v) => v.dispose());
  });

  it("names default to Variable:N and show in inspect", () => {
    const v = st.variable([1, 2]);
    expect(v.name).toMatch(/^Variable:\d+$/);
    expect(inspect(v)).toContain(`Variable '${v.name}'`);
    v.dispose();
    expect(inspect(v)).toContain("<disposed>");
  });

  it("survives the tidy it was made in, and assign() keeps values made in a tidy", () => {
    let made: st.Variable | undefined;
    st.tidy(() => {
      made = st.variable(st.zeros([3]));
      made.assign(st.add(st.ones([3]), 1)); // not returned from the tidy: survives anyway
    });
    const v = made!;
    expect(v.isDisposed).toBe(false);
    expect(v.toArray()).toEqual([2, 2, 2]);
    st.tidy(() => {
      v.assign(st.mul(st.tensor([1, 2, 3]), 10));
    });
    expect(v.toArray()).toEqual([10, 20, 30]);
    v.assign([7, 8, 9]);
    expect(v.toArray()).toEqual([7, 8, 9]);
    v.dispose();
  });

  it("assign copies from views, including views of the variable itself", () => {
    const v = st.variable([[1, 2], [3, 4]]);
    v.assign(st.transpose(v));
    expect(v.toArray()).toEqual([[1, 3], [2, 4]]);
    const src = st.tensor([0, 1, 2, 3, 4, 5, 6, 7]);
    v.assign(st.reshape(st.stridedSlice(src, [null], [null], [2]), [2, 2]));
    expect(v.toArray()).toEqual([[0, 2], [4, 6]]);
    v.dispose();
    src.dispose();
  });

  it("assign with a wrong shape or dtype throws a clear error and leaves the variable unchanged", () => {
    const v = st.variable([1, 2, 3], { name: "w" });
    expect(() => v.assign(st.tensor([1, 2]))).toThrow(st.ShapeError);
    expect(() => v.assign(st.tensor([1, 2]))).toThrow("assign: value of shape (2,) does not fit variable 'w' of shape (3,)");
    expect(() => v.assign(st.tensor([1, 2, 3], undefined, "float64"))).toThrow(/value has dtype float64, variable 'w' has dtype float32/);
    expect(() => v.assign(5)).toThrow(st.ShapeError);
    expect(v.toArray()).toEqual([1, 2, 3]);
    v.dispose();
    expect(() => v.assign([1, 2, 3])).toThrow(st.DisposedTensorError);
  });

  it("rejects bad options", () => {
    expect(() => st.variable(1, { trainable: 1 as never })).toThrow(/trainable must be a boolean/);
    expect(() => st.variable(1, { dtype: "int8" as never })).toThrow(st.DTypeError);
  });

  it("a variable used in ops is an ordinary tensor", () => {
    const v = st.variable([1, 2]);
    const y = st.add(v, v);
    expect(y).not.toBeInstanceOf(st.Variable);
    expect(y.toArray()).toEqual([2, 4]);
    y.dispose();
    v.dispose();
  });
});

describe("a gradient uses the values its ops ran on (TensorFlow's rule), whatever assign does later", () => {
  it("assign between record and gradient: d(v·v)/dv at v = 3 is 6, not the new value's 10", () => {
    const v = st.variable(3);
    const tape = new st.GradientTape();
    const y = tape.record(() => st.mul(v, v));
    v.assign(st.tensor(5));
    const g = tape.gradient(y, v)!;
    expect(g.item()).toBe(6);
    expect(v.item()).toBe(5);
    for (const t of [g, y, v]) t.dispose();
  });

  it("a persistent tape across an optimizer step gives the gradients of the recorded values", () => {
    const w = st.variable(st.tensor([1, -2, 3]));
    const tape = new st.GradientTape({ persistent: true });
    const loss = tape.record(() => st.sum(st.square(w)));
    const g1 = tape.gradient(loss, w)!; // 2w = [2, -4, 6]
    st.optimizers.sgd({ learningRate: 0.1 }).applyGradients([[g1, w]]);
    expect(Array.from(w.data())).toEqual([1 - 0.2, -2 + 0.4, 3 - 0.6].map(Math.fround));
    const g2 = tape.gradient(loss, w)!;
    expect(Array.from(g2.data())).toEqual([2, -4, 6]);
    tape.dispose();
    for (const t of [g1, g2, loss, w]) t.dispose();
  });

  it("a view taken before assign keeps the old values; nothing leaks; without a holder the write is in place", () => {
    const before = st.memory();
    const v = st.tidy(() => st.variable(st.tensor([1, 2, 3, 4])));
    const view = st.reshape(v, [2, 2]);
    v.assign([5, 6, 7, 8]);
    expect(view.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(v.toArray()).toEqual([5, 6, 7, 8]);
    view.dispose();
    const block = v.storage;
    v.assign([9, 9, 9, 9]); // no other holder now: in place
    expect(v.storage).toBe(block);
    v.dispose();
    const after = st.memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
    expect(after.storages).toBe(before.storages);
  });
});

describe("assignAdd / assignSub", () => {
  it("write into the variable's own memory: same storage and address, memory() unchanged, returns the variable", () => {
    for (const dtype of ["float32", "float64", "int32"] as const) {
      const v = st.variable(st.tensor([1, 2, 3, 4, 5, 6], [2, 3], dtype));
      const d = st.tensor([10, 20, 30, 40, 50, 60], [2, 3], dtype);
      const one = st.ones([2, 3], dtype);
      const storage = v.storage!, address = storage.ptr;
      const before = st.memory();
      expect(v.assignAdd(d)).toBe(v);
      expect(v.assignSub(one)).toBe(v);
      const after = st.memory();
      expect(v.storage).toBe(storage);
      expect(v.storage!.ptr).toBe(address);
      expect([after.tensors, after.storages, after.bytes]).toEqual([before.tensors, before.storages, before.bytes]);
      expect(v.toArray()).toEqual([[10, 21, 32], [43, 54, 65]]);
      expect(v.dtype).toBe(dtype);
      [v, d, one].forEach((t) => t.dispose());
    }
  });

  it("broadcast the value to the variable's shape; numbers and arrays take its dtype; other dtypes are converted (Keras)", () => {
    st.tidy(() => {
      const v = st.variable(st.zeros([2, 3]));
      v.assignAdd(st.tensor([1, 2, 3]));
      v.assignAdd(st.tensor([[10], [20]]));
      v.assignSub(0.5);
      v.assignAdd([[1, 1, 1], [2, 2, 2]]);
      expect(v.toArray()).toEqual([[11.5, 12.5, 13.5], [22.5, 23.5, 24.5]]);
      v.assignSub(st.tensor([1.25, 2.25, 3.25], undefined, "float64")); // float64 into float32
      v.assignAdd(st.tensor([1, 1, 1], "int32"));
      expect(v.dtype).toBe("float32");
      expect(v.toArray()).toEqual([[11.25, 11.25, 11.25], [22.25, 22.25, 22.25]]);
      const i = st.variable(st.tensor([5, 6], "int32"));
      expect(() => i.assignAdd(0.5)).toThrow(st.InvalidArgumentError); // a fraction does not fit int32, as in assign
      i.assignAdd(st.tensor([1.9, -1.9])); // a float tensor converted (truncated) first, as astype
      expect(i.toArray()).toEqual([6, 5]);
      v.dispose();
      i.dispose();
    });
  });

  it("work on views of the variable itself, strided values and one-byte dtypes", () => {
    st.tidy(() => {
      const v = st.variable([[1, 2], [3, 4]]);
      v.assignAdd(v);
      expect(v.toArray()).toEqual([[2, 4], [6, 8]]);
      v.assignAdd(st.transpose(v)); // a view of the same block: read before it is overwritten
      expect(v.toArray()).toEqual([[4, 10], [10, 16]]);
      v.assignSub(st.stridedSlice(st.tensor([[1, 0, 2], [0, 0, 0], [3, 0, 4]]), [], [], [2, 2]));
      expect(v.toArray()).toEqual([[3, 8], [7, 12]]);
      const u = st.variable(st.tensor([250, 3], undefined, "uint8"));
      u.assignAdd(st.tensor([10, 1], undefined, "uint8"));
      expect(u.toArray()).toEqual([4, 4]); // wraps, as numpy's uint8
      const b = st.variable([true, false]);
      b.assignAdd([false, true]);
      expect(b.toArray()).toEqual([true, true]);
      expect(() => b.assignSub([true, true])).toThrow(st.DTypeError);
      [v, u, b].forEach((t) => t.dispose());
    });
  });

  it("are not recorded on tapes, and a tape that saved the value keeps what it saw", () => {
    const v = st.variable([1, 2, 3]);
    const tape = new st.GradientTape();
    const y = tape.record(() => {
      const s = st.sum(st.square(v)); // saves v's values
      v.assignAdd(st.tensor([1, 1, 1])); // not recorded; the saved values stay [1, 2, 3]
      return s;
    });
    expect(y.item()).toBe(14);
    expect(v.toArray()).toEqual([2, 3, 4]);
    expect(tape.gradient(y, v)!.toArray()).toEqual([2, 4, 6]);
    v.dispose();
    y.dispose();
  });

  it("errors name the variable and both shapes; a disposed variable", () => {
    const v = st.variable([1, 2], { name: "w" });
    expect(() => v.assignAdd(st.tensor([1, 2, 3]))).toThrow(st.BroadcastError);
    expect(() => v.assignAdd(st.tensor([1, 2, 3]))).toThrow(/assignAdd to variable 'w': cannot broadcast shape \(3,\) to \(2,\)/);
    expect(() => v.assignSub(st.zeros([2, 2]))).toThrow(/assignSub to variable 'w'/);
    expect(v.toArray()).toEqual([1, 2]);
    v.dispose();
    expect(() => v.assignAdd(1)).toThrow(st.DisposedTensorError);
  });
});
