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
