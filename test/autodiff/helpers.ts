// Inputs for the gradient tests: seeded values away from the kinks of the piecewise ops,
// laid out contiguously or as non-contiguous views (the gradients must not care).
import { expect } from "vitest";
import * as st from "../../src/index.js";
import { TestRng } from "../helpers/prng.js";

/** A seeded stream of uniform [0, 1) values (TestRng: mulberry32). */
export function rng(seed: number): () => number {
  const r = new TestRng(seed);
  return () => r.next();
}

export interface ValueOptions {
  /** Only positive values (sqrt, divisors, log). */
  positive?: boolean;
}

/** n values with |v| in [0.2, 1.2]: no zeros (relu, abs), rarely close to each other. */
export function values(n: number, seed: number, { positive = false }: ValueOptions = {}): number[] {
  const next = rng(seed);
  return Array.from({ length: n }, () => {
    const m = 0.2 + next();
    return positive || next() < 0.5 ? m : -m;
  });
}

export type Layout = "contiguous" | "offset" | "transposed" | "strided" | "reversed";
export const LAYOUTS: readonly Layout[] = ["contiguous", "offset", "transposed", "strided", "reversed"];

const sizeOf = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** A tensor of `shape` with seeded values, laid out as `layout`. */
export function make(shape: readonly number[], seed: number, layout: Layout = "contiguous", options: ValueOptions & { dtype?: st.DType } = {}): st.Tensor {
  const dtype = options.dtype ?? "float32";
  const n = sizeOf(shape);
  return st.tidy(() => {
    switch (layout) {
      case "contiguous":
        return st.tensor(values(n, seed, options), shape.slice(), dtype);
      case "offset": {
        // A contiguous view that starts 3 elements into its storage.
        const base = st.tensor([0, 0, 0, ...values(n, seed, options)], undefined, dtype);
        return st.reshape(st.slice(base, [3], [n]), shape.slice());
      }
      case "transposed": {
        const base = st.tensor(values(n, seed, options), shape.slice().reverse(), dtype);
        return st.transpose(base);
      }
      case "strided": {
        // Every axis doubled, then every other element taken: gaps between elements and rows.
        const big = shape.map((d) => 2 * d);
        const base = st.tensor(values(sizeOf(big), seed, options), big, dtype);
        return st.stridedSlice(base, [], [], shape.map(() => 2));
      }
      case "reversed": {
        const base = st.tensor(values(n, seed, options), shape.slice(), dtype);
        return st.stridedSlice(base, [], [], shape.map(() => -1));
      }
    }
  });
}

export function expectGradientsMatch(f: (...xs: st.Tensor[]) => st.Tensor, inputs: st.Tensor[], options?: st.CheckGradientsOptions): st.GradientCheckResult {
  const r = st.checkGradients(f, inputs, options);
  expect(r.ok, r.message).toBe(true);
  return r;
}

export function expectClose(actual: st.Tensor | null | undefined, expected: number | number[] | number[][] | number[][][], tol = 1e-5): void {
  expect(actual).toBeInstanceOf(st.Tensor);
  const got = (actual as st.Tensor).toArray();
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const g = flat(got);
  const e = flat(expected);
  expect(g.length).toBe(e.length);
  g.forEach((v, i) => expect(Math.abs(v - e[i]), `element ${i}: ${v} vs ${e[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e[i]))));
}
