// Runs one case at one size: prepare the inputs, check that every variant agrees with
// the reference, then time the variants interleaved (the scalar and SIMD columns are
// the same ops with a different kernel build selected; with --threads the SIMD ops run
// once more on N threads while every other column is held to one), and free everything.
import * as st from "simd-tensor";
import { compareOutputs, describeMismatch } from "./agreement.js";
import type { CaseDefinition, PreparedCase, Variant } from "./case.js";
import type { ColumnBuilds } from "./environment.js";
import { measureInterleaved, type Contestant, type Stats, type TimingOptions } from "./harness.js";
import { threadedLabel, type CaseResult, type VariantResult } from "./result.js";
import type { Tfjs } from "./tfjs.js";

export interface RunOptions {
  timing: TimingOptions;
  /** --quick: at a case's sizes, the naive loops are timed only when one call takes at most this long. */
  naiveLimitMs?: number;
  builds: ColumnBuilds;
  /** --vs tfjs */
  tf?: Tfjs;
  /** --threads: above 1 adds the threaded column; setThreads must already have started them. */
  threads?: number;
  onProgress?: (text: string) => void;
}

type Column = "naive" | "scalar" | "simd" | "threaded" | "tfjs";

export const COLUMN_LABELS: Record<Exclude<Column, "threaded">, string> = {
  naive: "naive JS",
  scalar: "scalar wasm",
  simd: "SIMD wasm",
  tfjs: "tfjs-wasm",
};

type Within = (body: () => void) => void;

interface Runnable {
  column: Column;
  label: string;
  variant: Variant;
  within?: Within;
}

