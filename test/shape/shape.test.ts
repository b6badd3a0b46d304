import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contiguousStrides, formatShape, isContiguous, parseShape, shapesEqual, sizeOf } from "../../src/shape/shape.js";
import { ShapeError } from "../../src/errors.js";
import { fcParams } from "../helpers/fc.js";
import { dot, forEachIndex, rowMajorStrides, sizeOfShape } from "../helpers/reference.js";

describe("sizeOf and contiguousStrides", () => {
  it("match the row-major definitions", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }), (shape) => {
        expect(sizeOf(shape)).toBe(sizeOfShape(shape));
        expect(contiguousStrides(shape)).toEqual(rowMajorStrides(shape));
      }),
      fcParams(),
    );
    expect(sizeOf([])).toBe(1);
    expect(contiguousStrides([])).toEqual([]);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
  });
});

describe("isContiguous", () => {
  it("property: true exactly when the view reads element p at address p (non-empty views)", () => {
    const arb = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 5 }).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        // Mostly row-major strides, perturbed on one axis now and then.
        strides: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: shape.length, maxLength: shape.length }).map((noise) => {
          const s = rowMajorStrides(shape);
          return s.map((v, k) => (noise[k] === 2 ? v : v + noise[k]));
        }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ shape, strides }) => {
        let rowMajor = true;
        forEachIndex(shape, (idx, p) => {
          if (dot(idx, strides) !== p) rowMajor = false;
        });
        expect(isContiguous(shape, strides)).toBe(rowMajor);
      }),
      fcParams(500),
    );
  });

  it.each([
    [[2, 3], [3, 1], true],
    [[2, 3], [1, 2], false],
    [[3, 1, 4], [4, 99, 1], true], // a size-1 axis's stride never matters
    [[1], [7], true],
    [[], [], true],
    [[2, 3], [0, 1], false], // broadcast rows
    [[2, 3], [3, -1], false],
  ])("shape %j strides %j: %s", (shape, strides, expected) => {
    expect(isContiguous(shape, strides)).toBe(expected);
  });
});

describe("formatShape", () => {
  it("spells shapes as numpy tuples", () => {
    expect(formatShape([])).toBe("()");
    expect(formatShape([4])).toBe("(4,)");
    expect(formatShape([2, 3])).toBe("(2, 3)");
  });
});

describe("shapesEqual", () => {
  it("compares element-wise", () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2], [2, 1])).toBe(false);
    expect(shapesEqual([], [])).toBe(true);
  });
});

describe("parseShape", () => {
  it("accepts arrays of non-negative integers and returns a copy", () => {
    const s = [2, 0, 3];
    const parsed = parseShape(s, "zeros");
    expect(parsed).toEqual(s);
    expect(parsed).not.toBe(s);
    expect(parseShape([], "zeros")).toEqual([]);
  });

  it.each([[[-1]], [[1.5]], [[NaN]], [["2"]], [[Infinity]], ["(2, 3)"], [3], [null]])(
    "rejects %j with a ShapeError naming the op",
    (bad) => {
      expect(() => parseShape(bad, "zeros")).toThrow(ShapeError);
      expect(() => parseShape(bad, "zeros")).toThrow(/zeros/);
    },
  );
});
