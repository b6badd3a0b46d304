// Command-line parsing for `simd-tensor`. Pure: argv in, options out, UsageError on
// anything it does not understand (the CLI prints it and exits with code 2).
import { QUICK_NAIVE_LIMIT_MS } from "./harness.js";

export class UsageError extends Error {
  override name = "UsageError";
}

export type Competitor = "tfjs";
const COMPETITORS: readonly Competitor[] = ["tfjs"];

export interface BenchOptions {
  command: "bench";
  /** Substrings of case names; a case runs when its name contains any of them. */
  filters: string[];
  quick: boolean;
  json: boolean;
  markdown: boolean;
  /** Overrides the default sizes of every case that has a size parameter. */
  sizes?: number[];
  svg?: string;
  vs?: Competitor;
  list: boolean;
  /** Benchmark.js maxTime per variant and round, seconds. */
  maxTime?: number;
  rounds?: number;
  /** --threads: threads for the extra "SIMD ×N threads" column; 0 = one per core. */
  threads?: number;
}

export type Command = BenchOptions | { command: "help" } | { command: "version" };

const FLAGS = new Set(["--quick", "--json", "--markdown", "--list", "--help", "-h"]);
const WITH_VALUE = new Set(["--filter", "--sizes", "--svg", "--vs", "--max-time", "--rounds", "--threads"]);

/** "1e6", "1000000", "1_000_000", "16M", "4k" -> a positive integer. */
export function parseSize(text: string): number {
  const m = /^(\d[\d_]*(?:\.\d+)?(?:e\d+)?)([kKmMgG]?)$/.exec(text.trim());
  const scale = m ? { "": 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase() as "" | "k" | "m" | "g"] : NaN;
  const value = m ? Number(m[1].replace(/_/g, "")) * scale : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--sizes: "${text}" is not a positive whole number (examples: 1000, 1e6, 16M)`);
  }
  return value;
}

function positiveNumber(option: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)) || text.trim() === "") {
    throw new UsageError(`${option}: expected a positive ${integer ? "whole number" : "number"}, got "${text}"`);
  }
  return value;
}

/** --threads: a whole number >= 0 (0 = one per core, which setThreads resolves). */
function threadCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--threads: expected a whole number of threads (0 = one per core), got "${text}"`);
  }
  return value;
}

/** Parses the arguments after the program name. */
export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") return { command: "help" };
  if (command === "--version" || command === "-v") return { command: "version" };
  if (command !== "bench") {
    throw new UsageError(
      command.startsWith("-") ? `expected a command before ${command}: simd-tensor bench ${argv.join(" ")}` : `unknown command "${command}"`,
    );
  }
  const options: BenchOptions = { command: "bench", filters: [], quick: false, json: false, markdown: false, list: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      if (name === "--help" || name === "-h") return { command: "help" };
      if (name === "--quick") options.quick = true;
      else if (name === "--json") options.json = true;
      else if (name === "--markdown") options.markdown = true;
      else options.list = true;
      continue;
    }
    if (!WITH_VALUE.has(name)) {
      throw new UsageError(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument "${arg}"`);
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < rest.length && !rest[i + 1].startsWith("--")) value = rest[++i];
    if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
    switch (name) {
      case "--filter":
        options.filters.push(...value.split(",").map((f) => f.trim().toLowerCase()).filter((f) => f !== ""));
        break;
      case "--sizes":
        options.sizes = [...(options.sizes ?? []), ...value.split(",").map(parseSize)];
        break;
      case "--svg":
        options.svg = value;
        break;
      case "--vs":
        if (!COMPETITORS.includes(value as Competitor)) {
          throw new UsageError(`--vs: unknown competitor "${value}" (supported: ${COMPETITORS.join(", ")})`);
        }
        options.vs = value as Competitor;
        break;
      case "--max-time":
        options.maxTime = positiveNumber(name, value, false);
        break;
      case "--rounds":
        options.rounds = positiveNumber(name, value, true);
        break;
      case "--threads":
        options.threads = threadCount(value);
        break;
    }
  }
  if (options.json && options.markdown) throw new UsageError("--json and --markdown are exclusive: pick one output format");
  return options;
}

export const HELP = `simd-tensor bench: the notebook's naive JS loops vs the library's WebAssembly kernels,
side by side, on this machine.

usage: simd-tensor bench [options]
       npx simd-tensor bench --quick          (where simd-tensor is installed, or in a built clone)
       npm run bench -- --quick               (in a clone: builds first if needed)

Every case runs the same computation three ways: the notebook's plain JS loops (naive
JS), the library's ops on the scalar wasm build, and the same ops on the default SIMD
build. Before anything is timed, the variants must agree within the case's stated
tolerance; a case that disagrees is reported as an error and the exit code is 1.
Timing uses Benchmark.js after a warm-up past V8's baseline tier, in interleaved rounds;
the table quotes medians per call with Benchmark.js's relative margin of error (95 %).

options:
  --quick             fewer and shorter samples, the smaller default sizes (see --list), and
                      the naive loops timed only at sizes where one call stays under ${QUICK_NAIVE_LIMIT_MS} ms
                      (larger sizes then compare scalar wasm with SIMD wasm)
  --filter <text>     only the cases whose name contains <text> (repeatable, or a comma list);
                      see --list for the names
  --sizes <list>      sizes for the cases that have a size parameter, e.g. --sizes 1e5,1e6,16M
                      (what a size means per case: see --list); fixed-size cases ignore it
  --json              print only JSON on stdout: { environment, results: [{ name, shape,
                      naive: { medianMs, rme }, scalar, simd, speedup, gbps?, ... }] }
                      where speedup = naive median / SIMD median; with --threads also
                      threaded: { medianMs, ... }, speedupOverOneThread (= SIMD median /
                      threaded median), threadedGbps?, threadedGflops?, and environment.threads
  --markdown          print the table as GitHub markdown (to paste into an issue)
  --svg <file>        also write a bar chart of the speed-ups (a self-contained SVG)
  --vs tfjs           add a column for TensorFlow.js's wasm backend (needs the optional
                      packages @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm)
  --max-time <s>      Benchmark.js time budget per variant and round (default 1, --quick 0.1)
  --rounds <n>        interleaved timing rounds (default 3, --quick 1)
  --threads <n>       start n kernel threads (0 = one per core) and add a column: the SIMD
                      build on n threads, timed interleaved with the SIMD column on 1 thread;
                      "vs 1 thread" = SIMD wasm ÷ SIMD ×n threads. --quick then adds the sizes
                      where threads pay off (relu-add 16M, matmul 1024)
  --list              list the cases and their sizes, then exit
  -h, --help          this help
  -v, --version       the simd-tensor version

Progress goes to stderr; stdout carries only the report.
exit codes: 0 all cases ran and agreed, 1 a case failed (variants disagree, or it threw),
            2 bad usage (unknown option, bad value, no case matches --filter, missing tfjs).

columns: naive JS, scalar wasm, SIMD wasm (and tfjs-wasm): median time per call ± rme;
  speed-up = naive JS ÷ SIMD wasm; vs scalar = scalar wasm ÷ SIMD wasm;
  GB/s = the case's minimal memory traffic ÷ the SIMD median.
  With --threads n: SIMD ×n threads (the SIMD build on n threads; every other column runs on
  one), vs 1 thread = SIMD wasm ÷ SIMD ×n threads, GB/s and GFLOP/s (×n) from its median.
The SIMD column runs the build the library picks by default (relaxed SIMD where the
runtime validates it; set SIMD_TENSOR_RELAXED_SIMD=1 to opt in on Node 20).
`;