/** Runs body with `build` selected, then restores the build that was active. */
function onBuild(build: st.BuildName): Within {
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

/** Runs `within` (or just body) with the library's ops limited to `threads` threads. */
function onThreads(threads: number, within?: Within): Within {
  return (body) => st.withThreads(threads, () => (within ? within(body) : body()));
}

function inContext(r: Runnable, body: () => void): void {
  if (r.within) r.within(body);
  else body();
}

function outputOf(r: Runnable): ArrayLike<number> {
  let out: ArrayLike<number> = [];
  inContext(r, () => void (out = r.variant.output()));
  return out;
}

/** Billions of `amount` (bytes, flops) per second at the variant's median. */
function perSecond(amount: number, v: VariantResult): number {
  return amount / (v.medianMs / 1e3) / 1e9;
}

function toVariantResult(s: Stats): VariantResult {
  return { medianMs: s.medianMs, rme: s.rme, minMs: s.minMs, maxMs: s.maxMs, samples: s.samples };
}

const PROBE_MS = 500;

/**
 * The fastest of a few calls, for --quick's naive limit. The first calls run in V8's
 * baseline tier, several times slower (the seed loop: ~150 ms, then ~30 ms), so keep
 * calling for up to half a second unless a call already came in under the limit; a call that
 * alone takes longer than that (naive matmul 1024: ~4 s) is called once, so the agreement
 * check's call (`checkedMs`) answers for it when it took that long.
 */
function fastestCallMs(run: () => void, limitMs: number, checkedMs = 0): number {
  if (checkedMs >= PROBE_MS) return checkedMs;
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
  const threads = options.threads ?? 1;
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
    ...(threads > 1 ? { threaded: null } : {}),
    speedup: null,
    speedupOverScalar: null,
    ...(options.tf ? { speedupOverTfjs: null } : {}),
    ...(threads > 1 ? { speedupOverOneThread: null } : {}),
    ...(def.notebook ? { notebook: def.notebook } : {}),
    notes: [],
  };
  let prepared: PreparedCase | undefined;
  let tfVariant: (Variant & { dispose(): void }) | undefined;
  try {
    prepared = def.prepare(size);
    result.shape = prepared.shape;
    const runnables: Runnable[] = [];
    const add = (column: Exclude<Column, "threaded">, variant: Variant, within?: Within) =>
      runnables.push({ column, label: COLUMN_LABELS[column], variant, within });
    // Every library column but the threaded one is held to one thread, so "SIMD wasm"
    // means the same with or without --threads (naive loops allocate tensors too).
    if (prepared.naive) add("naive", prepared.naive, onThreads(1));
    else result.notes.push("no naive loop for this case");
    if (options.builds.scalar) add("scalar", prepared.wasm, onThreads(1, onBuild(options.builds.scalar)));
    if (options.builds.simd) {
      add("simd", prepared.wasm, onThreads(1, onBuild(options.builds.simd)));
      if (threads > 1) {
        runnables.push({ column: "threaded", label: threadedLabel(threads), variant: prepared.wasm, within: onThreads(threads, onBuild(options.builds.simd)) });
      }
    } else {
      result.notes.push("this runtime has no SIMD kernel build");
    }
    if (options.tf) {
      if (prepared.tfjs) {
        tfVariant = prepared.tfjs(options.tf);
        add("tfjs", tfVariant);
      } else {
        result.notes.push("no tfjs version of this case");
      }
    }

    // Agreement before timing: everything against the naive loops (else the scalar build).
    options.onProgress?.("checking that the variants agree");
    const [reference, ...candidates] = runnables;
    const referenceStart = performance.now();
    const expected = outputOf(reference);
    const referenceMs = performance.now() - referenceStart;
    const tolerance = prepared.tolerance;
    const errors: string[] = [];
    let maxAbsError = 0;
    let maxRelError = 0;
    for (const c of candidates) {
      const agreement = compareOutputs(expected, outputOf(c), tolerance);
      const mismatch = agreement.ok ? undefined : describeMismatch(c.label, reference.label, agreement, tolerance);
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
    result.check = { reference: reference.label, rtol: tolerance.rtol, atol: tolerance.atol, maxAbsError, maxRelError };
    if (errors.length > 0) {
      result.error = errors.join("; ");
      return result;
    }

    let timed = runnables;
    // The limit picks sizes (naive matmul 1024 takes seconds); fixed-size cases such as
    // the notebook's seed loop always keep their naive column.
    const naive = runnables.find((r) => r.column === "naive");
    if (options.naiveLimitMs !== undefined && size !== undefined && naive) {
      const limitMs = options.naiveLimitMs;
      let fastest = 0;
      const checkedMs = naive === reference ? referenceMs : 0;
      inContext(naive, () => void (fastest = fastestCallMs(naive.variant.run, limitMs, checkedMs)));
      if (fastest > limitMs) {
        timed = runnables.filter((r) => r.column !== "naive");
        result.notes.push(`naive JS not timed in --quick: one call takes ${Math.round(fastest)} ms (limit ${limitMs} ms)`);
      }
    }

    const tensorsBefore = st.memory().tensors;
    const contestants: Contestant[] = timed.map((r) => ({ label: r.label, run: r.variant.run, within: r.within }));
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
      if (prepared.bytes !== undefined) result.gbps = perSecond(prepared.bytes, simd);
      if (prepared.flops !== undefined) result.gflops = perSecond(prepared.flops, simd);
    }
    const threaded = result.threaded;
    if (simd && threaded) {
      result.speedupOverOneThread = simd.medianMs / threaded.medianMs;
      if (prepared.bytes !== undefined) result.threadedGbps = perSecond(prepared.bytes, threaded);
      if (prepared.flops !== undefined) result.threadedGflops = perSecond(prepared.flops, threaded);
    }
    return result;
  } catch (error) {
    result.error = `failed: ${error instanceof Error ? error.message : String(error)}`;
    return result;
  } finally {
    tfVariant?.dispose();
    prepared?.dispose();
    // A failed worker drops the pool to one thread (with a process warning); the
    // threaded column would then quietly time fewer threads than its label says.
    if (threads > 1 && st.getThreads() < threads) {
      result.notes.push(`only ${st.getThreads()} of ${threads} threads were running after this case (a worker thread failed)`);
    }
  }
}
