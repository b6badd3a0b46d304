// model.summary(): Keras 3's table: one row per layer with its name and class, its output
// shape with the batch axis as None, and its parameter count; then the totals, with the
// bytes they take (float32).
import type { Layer } from "./layers/layer.js";
import { batchShape } from "./layers/layer.js";

/** Keras's readable_memory_size: 1024-based units, two decimals. */
export function readableBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) {
    bytes /= 1024;
    i++;
  }
  return `${bytes.toFixed(2)} ${units[i]}`;
}

/** 407050 → "407,050". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The summary table of a model's layers (`names` parallel to `layers`). */
export function summaryTable(modelName: string, layers: readonly Layer[], names: readonly string[]): string {
  const built = layers.length > 0 && layers.every((l) => l.built);
  const rows = layers.map((l, i) => [
    `${names[i]} (${l.className})`,
    l.outputShape === undefined ? "?" : batchShape(l.outputShape),
    l.built ? grouped(l.countParams()) : "0 (unbuilt)",
  ]);
  const head = ["Layer (type)", "Output Shape", "Param #"];
  const widths = [33, 24, 15].map((min, c) => Math.max(min, ...rows.map((r) => r[c].length + 2), head[c].length + 2));
  const cell = (text: string, c: number) => (c === 2 ? text.padStart(widths[c] - 1) + " " : " " + text.padEnd(widths[c] - 1));
  const line = (l: string, fill: string, mid: string, r: string) => l + widths.map((w) => fill.repeat(w)).join(mid) + r;
  const out = [`Model: "${modelName}"`, line("┏", "━", "┳", "┓"), "┃" + head.map(cell).join("┃") + "┃", line("┡", "━", "╇", "┩")];
  rows.forEach((r, i) => {
    if (i > 0) out.push(line("├", "─", "┼", "┤"));
    out.push("│" + r.map(cell).join("│") + "│");
  });
  out.push(line("└", "─", "┴", "┘"));
  const total = layers.reduce((n, l) => n + l.countParams(), 0);
  const trainable = layers.reduce((n, l) => n + l.weights.reduce((m, v) => m + (v.trainable ? v.size : 0), 0), 0);
  const bytes = (count: number) => readableBytes(count * 4);
  if (built) {
    out.push(` Total params: ${grouped(total)} (${bytes(total)})`);
    out.push(` Trainable params: ${grouped(trainable)} (${bytes(trainable)})`);
    out.push(` Non-trainable params: ${grouped(total - trainable)} (${bytes(total - trainable)})`);
  } else {
    out.push(" Total params: 0 (unbuilt: give the first layer an inputShape, or call the model on a batch)");
  }
  return out.join("\n");
}
