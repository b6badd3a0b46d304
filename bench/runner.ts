// Runs one case at one size: prepare the inputs, check that every variant agrees with
// the reference, then time the variants interleaved (the scalar and SIMD columns are
// the same ops with a different kernel build selected), and free everything.
import * as st from "simd-tensor";
import { compareOutputs, describeMismatch } from "./agreement.js";
import type { CaseDefinition, PreparedCase, Variant } from "./case.js";
import type { ColumnBuilds } from "./environment.js";
import { measureInterleaved, type Contestant, type Stats, type TimingOptions } from "./harness.js";
import type { CaseResult, VariantResult } from "./result.js";
import type { Tfjs } from "./tfjs.js";

export interface RunOptions {
  timing: TimingOptions;
  /** --quick: at a case's sizes, the naive loops are timed only when one call takes at most this long. */
  naiveLimitMs?: number;
  builds: ColumnBuilds;
  /** --vs tfjs */
  tf?: Tfjs;
  onProgress?: (text: string) => void;
}

type Column = "naive" | "scalar" | "simd" | "tfjs";

export const COLUMN_LABELS: Record<Column, string> = { naive: "naive JS", scalar: "scalar wasm", simd: "SIMD wasm", tfjs: "tfjs-wasm" };

interface Runnable {
  column: Column;
  variant: Variant;
  within?: (body: () => void) => void;
}

/** Runs body with `build` selected, then restores the build that was active. */
function onBuild(build: st.BuildName): (body: () => void) => void {
  return (body) => {
    const previous = st.backendInfo().build;
    st.setBackend(build);
    try {
      body();
    } finally {
      st.setBackend(previous);
    }
  };
}

function outputOf(r: Runnable): ArrayLike<number> {
  let out: ArrayLike<number> = [];
  const body = () => void (out = r.variant.output());
  if (r.within) r.within(body);
  else body();
  return out;
}

function toVariantResult(s: Stats): VariantResult {
  return { medianMs: s.medianMs, rme: s.rme, minMs: s.minMs, maxMs: s.maxMs, samples: s.samples };
}

/**
 * The fastest of a few calls, for --quick's naive limit. The first calls run in V8's
 * baseline tier, several times slower (the seed loop: ~150 ms, then ~30 ms), so keep
 * calling for up to half a second unless a call already came in under the limit; a call that
 * alone takes longer than that (naive matmul 1024: ~5 s) is called once.
 */
function fastestCallMs(run: () => void, limitMs: number): number {
  const PROBE_MS = 500;
  const start = performance.now();
  let fastest = Infinity;
  for (let calls = 0; calls < 3 || fastest > limitMs; calls++) {
    const t0 = performance.now();
    run();
    const t1 = performance.now();
    fastest = Math.min(fastest, t1 - t0);
    if (t1 - start >= PROBE_MS) break;
  }
  return fastest;
}

