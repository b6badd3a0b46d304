// fit's progress bar (verbose 1), Keras's layout:
//   Epoch 1/5  120/469 [======>.......................] - 2s - loss: 0.3410 - accuracy: 0.9012
// On a TTY the line is redrawn in place (at most every 50 ms, and at each epoch's end);
// elsewhere (a pipe, a log file, CI) one finished line per epoch. verbose 2: one line per
// epoch on a TTY too.

/** Where progress is written: process.stderr in Node and console.log in a browser by default; anything with write() (isTTY true for redraws in place). */
export interface ProgressStream {
  /** Writes text (no newline added). */
  write(text: string): unknown;
  /** A terminal: the bar is redrawn in place. */
  isTTY?: boolean;
}

const WIDTH = 30;
const REDRAW_MS = 50;

/** Keras's number format in logs: 4 decimals, or 4 significant digits in exponent form below 1e-3. */
export function formatLogValue(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(4) : value.toFixed(4);
}

/** A log key as Keras prints it: valLoss → val_loss. */
export function kerasKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The bar: "[======>.......]" for `done` of `total` steps. */
export function bar(done: number, total: number): string {
  const filled = total === 0 ? WIDTH : Math.floor((WIDTH * done) / total);
  if (filled === 0) return `[${".".repeat(WIDTH)}]`;
  const head = done < total ? ">" : "=";
  return `[${"=".repeat(filled - 1)}${head}${".".repeat(WIDTH - filled)}]`;
}

/** One epoch's progress, drawn on a stream. */
export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #inPlace: boolean;
  readonly #epochs: number;
  readonly #steps: number;
  #epoch = 0;
  #start = 0;
  #lastDraw = -Infinity;
  #lastLength = 0;

  constructor(stream: ProgressStream, epochs: number, steps: number, verbose: 1 | 2) {
    this.#stream = stream;
    this.#inPlace = verbose === 1 && stream.isTTY === true;
    this.#epochs = epochs;
    this.#steps = steps;
  }

  /** Starts epoch `epoch` (from 0). */
  epochBegin(epoch: number): void {
    this.#epoch = epoch;
    this.#start = performance.now();
    this.#lastDraw = -Infinity;
    this.#lastLength = 0;
  }

  /** After step `step` (from 1) with the running logs; redraws on a TTY. */
  batchEnd(step: number, logs: Readonly<Record<string, number>>): void {
    if (!this.#inPlace) return;
    const now = performance.now();
    if (step < this.#steps && now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;
    this.#draw(step, logs, false);
  }

  /** The epoch's final line, validation logs included. */
  epochEnd(logs: Readonly<Record<string, number>>): void {
    this.#draw(this.#steps, logs, true);
  }

  /** The line for `step` of the current epoch. */
  line(step: number, logs: Readonly<Record<string, number>>, seconds: number): string {
    const digits = String(this.#steps).length;
    const parts = Object.entries(logs).map(([k, v]) => ` - ${kerasKey(k)}: ${formatLogValue(v)}`);
    return `Epoch ${this.#epoch + 1}/${this.#epochs}  ${String(step).padStart(digits)}/${this.#steps} ${bar(step, this.#steps)} - ${Math.round(seconds)}s${parts.join("")}`;
  }

  #draw(step: number, logs: Readonly<Record<string, number>>, final: boolean): void {
    const text = this.line(step, logs, (performance.now() - this.#start) / 1000);
    if (this.#inPlace) {
      const pad = " ".repeat(Math.max(0, this.#lastLength - text.length));
      this.#stream.write(`\r${text}${pad}${final ? "\n" : ""}`);
      this.#lastLength = text.length;
    } else if (final) {
      this.#stream.write(`${text}\n`);
    }
  }
}
