// The default report: environment header, the notebook's "Took" lines, an aligned table.
import type { BenchReport } from "../result.js";
import { environmentLines } from "./format.js";
import { notebookLines } from "./notebook.js";
import { agreementLine, columnsFor, footnotes, legend } from "./rows.js";

export function renderTable(report: BenchReport): string {
  const columns = columnsFor(report);
  const cells = report.results.map((r) => columns.map((c) => c.cell(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (columns[i].align === "left" ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ").trimEnd();
  const out: string[] = [...environmentLines(report.environment), ""];
  const notebook = notebookLines(report);
  if (notebook.length > 0) out.push(...notebook, "");
  out.push(line(columns.map((c) => c.header)), widths.map((w) => "─".repeat(w)).join("  "));
  for (const row of cells) out.push(line(row));
  out.push("", legend(report));
  const agreement = agreementLine(report);
  if (agreement) out.push(agreement);
  const notes = footnotes(report);
  if (notes.length > 0) out.push("", ...notes);
  return out.join("\n") + "\n";
}
