// --json: the machine-readable report, and nothing else on stdout.
import type { BenchReport, CaseResult, VariantResult } from "../result.js";

const variant = (v: VariantResult | null | undefined) =>
  v ? { medianMs: v.medianMs, rme: v.rme, minMs: v.minMs, maxMs: v.maxMs, samples: v.samples } : null;

function resultJson(r: CaseResult): Record<string, unknown> {
  return {
    name: r.name,
    family: r.family,
    title: r.title,
    shape: r.shape,
    ...(r.size === undefined ? {} : { size: r.size }),
    naive: variant(r.naive),
    scalar: variant(r.scalar),
    simd: variant(r.simd),
    ...(r.threaded === undefined ? {} : { threaded: variant(r.threaded) }),
    ...(r.tfjs === undefined ? {} : { tfjs: variant(r.tfjs) }),
    speedup: r.speedup,
    speedupOverScalar: r.speedupOverScalar,
    ...(r.speedupOverOneThread === undefined ? {} : { speedupOverOneThread: r.speedupOverOneThread }),
    ...(r.speedupOverTfjs === undefined ? {} : { speedupOverTfjs: r.speedupOverTfjs }),
    ...(r.gflops === undefined ? {} : { gflops: r.gflops }),
    ...(r.gbps === undefined ? {} : { gbps: r.gbps }),
    ...(r.threadedGflops === undefined ? {} : { threadedGflops: r.threadedGflops }),
    ...(r.threadedGbps === undefined ? {} : { threadedGbps: r.threadedGbps }),
    ...(r.check === undefined ? {} : { check: r.check }),
    notes: r.notes,
    ...(r.error === undefined ? {} : { error: r.error }),
  };
}

export function renderJson(report: BenchReport): string {
  return JSON.stringify({ environment: report.environment, results: report.results.map(resultJson) }, null, 2) + "\n";
}
