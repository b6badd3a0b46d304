// How an op is cut into per-thread shares: how many threads its size earns, and balanced
// ranges (src/backend turns them into pointers and descriptors). Shares always cover
// disjoint parts of the output, so the threads never write the same bytes.
import { pool, type KernelCall } from "./pool.js";

/**
 * Threads for an op of `work` units when each thread must get at least `perThread`
 * (tuning.ts), and the op can be cut into at most `maxParts` pieces. 1 when no workers run.
 */
export function threadsFor(work: number, perThread: number, maxParts = Infinity): number {
  const threads = pool.threads;
  const parts = Math.min(threads, Math.floor(work / perThread), Math.floor(maxParts));
  return parts >= 2 ? parts : 1;
}

/** [start, count] of `parts` balanced ranges over [0, n); every start but the first is a multiple of `align`. */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let p = 0; p < parts && start < n; p++) {
    let end = p === parts - 1 ? n : Math.round(((p + 1) * n) / parts / align) * align;
    end = Math.min(n, Math.max(end, start));
    if (end > start) ranges.push([start, end - start]);
    start = end;
  }
  return ranges;
}

/** Runs one call per thread (share p on thread p) and returns each call's result. */
export function runSplit(calls: readonly KernelCall[]): number[] {
  return pool.run(calls.map((c) => [c])).map((r) => r[0]);
}
