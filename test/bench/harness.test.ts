// Statistics only: nothing here measures or asserts a speed.
import { describe, expect, it } from "vitest";
import { summarize } from "../../bench/harness.js";

describe("timing statistics", () => {
  it("quotes the median of the pooled samples", () => {
    expect(summarize([5, 1, 3]).medianMs).toBe(3);
    expect(summarize([4, 1, 3, 2]).medianMs).toBe(2.5);
    expect(summarize([7])).toMatchObject({ medianMs: 7, meanMs: 7, minMs: 7, maxMs: 7, samples: 1, rme: 0 });
  });

  it("computes Benchmark.js's relative margin of error (Student's t, 95 %)", () => {
    // mean 2, sample sd 1, n 3: sem = 1/sqrt(3), t(df 2) = 4.303
    expect(summarize([1, 2, 3]).rme).toBeCloseTo(((4.303 / Math.sqrt(3)) / 2) * 100, 6);
    // more than 30 degrees of freedom: t = 1.96
    const many = Array.from({ length: 41 }, (_, i) => 10 + (i % 2 === 0 ? 1 : -1));
    const s = summarize(many);
    const sd = Math.sqrt(many.reduce((acc, x) => acc + (x - s.meanMs) ** 2, 0) / 40);
    expect(s.rme).toBeCloseTo(((1.96 * sd) / Math.sqrt(41) / s.meanMs) * 100, 6);
  });
});
