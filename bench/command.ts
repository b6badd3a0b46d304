// `simd-tensor bench`: parse the options, pick the cases, start the worker threads
// (--threads; stopped again at the end), run the cases, print the report.
// main() returns the exit code instead of exiting, so tests can run it in-process with
// their own cases and captured output.
import { writeFileSync } from "node:fs";
import * as st from "simd-tensor";
import { HELP, parseArgs, UsageError, type BenchOptions } from "./args.js";
import type { CaseDefinition, SizeParameter } from "./case.js";
import { CASES } from "./cases/index.js";
import { columnBuilds, describeEnvironment, packageVersion } from "./environment.js";
import { FULL_TIMING, QUICK_NAIVE_LIMIT_MS, QUICK_TIMING, type TimingOptions } from "./harness.js";
import { Progress, type ProgressSink } from "./progress.js";
import { renderJson } from "./report/json.js";
import { renderMarkdown } from "./report/markdown.js";
import { renderSvg } from "./report/svg.js";
import { renderTable } from "./report/table.js";
import type { BenchReport, CaseResult } from "./result.js";
import { runCase } from "./runner.js";
import { loadTfjs, TfjsUnavailableError, type LoadedTfjs } from "./tfjs.js";

export interface Io {
  stdout(text: string): void;
  stderr: ProgressSink;
  writeFile(path: string, text: string): void;
}

export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
  writeFile: (path, text) => writeFileSync(path, text),
};

export const EXIT_OK = 0;
export const EXIT_CASE_FAILED = 1;
export const EXIT_USAGE = 2;

interface Job {
  def: CaseDefinition;
  size: number | undefined;
}

/** --threads asks for more than one thread (0: one per core, which may be one). */
const threaded = (options: BenchOptions) => options.threads !== undefined && options.threads !== 1;

function selectJobs(options: BenchOptions, cases: readonly CaseDefinition[]): Job[] {
  const selected = cases.filter((c) => options.filters.length === 0 || options.filters.some((f) => c.name.toLowerCase().includes(f)));
  if (selected.length === 0) {
    throw new UsageError(`no case matches --filter ${options.filters.join(",")} (cases: ${cases.map((c) => c.name).join(", ")})`);
  }
  return selected.flatMap((def): Job[] => {
    if (!def.sizes) return [{ def, size: undefined }];
    const quick = def.sizes.quick ?? def.sizes.defaults;
    // --quick --threads keeps the sizes where threads are meant to pay off (relu-add 16M, matmul 1024).
    const quickSizes = threaded(options) ? [...new Set([...quick, ...(def.sizes.threaded ?? [])])] : quick;
    const sizes = options.sizes ?? (options.quick ? quickSizes : def.sizes.defaults);
    for (const size of sizes) {
      if (size > def.sizes.max) throw new UsageError(`--sizes ${size}: ${def.name} takes at most ${def.sizes.max} (${def.sizes.meaning})`);
    }
    return sizes.map((size) => ({ def, size }));
  });
}

function describeSizes(sizes: SizeParameter): string {
  const quick = [
    ...(sizes.quick ? [`--quick: ${sizes.quick.join(", ")}`] : []),
    ...(sizes.threaded ? [`--quick --threads adds ${sizes.threaded.join(", ")}`] : []),
  ];
  return `size = ${sizes.meaning}; default ${sizes.defaults.join(", ")}${quick.length > 0 ? ` (${quick.join("; ")})` : ""}`;
}

function listCases(cases: readonly CaseDefinition[]): string {
  const width = Math.max(...cases.map((c) => c.name.length));
  const lines = ["cases (--filter matches these names):"];
  for (const c of cases) {
    lines.push(`  ${c.name.padEnd(width)}  ${c.family}: ${c.title}`);
    lines.push(`  ${"".padEnd(width)}  ${c.sizes ? describeSizes(c.sizes) : "fixed size"}`);
  }
  return lines.join("\n") + "\n";
}

function timingFor(options: BenchOptions): TimingOptions {
  const base = options.quick ? QUICK_TIMING : FULL_TIMING;
  return { ...base, ...(options.maxTime === undefined ? {} : { maxTime: options.maxTime }), ...(options.rounds === undefined ? {} : { rounds: options.rounds }) };
}

