import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { broadcastAxes, unbroadcast } from "../../src/autodiff/unbroadcast.js";

describe("unbroadcast", () => {
  it("finds the stretched and the leading axes", () => {
    expect(broadcastAxes([3, 4], [3, 4])).toEqual([]);
    expect(broadcastAxes([4], [2, 3, 4])).toEqual([0, 1]);
    expect(broadcastAxes([3, 1], [2, 3, 4])).toEqual([0, 2]);
    expect(broadcastAxes([], [2, 3])).toEqual([0, 1]);
    expect(broadcastAxes([1, 1], [1, 5])).toEqual([1]);
  });

  it("sums back to the operand's shape and dtype", () => {
    st.tidy(() => {
      const g = st.ones([2, 3, 4]);
      const r = unbroadcast(g, [3, 1], "float64");
      expect(r.shape).toEqual([3, 1]);
      expect(r.dtype).toBe("float64");
      expect(r.toArray()).toEqual([[8], [8], [8]]);
      expect(unbroadcast(g, [], "float32").item()).toBe(24);
      expect(unbroadcast(g, [2, 3, 4], "float32")).toBe(g);
    });
  });
});
