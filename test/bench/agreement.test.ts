import { describe, expect, it } from "vitest";
import { compareOutputs, describeMismatch } from "../../bench/agreement.js";

const tol = { rtol: 1e-6, atol: 1e-7 };

describe("the agreement check", () => {
  it("accepts identical outputs, NaN where the reference has NaN, and differences within the tolerance", () => {
    expect(compareOutputs([1, 0, -2, NaN, Infinity], new Float32Array([1, 0, -2, NaN, Infinity]), tol)).toMatchObject({ ok: true, maxAbsError: 0 });
    const close = compareOutputs([1000, 0], [1000.0005, 5e-8], tol);
    expect(close.ok).toBe(true);
    expect(close.maxAbsError).toBeCloseTo(5e-4, 9);
  });

  it("rejects a difference beyond the tolerance and names the first bad element", () => {
    const a = compareOutputs([1, 2, 3, 4], [1, 2, 3.01, 5], tol);
    expect(a.ok).toBe(false);
    expect(a.firstMismatch).toEqual({ index: 2, expected: 3, actual: 3.01 });
    expect(a.maxAbsError).toBe(1);
    expect(describeMismatch("SIMD wasm", "naive JS", a, tol)).toMatch(/SIMD wasm disagrees with naive JS beyond rtol 1e-6.*first at element 2: expected 3, got 3.01/);
  });

  it("rejects NaN against a number, a number against NaN, and mismatched lengths", () => {
    expect(compareOutputs([1, 2], [1, NaN], tol).ok).toBe(false);
    expect(compareOutputs([NaN], [0], tol).ok).toBe(false);
    const short = compareOutputs([1, 2, 3], [1, 2], tol);
    expect(short.ok).toBe(false);
    expect(describeMismatch("scalar wasm", "naive JS", short, tol)).toBe("scalar wasm disagrees with naive JS: 2 values instead of 3");
  });
});