/** While cases run, console.log & co. go to stderr: stdout is the report's alone. */
function withConsoleOnStderr<T>(io: Io, body: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const toStderr = (...args: unknown[]) => io.stderr.write(args.map(String).join(" ") + "\n");
  console.log = console.info = console.debug = toStderr;
  return body().finally(() => Object.assign(console, saved));
}

export async function main(argv: readonly string[], io: Io = processIo, cases: readonly CaseDefinition[] = CASES): Promise<number> {
  let options: BenchOptions;
  let jobs: Job[];
  try {
    const command = parseArgs(argv);
    if (command.command === "help") {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (command.command === "version") {
      io.stdout(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    options = command;
    if (options.list) {
      io.stdout(listCases(cases));
      return EXIT_OK;
    }
    jobs = selectJobs(options, cases);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`simd-tensor: ${error.message}\nRun "simd-tensor bench --help" for the options.\n`);
    return EXIT_USAGE;
  }
  if (options.sizes && jobs.some((j) => j.size === undefined)) {
    const fixed = [...new Set(jobs.filter((j) => j.size === undefined).map((j) => j.def.name))];
    io.stderr.write(`bench: ${fixed.join(", ")} ${fixed.length === 1 ? "has" : "have"} a fixed size; --sizes does not apply\n`);
  }

  return withConsoleOnStderr(io, async () => {
    let tfjs: LoadedTfjs | undefined;
    if (options.vs === "tfjs") {
      try {
        tfjs = await loadTfjs();
      } catch (error) {
        if (!(error instanceof TfjsUnavailableError)) throw error;
        io.stderr.write(`simd-tensor: ${error.message}\n`);
        return EXIT_USAGE;
      }
    }
    let threads = 1;
    if (threaded(options)) {
      try {
        threads = await st.setThreads(options.threads ?? 1);
      } catch (error) {
        io.stderr.write(`simd-tensor: --threads ${options.threads}: ${error instanceof Error ? error.message : String(error)}\n`);
        return error instanceof st.InvalidArgumentError ? EXIT_USAGE : EXIT_CASE_FAILED;
      }
      if (threads === 1) io.stderr.write("bench: --threads 0 found one core: no threaded column\n");
    }
    try {
      return runAndReport(options, jobs, io, tfjs, threads);
    } finally {
      // Whatever happened: idle workers still spin between ops, and an in-process caller
      // (the tests) expects one thread back.
      if (threaded(options)) await st.setThreads(1);
    }
  });
}

/** Runs the jobs (threads: of the threaded column, already started) and prints the report; the exit code. */
function runAndReport(options: BenchOptions, jobs: readonly Job[], io: Io, tfjs: LoadedTfjs | undefined, threads: number): number {
  const environment = describeEnvironment(options.quick ? "quick" : "full", tfjs?.description, threads);
  const progress = new Progress(io.stderr);
  const results: CaseResult[] = [];
  const runOptions = {
    timing: timingFor(options),
    naiveLimitMs: options.quick ? QUICK_NAIVE_LIMIT_MS : undefined,
    builds: columnBuilds(),
    tf: tfjs?.tf,
    threads,
    onProgress: (text: string) => progress.step(text),
  };
  jobs.forEach((job, i) => {
    progress.startCase(i + 1, jobs.length, `${job.def.name}${job.size === undefined ? "" : ` (size ${job.size})`}`);
    const result = runCase(job.def, job.size, runOptions);
    if (result.error !== undefined) io.stderr.write(`\nbench: ${result.name} ${result.shape}: ${result.error}\n`);
    results.push(result);
  });
  progress.finish(results.length);

  const report: BenchReport = { environment, results };
  io.stdout(options.json ? renderJson(report) : options.markdown ? renderMarkdown(report) : renderTable(report));
  let code = results.some((r) => r.error !== undefined) ? EXIT_CASE_FAILED : EXIT_OK;
  if (options.svg !== undefined) {
    try {
      io.writeFile(options.svg, renderSvg(report));
      io.stderr.write(`bench: wrote the chart to ${options.svg}\n`);
    } catch (error) {
      io.stderr.write(`simd-tensor: could not write ${options.svg}: ${error instanceof Error ? error.message : String(error)}\n`);
      code = EXIT_CASE_FAILED;
    }
  }
  return code;
}
