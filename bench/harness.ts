// Timing: Benchmark.js does the sampling (cycles long enough for the timer, at least
// minSamples of them, until maxTime); this file adds what the machine needs. Every
// contestant is warmed up past V8's baseline tiers (JS and wasm run ~2x slower there)
// before its first timed cycle, and contestants are timed in interleaved rounds with a
// rotating order, so a noisy neighbour on this shared 2-core machine hurts them all
// alike. Each Benchmark.js sample is the mean time of one call over one cycle; we pool
// the samples of all rounds and quote their median, with Benchmark.js's relative margin
// of error (95 %, Student's t) computed on the pooled samples.
import Benchmark from "benchmark";

export interface TimingOptions {
  /** Interleaved rounds; each times every contestant once. */
  rounds: number;
  /** Benchmark.js maxTime for one contestant in one round, in seconds. */
  maxTime: number;
  /** Benchmark.js minSamples for one contestant in one round. */
  minSamples: number;
  /** Warm-up before the first round: at least this many milliseconds... */
  warmupMs: number;
  /** ...and at least this many calls. */
  warmupCalls: number;
}

export const FULL_TIMING: TimingOptions = { rounds: 3, maxTime: 1, minSamples: 5, warmupMs: 400, warmupCalls: 5 };
export const QUICK_TIMING: TimingOptions = { rounds: 1, maxTime: 0.1, minSamples: 5, warmupMs: 100, warmupCalls: 3 };

/** --quick times the naive loops only where one call takes at most this long. */
export const QUICK_NAIVE_LIMIT_MS = 50;

export interface Contestant {
  label: string;
  /** One call. */
  run(): void;
  /** Runs `body` in the contestant's context (e.g. with its kernel build selected). */
  within?(body: () => void): void;
}

export interface Stats {
  medianMs: number;
  /** Relative margin of error of the mean, in percent (95 % confidence). */
  rme: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  /** Number of Benchmark.js samples (cycles) pooled over all rounds. */
  samples: number;
}

/** round 0 is the warm-up. */
export type ProgressListener = (event: { label: string; round: number; rounds: number }) => void;

/** Calls fn until both minimums are met; returns the calls made. */
export function warmUp(fn: () => void, minMs: number, minCalls: number): number {
  const start = performance.now();
  let calls = 0;
  while (calls < minCalls || performance.now() - start < minMs) {
    fn();
    calls++;
  }
  return calls;
}

/** Times every contestant; the result is in the contestants' order. */
export function measureInterleaved(contestants: readonly Contestant[], options: TimingOptions, onProgress?: ProgressListener): Stats[] {
  const samples: number[][] = contestants.map(() => []);
  const inContext = (c: Contestant, body: () => void) => (c.within ? c.within(body) : body());
  for (const c of contestants) {
    onProgress?.({ label: c.label, round: 0, rounds: options.rounds });
    inContext(c, () => warmUp(c.run, options.warmupMs, options.warmupCalls));
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contestants.length; k++) {
      const index = (k + round) % contestants.length;
      const c = contestants[index];
      onProgress?.({ label: c.label, round: round + 1, rounds: options.rounds });
      inContext(c, () => samples[index].push(...sampleOnce(c, options)));
    }
  }
  return samples.map(summarize);
}

/** One Benchmark.js run; its per-call periods in milliseconds. */
function sampleOnce(c: Contestant, options: TimingOptions): number[] {
  // No setup/teardown: Benchmark.js then calls c.run through a reference instead of
  // decompiling its source, so closures work.
  const bench = new Benchmark(c.label, c.run, { maxTime: options.maxTime, minSamples: options.minSamples });
  bench.run();
  if (bench.error) throw bench.error;
  if (bench.stats.sample.length === 0) throw new Error(`${c.label}: Benchmark.js collected no samples`);
  return bench.stats.sample.map((seconds) => seconds * 1e3);
}

/** Median, mean and Benchmark.js's rme (Student's t, two-sided 95 %) of pooled samples. */
export function summarize(sample: readonly number[]): Stats {
  const n = sample.length;
  if (n === 0) throw new Error("summarize: no samples");
  const sorted = [...sample].sort((a, b) => a - b);
  const mean = sample.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? sample.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  const sem = Math.sqrt(variance) / Math.sqrt(n);
  const rme = mean > 0 ? ((sem * tCritical(n - 1)) / mean) * 100 : 0;
  return { medianMs: median(sorted), rme, meanMs: mean, minMs: sorted[0], maxMs: sorted[n - 1], samples: n };
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Two-sided 95 % critical values of Student's t by degrees of freedom (Benchmark.js's table).
const T_TABLE = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

function tCritical(df: number): number {
  return df < 1 ? T_TABLE[0] : df <= T_TABLE.length ? T_TABLE[df - 1] : 1.96;
}

/** The Benchmark.js version, for the environment header. */
export const benchmarkJsVersion: string = Benchmark.version;
