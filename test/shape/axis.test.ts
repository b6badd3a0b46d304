import { describe, expect, it } from "vitest";
import { normalizeAxis, normalizePermutation } from "../../src/shape/axis.js";
import { AxisError } from "../../src/errors.js";

describe("normalizeAxis", () => {
  it("maps [-rank, rank) onto [0, rank)", () => {
    for (let rank = 1; rank <= 4; rank++) {
      for (let a = -rank; a < rank; a++) expect(normalizeAxis(a, rank, "op")).toBe(a < 0 ? a + rank : a);
    }
  });

  it.each([
    [3, 3],
    [-4, 3],
    [0, 0],
    [1.5, 3],
    [NaN, 3],
  ])("axis %s of rank %s is an AxisError naming the axis and the rank", (axis, rank) => {
    expect(() => normalizeAxis(axis, rank, "squeeze")).toThrow(AxisError);
    expect(() => normalizeAxis(axis, rank, "squeeze")).toThrow(new RegExp(`squeeze.*${String(axis)}.*rank ${rank}`));
  });
});

describe("normalizePermutation", () => {
  it("accepts permutations, with negative axes", () => {
    expect(normalizePermutation([1, 0, 2], 3, "transpose")).toEqual([1, 0, 2]);
    expect(normalizePermutation([-1, 0, 1], 3, "transpose")).toEqual([2, 0, 1]);
    expect(normalizePermutation([], 0, "transpose")).toEqual([]);
  });

  it("rejects wrong lengths, repeats and out-of-range axes with AxisError", () => {
    expect(() => normalizePermutation([0, 1], 3, "transpose")).toThrow(AxisError);
    expect(() => normalizePermutation([0, 0, 1], 3, "transpose")).toThrow(/repeats/);
    expect(() => normalizePermutation([0, -3, 1], 3, "transpose")).toThrow(AxisError); // -3 is axis 0 again
    expect(() => normalizePermutation([0, 1, 3], 3, "transpose")).toThrow(AxisError);
  });
});