export function runCase(def: CaseDefinition, size: number | undefined, options: RunOptions): CaseResult {
  const result: CaseResult = {
    name: def.name,
    family: def.family,
    title: def.title,
    shape: "?",
    ...(size === undefined ? {} : { size }),
    naive: null,
    scalar: null,
    simd: null,
    ...(options.tf ? { tfjs: null } : {}),
    speedup: null,
    speedupOverScalar: null,
    ...(options.tf ? { speedupOverTfjs: null } : {}),
    ...(def.notebook ? { notebook: def.notebook } : {}),
    notes: [],
  };
  let prepared: PreparedCase | undefined;
  let tfVariant: (Variant & { dispose(): void }) | undefined;
  try {
    prepared = def.prepare(size);
    result.shape = prepared.shape;
    const runnables: Runnable[] = [];
    if (prepared.naive) runnables.push({ column: "naive", variant: prepared.naive });
    else result.notes.push("no naive loop for this case");
    if (options.builds.scalar) runnables.push({ column: "scalar", variant: prepared.wasm, within: onBuild(options.builds.scalar) });
    if (options.builds.simd) runnables.push({ column: "simd", variant: prepared.wasm, within: onBuild(options.builds.simd) });
    else result.notes.push("this runtime has no SIMD kernel build");
    if (options.tf) {
      if (prepared.tfjs) {
        tfVariant = prepared.tfjs(options.tf);
        runnables.push({ column: "tfjs", variant: tfVariant });
      } else {
        result.notes.push("no tfjs version of this case");
      }
    }

    // Agreement before timing: everything against the naive loops (else the scalar build).
    options.onProgress?.("checking that the variants agree");
    const [reference, ...candidates] = runnables;
    const expected = outputOf(reference);
    const tolerance = prepared.tolerance;
    const errors: string[] = [];
    let maxAbsError = 0;
    let maxRelError = 0;
    for (const c of candidates) {
      const agreement = compareOutputs(expected, outputOf(c), tolerance);
      const mismatch = agreement.ok ? undefined : describeMismatch(COLUMN_LABELS[c.column], COLUMN_LABELS[reference.column], agreement, tolerance);
      if (c.column === "tfjs") {
        // A competitor's accuracy is reported, not held against the case (tfjs-wasm sums
        // float32 sequentially: 1.5e-4 relative on a 1e6-element dot).
        if (mismatch !== undefined) result.notes.push(`${mismatch} (tfjs's own accuracy: timed anyway)`);
        continue;
      }
      maxAbsError = Math.max(maxAbsError, agreement.maxAbsError);
      maxRelError = Math.max(maxRelError, agreement.maxRelError);
      if (mismatch !== undefined) errors.push(mismatch);
    }
    result.check = { reference: COLUMN_LABELS[reference.column], rtol: tolerance.rtol, atol: tolerance.atol, maxAbsError, maxRelError };
    if (errors.length > 0) {
      result.error = errors.join("; ");
      return result;
    }

    let timed = runnables;
    // The limit picks sizes (naive matmul 1024 takes seconds); fixed-size cases such as
    // the notebook's seed loop always keep their naive column.
    if (options.naiveLimitMs !== undefined && size !== undefined && prepared.naive) {
      const fastest = fastestCallMs(prepared.naive.run, options.naiveLimitMs);
      if (fastest > options.naiveLimitMs) {
        timed = runnables.filter((r) => r.column !== "naive");
        result.notes.push(`naive JS not timed in --quick: one call takes ${Math.round(fastest)} ms (limit ${options.naiveLimitMs} ms)`);
      }
    }

    const tensorsBefore = st.memory().tensors;
    const contestants: Contestant[] = timed.map((r) => ({ label: COLUMN_LABELS[r.column], run: r.variant.run, within: r.within }));
    const stats = measureInterleaved(contestants, options.timing, (e) =>
      options.onProgress?.(e.round === 0 ? `warming up ${e.label}` : `timing ${e.label}, round ${e.round}/${e.rounds}`),
    );
    const leaked = st.memory().tensors - tensorsBefore;
    if (leaked > 0) result.notes.push(`${leaked} tensors were still alive after timing: a variant leaks`);
    timed.forEach((r, i) => (result[r.column] = toVariantResult(stats[i])));

    const simd = result.simd;
    if (simd) {
      const over = (other: VariantResult | null | undefined) => (other ? other.medianMs / simd.medianMs : null);
      result.speedup = over(result.naive);
      result.speedupOverScalar = over(result.scalar);
      if (options.tf) result.speedupOverTfjs = over(result.tfjs);
      const seconds = simd.medianMs / 1e3;
      if (prepared.bytes !== undefined) result.gbps = prepared.bytes / seconds / 1e9;
      if (prepared.flops !== undefined) result.gflops = prepared.flops / seconds / 1e9;
    }
    return result;
  } catch (error) {
    result.error = `failed: ${error instanceof Error ? error.message : String(error)}`;
    return result;
  } finally {
    tfVariant?.dispose();
    prepared?.dispose();
  }
}
