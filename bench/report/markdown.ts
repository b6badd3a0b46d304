// --markdown: the same table as GitHub markdown, to paste into an issue or the README.
import type { BenchReport } from "../result.js";
import { environmentLines } from "./format.js";
import { notebookLines } from "./notebook.js";
import { agreementLine, columnsFor, footnotes, legend } from "./rows.js";

const escapeCell = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(report: BenchReport): string {
  const columns = columnsFor(report);
  const out: string[] = environmentLines(report.environment).map((l, i) => (i === 0 ? `**${l}**  ` : `${l}  `));
  out.push("");
  out.push(`| ${columns.map((c) => c.header).join(" | ")} |`);
  out.push(`|${columns.map((c) => (c.align === "left" ? ":---" : "---:")).join("|")}|`);
  for (const r of report.results) out.push(`| ${columns.map((c) => escapeCell(c.cell(r))).join(" | ")} |`);
  out.push("", legend(report));
  const agreement = agreementLine(report);
  if (agreement) out.push(agreement);
  const notebook = notebookLines(report);
  if (notebook.length > 0) out.push("", "```", ...notebook, "```");
  const notes = footnotes(report);
  if (notes.length > 0) out.push("", ...notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}
