// --svg <file>: the speed-ups over the naive loops as a horizontal bar chart on a log
// scale, one group of bars per case. Self-contained: no scripts, fonts or links.
import { threadedLabel, type BenchReport, type CaseResult } from "../result.js";
import { formatRatio } from "./format.js";

interface Series {
  label: string;
  color: string;
  value(r: CaseResult): number | null | undefined;
}

/** Speed-up of a column over naive JS: naive median ÷ that column's median. */
const over = (r: CaseResult, column: "scalar" | "simd" | "threaded" | "tfjs") => {
  const v = r[column];
  return r.naive && v ? r.naive.medianMs / v.medianMs : null;
};

const WIDTH = 960;
const LABEL_WIDTH = 300;
const PLOT_LEFT = LABEL_WIDTH + 20;
const PLOT_RIGHT = WIDTH - 70;
const BAR = 16;
const BAR_GAP = 3;
const GROUP_GAP = 16;
const TOP = 96;
const FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\"";
const TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const px = (x: number) => Math.round(x * 10) / 10;

export function renderSvg(report: BenchReport): string {
  const series: Series[] = [
    { label: "scalar wasm", color: "#9aa4b1", value: (r) => over(r, "scalar") },
    { label: "SIMD wasm", color: "#2f6fdf", value: (r) => over(r, "simd") },
  ];
  const threads = report.environment.threads;
  if (threads > 1) series.push({ label: threadedLabel(threads), color: "#17a589", value: (r) => over(r, "threaded") });
  if (report.environment.tfjs !== undefined) series.push({ label: "tfjs-wasm", color: "#f28e2b", value: (r) => over(r, "tfjs") });

  const values = report.results.flatMap((r) => series.map((s) => s.value(r))).filter((v): v is number => typeof v === "number" && v > 0);
  const lowest = Math.min(1, ...values);
  const highest = Math.max(2, ...values);
  const lo = [...TICKS].reverse().find((t) => t <= lowest) ?? TICKS[0];
  const hi = TICKS.find((t) => t >= highest) ?? TICKS[TICKS.length - 1];
  const x = (v: number) => PLOT_LEFT + ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (PLOT_RIGHT - PLOT_LEFT);

  const groupHeight = series.length * (BAR + BAR_GAP) - BAR_GAP;
  const plotHeight = report.results.length * (groupHeight + GROUP_GAP);
  const height = TOP + plotHeight + 56;
  const env = report.environment;
  const parts: string[] = [];
  const text = (tx: number, ty: number, s: string, attrs = "") =>
    parts.push(`<text x="${px(tx)}" y="${px(ty)}" ${attrs}>${escapeXml(s)}</text>`);

  parts.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  text(20, 30, "simd-tensor: speed-up over the naive JS loops (log scale, higher is better)", `font-size="18" font-weight="600" fill="#111"`);
  text(20, 52, `Node ${env.node} · ${env.cpu} · ${env.cores} cores · ${env.mode} run · ${env.date.slice(0, 10)}`, `font-size="12" fill="#555"`);
  series.forEach((s, i) => {
    const lx = 20 + i * 150;
    parts.push(`<rect x="${lx}" y="66" width="12" height="12" fill="${s.color}"/>`);
    text(lx + 18, 76, s.label, `font-size="12" fill="#333"`);
  });

  for (const t of TICKS.filter((t) => t >= lo && t <= hi)) {
    const tx = x(t);
    const base = t === 1;
    parts.push(
      `<line x1="${px(tx)}" y1="${TOP - 6}" x2="${px(tx)}" y2="${TOP + plotHeight}" stroke="${base ? "#444" : "#e3e6ea"}"` +
        `${base ? ' stroke-dasharray="4 3"' : ""}/>`,
    );
    text(tx, TOP + plotHeight + 18, `${t}×`, `font-size="11" fill="#555" text-anchor="middle"`);
  }
  text(x(1), TOP + plotHeight + 36, "= naive JS", `font-size="11" fill="#555" text-anchor="middle"`);

  report.results.forEach((r, g) => {
    const gy = TOP + g * (groupHeight + GROUP_GAP);
    text(LABEL_WIDTH, gy + groupHeight / 2 - 2, r.name, `font-size="13" font-weight="600" fill="#111" text-anchor="end"`);
    text(LABEL_WIDTH, gy + groupHeight / 2 + 13, r.shape, `font-size="11" fill="#666" text-anchor="end"`);
    if (r.error !== undefined || !r.naive) {
      const why = r.error !== undefined ? "error: see the report" : "naive JS not timed";
      text(PLOT_LEFT + 6, gy + groupHeight / 2 + 4, why, `font-size="12" fill="${r.error !== undefined ? "#c0392b" : "#777"}"`);
      return;
    }
    series.forEach((s, i) => {
      const v = s.value(r);
      if (typeof v !== "number" || !(v > 0)) return;
      const y = gy + i * (BAR + BAR_GAP);
      const a = x(Math.min(1, v));
      const b = x(Math.max(1, v));
      parts.push(
        `<rect x="${px(a)}" y="${px(y)}" width="${px(Math.max(b - a, 1))}" height="${BAR}" fill="${s.color}">` +
          `<title>${escapeXml(`${r.name} ${r.shape}: ${s.label} ${formatRatio(v)} faster than naive JS`)}</title></rect>`,
      );
      text(b + 5, y + BAR - 4, formatRatio(v), `font-size="11" fill="#222"`);
    });
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    `<title>simd-tensor bench: speed-up over naive JS</title>`,
    ...parts,
    `</svg>`,
    "",
  ].join("\n");
}
