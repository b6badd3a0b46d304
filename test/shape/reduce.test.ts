import { describe, expect, it } from "vitest";
import { AxisError, InvalidArgumentError } from "../../src/errors.js";
import { argReducePlan, generalPlan, normalizeAxes, normalizeSingleAxis, reducePlan, reducedShape, reductionCount } from "../../src/shape/reduce.js";

describe("normalizeAxes", () => {
  it("omitted or null means every axis", () => {
    expect(normalizeAxes(undefined, 3, "sum")).toEqual([0, 1, 2]);
    expect(normalizeAxes(null, 2, "sum")).toEqual([0, 1]);
    expect(normalizeAxes(undefined, 0, "sum")).toEqual([]);
  });

  it("accepts one axis or a list, negative ones too, and sorts them", () => {
    expect(normalizeAxes(-1, 3, "sum")).toEqual([2]);
    expect(normalizeAxes([2, -3], 3, "sum")).toEqual([0, 2]);
    expect(normalizeAxes([], 3, "sum")).toEqual([]);
  });

  it("rejects axes out of range, repeated axes and non-numbers", () => {
    expect(() => normalizeAxes(3, 3, "sum")).toThrow(/sum: axis 3 .*rank 3/);
    expect(() => normalizeAxes([0, -3], 3, "max")).toThrow(AxisError);
    expect(() => normalizeAxes([0, -3], 3, "max")).toThrow(/max: axis -3 repeats/);
    expect(() => normalizeAxes("1" as unknown as number, 3, "sum")).toThrow(InvalidArgumentError);
    expect(() => normalizeAxes([null] as unknown as number[], 3, "sum")).toThrow(InvalidArgumentError);
  });
});

describe("normalizeSingleAxis", () => {
  it("is null when omitted, else one normalized axis", () => {
    expect(normalizeSingleAxis(undefined, 2, "argmax")).toBeNull();
    expect(normalizeSingleAxis(-2, 2, "argmax")).toBe(0);
    expect(() => normalizeSingleAxis([0], 2, "argmax")).toThrow(/argmax: axis must be a single number/);
    expect(() => normalizeSingleAxis(2, 2, "argmax")).toThrow(AxisError);
  });
});

describe("reducedShape and reductionCount", () => {
  it("drops or keeps the reduced axes", () => {
    expect(reducedShape([2, 3, 4], [0, 2], false)).toEqual([3]);
    expect(reducedShape([2, 3, 4], [0, 2], true)).toEqual([1, 3, 1]);
    expect(reducedShape([2, 3], [0, 1], false)).toEqual([]);
    expect(reductionCount([2, 3, 4], [0, 2])).toBe(8);
    expect(reductionCount([2, 0, 4], [1])).toBe(0);
    expect(reductionCount([2, 3], [])).toBe(1);
  });
});

describe("reducePlan", () => {
  it("streams the rows of a leading axis across a contiguous inner block", () => {
    const p = reducePlan([1000, 1000], [1000, 1], [0]);
    expect(p).toEqual({ shape: [1000], inStrides: [1], accStrides: [1], inOffset: 0, rows: 1000, rowStride: 1000 });
  });

  it("reduces a contiguous last axis row by row (accumulator stride 0 innermost)", () => {
    const p = reducePlan([1000, 1000], [1000, 1], [1]);
    expect(p).toMatchObject({ shape: [1000, 1000], inStrides: [1000, 1], accStrides: [1, 0], rows: 1 });
  });

  it("collapses a full reduction of a contiguous or transposed view to one row", () => {
    expect(reducePlan([4, 5, 6], [30, 6, 1], [0, 1, 2])).toMatchObject({ shape: [120], inStrides: [1], accStrides: [0] });
    expect(reducePlan([6, 5, 4], [1, 6, 30], [0, 1, 2])).toMatchObject({ shape: [120], inStrides: [1], accStrides: [0] });
  });

  it("streams a transposed view's axis 1 (it is the leading axis in memory)", () => {
    // x = y.T with y (1000, 500) row-major: x is (500, 1000) with strides (1, 500).
    const p = reducePlan([500, 1000], [1, 500], [1]);
    expect(p).toMatchObject({ shape: [500], inStrides: [1], accStrides: [1], rows: 1000, rowStride: 500 });
  });

  it("walks broadcast (stride 0) axes outermost", () => {
    const p = reducePlan([7, 100], [0, 1], [0]);
    expect(p).toMatchObject({ shape: [100], inStrides: [1], accStrides: [1], rows: 7, rowStride: 0 });
  });

  it("flips negative strides of reduced axes only", () => {
    const p = reducePlan([3, 4], [-4, -1], [1]);
    expect(p.inOffset).toBe(-3);
    expect(p).toMatchObject({ shape: [3, 4], inStrides: [-4, 1], accStrides: [1, 0] });
  });

  it("keeps the accumulator strides of the output layout when kept axes are reordered", () => {
    // (2, 3, 4) with reversed strides, reducing axis 1: kept axes 0 and 2 → output (2, 4).
    const p = reducePlan([2, 3, 4], [1, 2, 6], [1]);
    expect(p).toMatchObject({ shape: [4, 2], inStrides: [6, 1], accStrides: [1, 4], rows: 3, rowStride: 2 });
  });

  it("takes a shortcut for consecutive axes of a row-major view that agrees with the general plan", () => {
    for (const shape of [[2, 3, 4, 5], [3, 1, 4], [1, 6, 1]]) {
      const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
      for (let a = 0; a < shape.length; a++) {
        for (let b = a; b < shape.length; b++) {
          const axes = Array.from({ length: b - a + 1 }, (_, i) => a + i);
          expect(reducePlan(shape, strides, axes), `${shape} ${axes}`).toEqual(generalPlan(shape, strides, axes));
        }
      }
    }
  });

  it("has one axis even when every axis has length 1", () => {
    expect(reducePlan([1, 1], [1, 1], [0, 1])).toMatchObject({ shape: [1], rows: 1 });
  });
});

describe("argReducePlan", () => {
  it("searches contiguous rows horizontally", () => {
    expect(argReducePlan([8, 10], [10, 1], 1)).toEqual({ shape: [8], strides: [10], n: 10, stride: 1, vertical: false });
  });

  it("streams rows when the kept inner axis is contiguous", () => {
    expect(argReducePlan([8, 10], [10, 1], 0)).toEqual({ shape: [10], strides: [1], n: 8, stride: 10, vertical: true });
    expect(argReducePlan([2, 8, 10], [80, 10, 1], 1)).toEqual({ shape: [2, 10], strides: [80, 1], n: 8, stride: 10, vertical: true });
  });

  it("falls back to strided rows otherwise", () => {
    expect(argReducePlan([8, 10], [1, 8], 0)).toMatchObject({ vertical: false, stride: 1 });
    expect(argReducePlan([8], [3], 0)).toEqual({ shape: [1], strides: [1], n: 8, stride: 3, vertical: false });
  });
});
