// The relaxed-SIMD build. Node 20 only validates relaxed SIMD behind a V8 flag, which the
// documented opt-in SIMD_TENSOR_RELAXED_SIMD=1 sets at load time; so this file opts in
// before loading the library (vitest runs each test file in its own process), checks that
// the build is then on offer and chosen by default, and runs the whole element-wise suite
// on it.
import { describe, expect, it } from "vitest";
import type * as St from "../../src/index.js";
import { elementwiseSuite } from "../helpers/elementwise-suite.js";

process.env.SIMD_TENSOR_RELAXED_SIMD = "1";
const st: typeof St = await import("../../src/index.js");
delete process.env.SIMD_TENSOR_RELAXED_SIMD; // read once, at load

describe("SIMD_TENSOR_RELAXED_SIMD=1", () => {
  it("makes the relaxed build available and the default", () => {
    const info = st.backendInfo();
    expect(info.relaxedSimd).toBe(true);
    expect(info.available).toEqual(["scalar", "simd", "relaxed"]);
    expect(info.defaultBuild).toBe("relaxed");
    expect(info.build).toBe("relaxed");
  });
});

elementwiseSuite(st, ["relaxed"]);

describe("the relaxed build on worker threads", () => {
  it("workers instantiate the relaxed module and give the calling thread's results", async () => {
    expect(st.backendInfo().build).toBe("relaxed");
    const a = st.randomUniform([256, 200], { seed: 1 }), b = st.randomUniform([200, 192], { seed: 2 });
    const x = st.randomUniform([1 << 18], { seed: 3, min: -1, max: 1 });
    const one = { c: st.matmul(a, b).data(), e: st.exp(x).data(), s: st.sum(x).item() };
    try {
      expect(await st.setThreads(2)).toBe(2);
      const run = (): typeof one => ({ c: st.matmul(a, b).data(), e: st.exp(x).data(), s: st.sum(x).item() });
      const two = run();
      // Row blocks and element ranges run the same FMA sequence per element: bit-identical.
      expect(Buffer.from(two.c.buffer).equals(Buffer.from(one.c.buffer))).toBe(true);
      expect(Buffer.from(two.e.buffer).equals(Buffer.from(one.e.buffer))).toBe(true);
      // The sum's partials combine in a different order: rounding only.
      expect(two.s).toBeCloseTo(one.s, 2);
    } finally {
      await st.setThreads(1);
    }
  });
});
