// What a benchmark run produces; the reports (bench/report/) only read these.

/** Timing of one variant: the median per call, and the spread around it. */
export interface VariantResult {
  medianMs: number;
  /** Relative margin of error of the mean, in percent (95 %). */
  rme: number;
  minMs: number;
  maxMs: number;
  samples: number;
}

export interface CaseResult {
  name: string;
  family: string;
  title: string;
  shape: string;
  /** The size parameter, for cases that have one. */
  size?: number;
  /** null: not timed (no such variant, skipped, or the case failed); see notes / error. */
  naive: VariantResult | null;
  scalar: VariantResult | null;
  simd: VariantResult | null;
  /** Only with --vs tfjs. */
  tfjs?: VariantResult | null;
  /** Only with --threads N > 1: the SIMD build on N threads (every other column runs on one). */
  threaded?: VariantResult | null;
  /** naive median / SIMD median. */
  speedup: number | null;
  /** scalar median / SIMD median. */
  speedupOverScalar: number | null;
  /** tfjs median / SIMD median (only with --vs tfjs). */
  speedupOverTfjs?: number | null;
  /** SIMD median / threaded median: what N threads gain over one (only with --threads). */
  speedupOverOneThread?: number | null;
  /** From the SIMD median and the case's minimal memory traffic. */
  gbps?: number;
  gflops?: number;
  /** The same rates from the threaded median (only with --threads). */
  threadedGbps?: number;
  threadedGflops?: number;
  /** The agreement check that ran before the timing. */
  check?: { reference: string; rtol: number; atol: number; maxAbsError: number; maxRelError: number };
  /** The notebook's code for this case: the report prints its "Took: 0.00 s" lines. */
  notebook?: NotebookLines;
  /** Things a reader should know (a skipped variant, a leak). */
  notes: string[];
  /** Set when the case failed (a variant disagreed, or threw): the exit code is then 1. */
  error?: string;
}

/** The name of the --threads column, in the progress line and every report. */
export function threadedLabel(threads: number): string {
  return `SIMD ×${threads} threads`;
}

export interface NotebookLines {
  naive: string;
  library: string;
}

export interface Environment {
  date: string;
  simdTensor: string;
  node: string;
  v8: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** Kernel builds this runtime validated, the default one, and what each column runs. */
  builds: { available: string[]; default: string; scalarColumn: string | null; simdColumn: string | null };
  /** Threads of the "SIMD ×N threads" column (--threads); 1 when there is none. Every other column runs on one. */
  threads: number;
  benchmarkJs: string;
  mode: "quick" | "full";
  /** Only with --vs tfjs. */
  tfjs?: string;
}

export interface BenchReport {
  environment: Environment;
  results: CaseResult[];
}
