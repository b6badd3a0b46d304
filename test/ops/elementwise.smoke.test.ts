import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

describe("seed example", () => {
  it("relu(x + y) matches the naive loops", () => {
    const x = st.randomUniform([20, 100], { seed: 1 });
    const y = st.randomUniform([20, 100], { seed: 2, min: -1, max: 0.5 });
    const fast = st.relu(st.add(x, y)).data();
    const naive = st.naive.relu(st.naive.add(x, y)).data();
    expect(Array.from(fast)).toEqual(Array.from(naive));
  });
});
