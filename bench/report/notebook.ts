// The notebook's timing cells, printed its way: "Took: 0.00 s" per variant.
import { threadedLabel, type BenchReport } from "../result.js";
import { formatTime, took } from "./format.js";

export function notebookLines(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    if (!r.notebook || r.error !== undefined) continue;
    const width = Math.max(r.notebook.naive.length, r.notebook.library.length);
    const threaded = threadedLabel(report.environment.threads);
    const labelWidth = r.threaded ? threaded.length : 11;
    const line = (code: string, label: string, ms: number | undefined) =>
      ms === undefined ? undefined : `  ${code.padEnd(width)}   ${label.padEnd(labelWidth)}  ${took(ms)}  (median ${formatTime(ms)})`;
    lines.push(`The notebook's timing cells (${r.name}, ${r.shape}), printed its way:`);
    for (const l of [
      line(r.notebook.naive, "naive JS", r.naive?.medianMs),
      line(r.notebook.library, "scalar wasm", r.scalar?.medianMs),
      line(r.notebook.library, "SIMD wasm", r.simd?.medianMs),
      line(r.notebook.library, threaded, r.threaded?.medianMs),
      line(r.notebook.library, "tfjs-wasm", r.tfjs?.medianMs),
    ]) {
      if (l !== undefined) lines.push(l);
    }
  }
  return lines;
}
