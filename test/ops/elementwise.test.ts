// Every element-wise kernel on every kernel build this runtime offers (scalar and simd
// always; relaxed when the runtime validates it, else see backend/relaxed-build.test.ts).
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { elementwiseSuite } from "../helpers/elementwise-suite.js";

const builds = st.backendInfo().available;

describe("kernel builds on offer", () => {
  it("always include the scalar and SIMD builds", () => {
    expect(builds).toContain("scalar");
    expect(builds).toContain("simd");
  });
});

elementwiseSuite(st, builds);

describe("after the suite", () => {
  it("the default build is restored", () => {
    expect(st.backendInfo().build).toBe(st.backendInfo().defaultBuild);
  });
});
