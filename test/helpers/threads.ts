// A describe block's worker threads: start `threads` before its tests, with the tuning
// thresholds lowered so small inputs split, and restore both after.
import { afterAll, beforeAll } from "vitest";
import * as st from "../../src/index.js";
import { tuning } from "../../src/threads/tuning.js";

type Tuning = typeof tuning;

export function onThreads(threads: number, overrides: Partial<Tuning> = {}): void {
  const saved: Partial<Tuning> = {};
  beforeAll(async () => {
    for (const key of Object.keys(overrides) as (keyof Tuning)[]) {
      (saved as Record<string, unknown>)[key] = tuning[key];
      (tuning as Record<string, unknown>)[key] = overrides[key];
    }
    await st.setThreads(threads);
  });
  afterAll(async () => {
    Object.assign(tuning, saved);
    await st.setThreads(1);
  });
}
