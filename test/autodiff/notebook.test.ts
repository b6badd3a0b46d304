// The notebook's three GradientTape cells, with the notebook's printed numbers.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose } from "./helpers.js";

describe("the notebook's GradientTape cells", () => {
  it("d(2x + 3)/dx = 2 for a scalar variable", () => {
    const x = st.variable(0);
    const tape = new st.GradientTape();
    const y = tape.record(() => st.add(st.mul(2, x), 3));
    const g = tape.gradient(y, x);
    expect(g).not.toBeNull();
    expect(g!.shape).toEqual([]);
    expect(g!.dtype).toBe("float32");
    expect(g!.item()).toBe(2);
    expect(g!.toString()).toBe("2.0");
  });

  it("d(2x + 3)/dx = 2 for a (2, 2) variable", () => {
    const x = st.variable(st.randomUniform([2, 2]));
    const tape = new st.GradientTape();
    const y = tape.record(() => st.add(st.mul(2, x), 3));
    const g = tape.gradient(y, x)!;
    expect(g.shape).toEqual([2, 2]);
    expect(g.toArray()).toEqual([[2, 2], [2, 2]]);
  });

  it("gradients of matmul(x, W) + b with respect to [W, b]", () => {
    const W = st.variable([[0.5864936, 0.5392288], [0.0373162, 0.5145111]]);
    const b = st.variable(st.zeros([2]));
    const x = st.tensor([[0.7531737, 0.55128396], [0.40519285, 0.30589557]]);
    const tape = new st.GradientTape();
    const y = tape.record(() => st.add(st.matmul(x, W), b));
    const [dW, db] = tape.gradient(y, [W, b]);
    expectClose(dW, [[1.1583666, 1.1583666], [0.8571795, 0.8571795]], 1e-7);
    expect(db!.toArray()).toEqual([2, 2]);
    // The same with the method spellings.
    const tape2 = new st.GradientTape();
    const y2 = tape2.record(() => x.matmul(W).add(b));
    expectClose(tape2.gradient(y2, W), [[1.1583666, 1.1583666], [0.8571795, 0.8571795]], 1e-7);
  });
});
