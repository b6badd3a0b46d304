import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { broadcastShapes, broadcastStrides } from "../../src/shape/broadcast.js";
import { BroadcastError, ShapeError } from "../../src/errors.js";
import { fcParams } from "../helpers/fc.js";
import { broadcastShapeRef, dot, forEachIndex, tupleString } from "../helpers/reference.js";

const dim = fc.constantFrom(0, 1, 1, 2, 3, 4);
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 5 });

describe("broadcastShapes", () => {
  it.each([
    [[], [], []],
    [[3], [], [3]],
    [[], [2, 3], [2, 3]],
    [[2, 3], [3], [2, 3]],
    [[2, 1], [1, 3], [2, 3]],
    [[64, 3, 32, 10], [32, 10], [64, 3, 32, 10]],
    [[5, 1, 4], [3, 1], [5, 3, 4]],
    [[0], [1], [0]],
    [[1], [0], [0]],
    [[2, 0], [1, 1], [2, 0]],
    [[0, 3], [3], [0, 3]],
  ])("%j with %j gives %j", (a, b, out) => {
    expect(broadcastShapes(a, b, "op")).toEqual(out);
    expect(broadcastShapes(b, a, "op")).toEqual(out);
  });

  it.each([
    [[2, 3], [4]],
    [[3], [2]],
    [[0], [2]],
    [[2, 3, 4], [3, 3]],
  ])("%j with %j is a BroadcastError naming the op and both shapes", (a, b) => {
    let error: unknown;
    try {
      broadcastShapes(a, b, "maximum");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BroadcastError);
    expect(error).toBeInstanceOf(ShapeError);
    const message = (error as Error).message;
    expect(message).toContain("maximum");
    expect(message).toContain(tupleString(a));
    expect(message).toContain(tupleString(b));
  });

  it("property: agrees with the reference (throws exactly when it says incompatible), and is symmetric", () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, (a, b) => {
        const ref = broadcastShapeRef(a, b);
        if (ref === null) {
          expect(() => broadcastShapes(a, b, "add")).toThrow(BroadcastError);
          expect(() => broadcastShapes(b, a, "add")).toThrow(BroadcastError);
        } else {
          expect(broadcastShapes(a, b, "add")).toEqual(ref);
          expect(broadcastShapes(b, a, "add")).toEqual(ref);
        }
      }),
      fcParams(500),
    );
  });
});

describe("broadcastStrides", () => {
  const caseArb = shapeArb.chain((target) =>
    fc.record({
      target: fc.constant(target),
      drop: fc.integer({ min: 0, max: target.length }),
      ones: fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
      strides: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: target.length, maxLength: target.length }),
    }),
  );

  it("property: every target element reads the source element numpy's broadcasting maps it to", () => {
    fc.assert(
      fc.property(caseArb, ({ target, drop, ones, strides }) => {
        const shape = target.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
        const srcStrides = strides.slice(drop);
        const out = broadcastStrides(shape, srcStrides, target, "broadcastTo");
        expect(out).toHaveLength(target.length);
        const lead = target.length - shape.length;
        for (let k = 0; k < target.length; k++) {
          // Axes the source lacks, or has with length 1 under a longer target axis, step by 0.
          if (k < lead || (shape[k - lead] === 1 && target[k] !== 1)) expect(out[k], `axis ${k}`).toBe(0);
        }
        forEachIndex(target, (idx) => {
          const srcIdx = shape.map((d, k) => (d === 1 ? 0 : idx[lead + k]));
          expect(dot(idx, out)).toBe(dot(srcIdx, srcStrides));
        });
      }),
      fcParams(300),
    );
  });

  it.each([
    [[3], [2]],
    [[2, 3], [3]],
    [[0], [1]],
    [[2], [2, 3]],
  ])("%j cannot be broadcast to %j: BroadcastError naming both shapes", (shape, target) => {
    const strides = shape.map(() => 1);
    expect(() => broadcastStrides(shape, strides, target, "broadcastTo")).toThrow(BroadcastError);
    expect(() => broadcastStrides(shape, strides, target, "broadcastTo")).toThrow(tupleString(shape));
    expect(() => broadcastStrides(shape, strides, target, "broadcastTo")).toThrow(tupleString(target));
  });
});
