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
  /** naive median / SIMD median. */
  speedup: number | null;
  /** scalar median / SIMD median. */
  speedupOverScalar: number | null;
  /** tfjs median / SIMD median (only with --vs tfjs). */
  speedupOverTfjs?: number | null;
  /** From the SIMD median and the case's minimal memory traffic. */
  gbps?: number;
  gflops?: number;
  /** The agreement check that ran before the timing. */
  check?: { reference: string; rtol: number; atol: number; maxAbsError: number; maxRelError: number };
  /** The notebook's code for this case: the report prints its "Took: 0.00 s" lines. */
  notebook?: NotebookLines;
  /** Things a reader should know (a skipped variant, a leak). */
  notes: string[];
  /** Set when the case failed (a variant disagreed, or threw): the exit code is then 1. */
  error?: string;
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
