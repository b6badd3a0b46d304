import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { reshapeStrides, resolveReshape } from "../../src/shape/reshape.js";
import { ShapeError } from "../../src/errors.js";
import { fcParams } from "../helpers/fc.js";
import { dot, forEachIndex, rowMajorStrides, sizeOfShape, unravel } from "../helpers/reference.js";

/** All factorisations of n into `parts` ordered factors (small n only). */
function reshapesOf(n: number, maxRank: number): number[][] {
  const out: number[][] = [[n]];
  const rec = (rest: number, prefix: number[]) => {
    if (prefix.length > 0) out.push([...prefix, rest]);
    if (prefix.length + 1 >= maxRank) return;
    for (let d = 1; d <= rest; d++) if (rest % d === 0) rec(rest / d, [...prefix, d]);
  };
  rec(n, []);
  return out;
}

/**
 * Brute force: the storage address of every element of the reshaped tensor (row-major
 * position p reads the source's element p), and whether that table is an affine function
 * of the target index (i.e. whether any stride vector can describe it).
 */
function addressTable(shape: number[], strides: number[], target: number[]): { addr: number[]; affine: boolean } {
  const addr: number[] = [];
  forEachIndex(target, (_idx, p) => addr.push(dot(unravel(p, shape), strides)));
  const ts = rowMajorStrides(target);
  let affine = true;
  forEachIndex(target, (idx, p) => {
    for (let k = 0; k < target.length; k++) {
      if (idx[k] + 1 < target[k]) {
        // Step along axis k must equal the step from index 0 along axis k.
        const step = addr[p + ts[k]] - addr[p];
        const step0 = addr[ts[k]] - addr[0];
        if (step !== step0) affine = false;
      }
    }
  });
  return { addr, affine };
}

describe("reshapeStrides", () => {
  const arb = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        kind: fc.constantFrom("contiguous", "permuted", "stepped", "broadcast", "random"),
        perm: fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }),
        step: fc.integer({ min: 2, max: 3 }),
        zeroAxes: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
        random: fc.array(fc.integer({ min: -12, max: 12 }), { minLength: shape.length, maxLength: shape.length }),
        targetPick: fc.nat(),
      }),
    );

  function stridesFor(c: { shape: number[]; kind: string; perm: number[]; step: number; zeroAxes: boolean[]; random: number[] }): number[] {
    const rm = rowMajorStrides(c.shape);
    switch (c.kind) {
      case "contiguous":
        return rm;
      case "permuted": {
        // A transpose of a contiguous tensor: axis k of the view is axis perm[k] of storage.
        const phys = new Array<number>(c.shape.length);
        c.perm.forEach((p, k) => (phys[p] = c.shape[k]));
        const ps = rowMajorStrides(phys);
        return c.perm.map((p) => ps[p]);
      }
      case "stepped":
        return rm.map((s) => s * c.step);
      case "broadcast":
        return rm.map((s, k) => (c.zeroAxes[k] ? 0 : s));
      default:
        return c.random;
    }
  }

  it("property: a view exactly when one exists, and it reads the same elements as a copy would", () => {
    fc.assert(
      fc.property(arb, (c) => {
        const strides = stridesFor(c);
        const n = sizeOfShape(c.shape);
        const targets = reshapesOf(n, 5);
        const target = targets[c.targetPick % targets.length];
        const got = reshapeStrides(c.shape, strides, target);
        const { addr, affine } = addressTable(c.shape, strides, target);
        const ctx = `shape ${JSON.stringify(c.shape)} strides ${JSON.stringify(strides)} -> ${JSON.stringify(target)}`;
        if (got === null) {
          expect(affine, `${ctx}: returned null, but a view is possible`).toBe(false);
        } else {
          expect(got, ctx).toHaveLength(target.length);
          forEachIndex(target, (idx, p) => {
            expect(dot(idx, got), `${ctx} at ${JSON.stringify(idx)}`).toBe(addr[p]);
          });
        }
      }),
      fcParams(400),
    );
  });

  it.each([
    // [shape, strides, target, view?]
    [[2, 3], [3, 1], [6], true],
    [[2, 3], [3, 1], [3, 2], true],
    [[2, 3], [1, 2], [6], false], // transposed (3, 2) matrix, flattened: needs a copy
    [[3, 2], [1, 3], [3, 2], true], // same shape: always a view
    [[3, 2], [1, 3], [3, 1, 2], true], // inserting 1s: a view
    [[4, 3], [8, 2], [12], false], // columns 0, 2, 4 of a (4, 8): rows leave a gap
    [[4, 3], [8, 2], [2, 2, 3], true],
    [[4, 3], [6, 2], [12], true], // columns 0, 2, 4 of a (4, 6): every other element, stride 2
    [[2, 3], [0, 0], [6], true], // a fully broadcast tensor stays broadcast
    [[2, 3], [0, 1], [6], false],
    [[1, 1], [5, 9], [], true],
    [[], [], [1, 1, 1], true],
    [[0, 3], [3, 1], [3, 0], true],
  ])("shape %j strides %j to %j: view %s", (shape, strides, target, view) => {
    const got = reshapeStrides(shape, strides, target);
    expect(got !== null).toBe(view);
  });
});

describe("resolveReshape", () => {
  it("infers one -1 and validates the rest", () => {
    expect(resolveReshape([2, 3], [-1], "reshape")).toEqual([6]);
    expect(resolveReshape([2, 3], [3, -1], "reshape")).toEqual([3, 2]);
    expect(resolveReshape([2, 3, 4], [-1, 4], "reshape")).toEqual([6, 4]);
    expect(resolveReshape([0, 3], [-1], "reshape")).toEqual([0]);
    expect(resolveReshape([0, 3], [-1, 3], "reshape")).toEqual([0, 3]);
    expect(resolveReshape([], [], "reshape")).toEqual([]);
    expect(resolveReshape([1], [-1, 1], "reshape")).toEqual([1, 1]);
    expect(resolveReshape([6], [1, -1, 1], "reshape")).toEqual([1, 6, 1]);
  });

  it("does not modify the requested array", () => {
    const req = [3, -1];
    resolveReshape([6], req, "reshape");
    expect(req).toEqual([3, -1]);
  });

  it.each([
    [[2, 3], [4], /size 6.*\(4,\)|\(4,\).*size 6/],
    [[2, 3], [-1, -1], /one unknown dimension/],
    [[2, 3], [-1, 4], /cannot reshape/],
    [[2, 3], [-2, -3], /invalid dimension -2/],
    [[2, 3], [2, 1.5], /invalid dimension 1.5/],
    [[0, 3], [-1, 0], /cannot reshape/],
    [[2, 3], [NaN, 6], /invalid dimension NaN/],
  ])("shape %j into %j is a ShapeError (%s)", (from, requested, message) => {
    expect(() => resolveReshape(from, requested, "reshape")).toThrow(ShapeError);
    expect(() => resolveReshape(from, requested, "reshape")).toThrow(message);
  });
});
