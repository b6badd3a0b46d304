// How an op is cut into per-thread shares: how many threads its size earns, and balanced
// ranges (src/backend turns them into pointers and descriptors). Shares always cover
// disjoint parts of the output, so the threads never write the same bytes.

/**
 * Threads for an op of `work` units on `threads` available threads, when each must get at
 * least `perThread` (tuning.ts) and the op can be cut into at most `maxParts` pieces.
 */
export function sharesFor(threads: number, work: number, perThread: number, maxParts = Infinity): number {
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
