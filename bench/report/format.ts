// Number formatting shared by the text, markdown and SVG reports.
import type { Environment } from "../result.js";

/** Fixed decimals by magnitude: 245, 18.2, 1.41 (three significant digits below 1000). */
function digits3(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** A duration given in milliseconds, in the unit that reads best: 1.41 ms, 18.2 µs, 2.31 s. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 1000) return `${digits3(ms / 1000)} s`;
  if (ms >= 1) return `${digits3(ms)} ms`;
  if (ms >= 1e-3) return `${digits3(ms * 1e3)} µs`;
  return `${digits3(ms * 1e6)} ns`;
}

export function formatRatio(x: number): string {
  return `${digits3(x)}×`;
}

export function formatRme(rme: number): string {
  return `±${rme < 10 ? rme.toFixed(1) : rme.toFixed(0)}%`;
}

export function formatRate(x: number): string {
  return digits3(x);
}

/** The notebook's own format: print("Took: {0:.2f} s".format(seconds)). */
export function took(ms: number): string {
  return `Took: ${(ms / 1000).toFixed(2)} s`;
}

/** The environment in three short lines, for the text and markdown headers. */
export function environmentLines(env: Environment): string[] {
  const columns = `scalar column: ${env.builds.scalarColumn ?? "none"}, SIMD column: ${env.builds.simdColumn ?? "none"}`;
  return [
    `simd-tensor ${env.simdTensor} bench (${env.mode}) · ${env.date}`,
    `Node ${env.node} · V8 ${env.v8} · ${env.platform} · ${env.cpu} · ${env.cores} cores · ${env.memoryGiB} GiB`,
    `kernel builds loaded: ${env.builds.available.join(", ")} (default ${env.builds.default}; ${columns}) · ` +
      `${env.threads === 1 ? "1 thread" : `1 thread, ${env.threads} in the ×${env.threads} column`} · Benchmark.js ${env.benchmarkJs}` +
      (env.tfjs ? ` · vs ${env.tfjs}` : ""),
  ];
}
