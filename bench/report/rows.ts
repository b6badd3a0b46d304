// The table every text-like report shows: one row of formatted cells per result.
import { threadedLabel, type BenchReport, type CaseResult, type VariantResult } from "../result.js";
import { formatTolerance } from "../agreement.js";
import { formatRatio, formatRate, formatRme, formatTime } from "./format.js";

export interface Column {
  header: string;
  align: "left" | "right";
  cell(r: CaseResult): string;
}

function timing(v: VariantResult | null | undefined, r: CaseResult): string {
  if (r.error !== undefined) return "error";
  return v ? `${formatTime(v.medianMs)} ${formatRme(v.rme)}` : "—";
}

const ratio = (x: number | null | undefined) => (x === null || x === undefined ? "—" : formatRatio(x));

const rate = (x: number | undefined) => (x === undefined ? "—" : formatRate(x));

/** The columns for a report: tfjs columns only when --vs tfjs ran, threaded ones only with --threads. */
export function columnsFor(report: BenchReport): Column[] {
  const withTfjs = report.environment.tfjs !== undefined;
  const threads = report.environment.threads;
  const withThreads = threads > 1;
  const withFlops = report.results.some((r) => r.gflops !== undefined);
  const withBytes = report.results.some((r) => r.gbps !== undefined);
  const columns: Column[] = [
    { header: "case", align: "left", cell: (r) => r.name },
    { header: "shape", align: "left", cell: (r) => r.shape },
    { header: "naive JS", align: "right", cell: (r) => timing(r.naive, r) },
    { header: "scalar wasm", align: "right", cell: (r) => timing(r.scalar, r) },
    { header: "SIMD wasm", align: "right", cell: (r) => timing(r.simd, r) },
  ];
  if (withThreads) columns.push({ header: threadedLabel(threads), align: "right", cell: (r) => timing(r.threaded, r) });
  if (withTfjs) columns.push({ header: "tfjs-wasm", align: "right", cell: (r) => timing(r.tfjs, r) });
  columns.push(
    { header: "speed-up", align: "right", cell: (r) => ratio(r.speedup) },
    { header: "vs scalar", align: "right", cell: (r) => ratio(r.speedupOverScalar) },
  );
  if (withThreads) columns.push({ header: "vs 1 thread", align: "right", cell: (r) => ratio(r.speedupOverOneThread) });
  if (withTfjs) columns.push({ header: "vs tfjs", align: "right", cell: (r) => ratio(r.speedupOverTfjs) });
  if (withBytes) columns.push({ header: "GB/s", align: "right", cell: (r) => rate(r.gbps) });
  if (withBytes && withThreads) columns.push({ header: `GB/s ×${threads}`, align: "right", cell: (r) => rate(r.threadedGbps) });
  if (withFlops) columns.push({ header: "GFLOP/s", align: "right", cell: (r) => rate(r.gflops) });
  if (withFlops && withThreads) columns.push({ header: `GFLOP/s ×${threads}`, align: "right", cell: (r) => rate(r.threadedGflops) });
  return columns;
}

/** What the columns mean, printed under the table. */
export function legend(report: BenchReport): string {
  const tfjs = report.environment.tfjs !== undefined ? "; vs tfjs = tfjs-wasm ÷ SIMD wasm" : "";
  const n = report.environment.threads;
  const threads =
    n > 1
      ? ` ${threadedLabel(n)} = the SIMD build on ${n} threads, every other column on one; ` +
        `vs 1 thread = SIMD wasm ÷ ${threadedLabel(n)}; GB/s ×${n} and GFLOP/s ×${n} from its median.`
      : "";
  return (
    "Times: median per call ± relative margin of error (95 %). speed-up = naive JS ÷ SIMD wasm; " +
    `vs scalar = scalar wasm ÷ SIMD wasm${tfjs}; GB/s = minimal memory traffic ÷ SIMD median.${threads}`
  );
}

/** Notes and errors, one line each, naming the case. */
export function footnotes(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    const who = `${r.name} ${r.shape}`;
    if (r.error !== undefined) lines.push(`ERROR ${who}: ${r.error}`);
    for (const note of r.notes) lines.push(`note ${who}: ${note}`);
  }
  return lines;
}

/** One line stating the agreement check, or nothing when no case got that far. */
export function agreementLine(report: BenchReport): string | undefined {
  const checked = report.results.filter((r) => r.check !== undefined && r.error === undefined);
  if (checked.length === 0) return undefined;
  const worst = Math.max(...checked.map((r) => r.check!.maxRelError));
  const tolerances = [...new Set(checked.map((r) => `rtol ${formatTolerance(r.check!.rtol)}, atol ${formatTolerance(r.check!.atol)}`))].join(" / ");
  const references = [...new Set(checked.map((r) => r.check!.reference))].join(" or ");
  return (
    `Checked before timing: every variant matched ${references} within ${tolerances} ` +
    `(largest relative difference ${worst === 0 ? "0" : worst.toExponential(1)}).`
  );
}
