import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { collapseAxes } from "../../src/shape/collapse.js";
import { fcParams } from "../helpers/fc.js";
import { dot, forEachIndex, rowMajorStrides, sizeOfShape } from "../helpers/reference.js";

function addresses(shape: readonly number[], strides: readonly number[]): number[] {
  const out: number[] = [];
  forEachIndex(shape, (idx) => out.push(dot(idx, strides)));
  return out;
}

describe("collapseAxes", () => {
  const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 5 }).chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      operands: fc.array(
        fc.oneof(
          fc.constant(rowMajorStrides(shape)),
          fc.array(fc.integer({ min: -6, max: 6 }), { minLength: shape.length, maxLength: shape.length }),
          fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }).map((zero) =>
            rowMajorStrides(shape).map((s, k) => (zero[k] ? 0 : s)),
          ),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  );

  it("property: the collapsed iteration visits the same addresses in the same order, for every operand", () => {
    fc.assert(
      fc.property(arb, ({ shape, operands }) => {
        const c = collapseAxes(shape, operands);
        expect(c.strides).toHaveLength(operands.length);
        expect(sizeOfShape(c.shape)).toBe(sizeOfShape(shape));
        expect(c.shape.length).toBeGreaterThanOrEqual(1);
        expect(c.shape.length).toBeLessThanOrEqual(Math.max(1, shape.length));
        if (c.shape.length > 1) expect(c.shape.includes(1)).toBe(false);
        for (let k = 0; k < operands.length; k++) {
          expect(c.strides[k]).toHaveLength(c.shape.length);
          expect(addresses(c.shape, c.strides[k]), `operand ${k}`).toEqual(addresses(shape, operands[k]));
        }
      }),
      fcParams(500),
    );
  });

  it("collapses contiguous operands to one axis", () => {
    const shape = [4, 3, 2, 5];
    const s = rowMajorStrides(shape);
    expect(collapseAxes(shape, [s, s, s])).toEqual({ shape: [120], strides: [[1], [1], [1]] });
  });

  it("turns the (64,3,32,10) ⊕ (32,10) broadcast into (192, 320)", () => {
    const out = rowMajorStrides([64, 3, 32, 10]);
    const b = [0, 0, 10, 1];
    expect(collapseAxes([64, 3, 32, 10], [out, b, out])).toEqual({ shape: [192, 320], strides: [[320, 1], [0, 1], [320, 1]] });
  });

  it("drops size-1 axes, and keeps one axis for a single element", () => {
    expect(collapseAxes([1, 5, 1], [[9, 2, 7]])).toEqual({ shape: [5], strides: [[2]] });
    expect(collapseAxes([1, 1], [[3, 4], [0, 0]]).shape).toEqual([1]);
    expect(collapseAxes([], [[], []]).shape).toEqual([1]);
  });

  it("does not merge axes that step differently", () => {
    // A transposed (3, 4): strides (1, 3) cannot merge.
    expect(collapseAxes([4, 3], [[1, 4], [3, 1]])).toEqual({ shape: [4, 3], strides: [[1, 4], [3, 1]] });
  });
});
