// numpy-like printing. toString() is numpy's str(); util.inspect shows the values with
// shape and dtype, the way TensorFlow prints a tf.Tensor.
//   - floats: shortest digits that round-trip in the dtype, at most 8 after the point,
//     right-padded with spaces to a common width ("[0.5  0.25]"), integral values as "2.";
//     scientific when the magnitudes span more than 1e3, reach 1e8, or go below 1e-4
//   - above 1000 elements: the first and last 3 along each axis, "..." between
//   - rows wrap at 75 characters
//   - integers as they are; bools as True / False
import type { DType } from "./dtype.js";
import { formatShape } from "./shape/shape.js";
import type { Tensor } from "./tensor.js";

const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;

type Formatter = (v: number) => string;

function roundTrips(dtype: DType, v: number, s: string): boolean {
  const back = Number(s);
  return dtype === "float32" ? Math.fround(back) === v : back === v;
}

/** Digits after the point in `text` once trailing zeros are dropped (numpy's "maxprec" mode). */
function significantFraction(text: string): number {
  const fraction = text.split(".")[1] ?? "";
  return fraction.replace(/0+$/, "").length;
}

function fractionDigits(dtype: DType, v: number): number {
  for (let d = 0; d < PRECISION; d++) if (roundTrips(dtype, v, v.toFixed(d))) return d;
  return significantFraction(v.toFixed(PRECISION));
}

function mantissaDigits(dtype: DType, v: number): number {
  for (let d = 0; d < PRECISION; d++) if (roundTrips(dtype, v, v.toExponential(d))) return d;
  return significantFraction(v.toExponential(PRECISION).split("e")[0]);
}

/**
 * toFixed / toExponential with numpy's rounding: an exact tie goes to the even digit
 * (JS rounds ties away from zero: 396367.125 → "396367.13", numpy "396367.12"). The
 * digits past `digits` are read from the exact decimal expansion (toFixed(100) is exact
 * for every float32 and for doubles with short binary fractions, the only ones that tie).
 */
function roundEven(v: number, digits: number, style: "fixed" | "exponential"): string {
  const rounded = style === "fixed" ? v.toFixed(digits) : v.toExponential(digits);
  const exact = style === "fixed" ? v.toFixed(Math.min(100, digits + 40)) : v.toExponential(Math.min(100, digits + 40));
  const [mantissa, exp] = exact.split("e");
  const point = mantissa.indexOf(".");
  const kept = point < 0 ? mantissa : mantissa.slice(0, point + 1 + digits);
  const rest = point < 0 ? "" : mantissa.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return rounded;
  const last = kept.replace(".", "").slice(-1);
  if (Number(last) % 2 !== 0) return rounded; // odd: rounding away from zero makes it even
  const truncated = kept.endsWith(".") ? kept.slice(0, -1) : kept;
  return exp === undefined ? truncated : `${truncated}e${exp}`;
}

/** Keeps the sign of -0 (and of negatives that round to zero), as numpy prints "-0.". */
function withSign(v: number, text: string): string {
  return (v < 0 || Object.is(v, -0)) && !text.startsWith("-") ? `-${text}` : text;
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return undefined;
}

/** Builds one formatter for all the values that will be shown, so that they align. */
function makeFormatter(values: ArrayLike<number>, dtype: DType): Formatter {
  if (dtype === "bool") return (v) => (v !== 0 ? " True" : "False"); // numpy pads True to False's width in arrays
  if (dtype === "int32" || dtype === "uint8") return (v) => String(v);
  let maxAbs = 0, minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (!Number.isFinite(a)) continue;
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
  }
  const scientific = maxAbs >= 1e8 || (minAbs !== Infinity && (minAbs < 1e-4 || maxAbs / minAbs > 1e3));
  let digits = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    digits = Math.max(digits, scientific ? mantissaDigits(dtype, v) : fractionDigits(dtype, v));
  }
  if (scientific) {
    return (v) => {
      const s = special(v);
      if (s !== undefined) return s;
      const [mantissa, exp] = withSign(v, roundEven(v, digits, "exponential")).split("e");
      const sign = exp[0] === "-" ? "-" : "+";
      const e = exp.replace(/^[+-]/, "").padStart(2, "0");
      return `${digits === 0 ? mantissa + "." : mantissa}e${sign}${e}`;
    };
  }
  return (v) => {
    const s = special(v);
    if (s !== undefined) return s;
    const d = fractionDigits(dtype, v);
    const text = withSign(v, roundEven(v, d, "fixed"));
    return (d === 0 ? text + "." : text) + " ".repeat(digits - d);
  };
}

interface Block {
  values: ArrayLike<number>;
  shape: readonly number[];
}

function summarise(t: Tensor): boolean {
  return t.size > THRESHOLD;
}

/** Indices shown along an axis of length n: all, or the edges with a gap (-1). */
function shownIndices(n: number, summary: boolean): number[] {
  if (!summary || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, -1, n - 3, n - 2, n - 1];
}

function render(block: Block, summary: boolean, fmt: Formatter, width: number): string {
  const { values, shape } = block;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const cell = (v: number) => fmt(v).padStart(width);
  const walk = (axis: number, base: number, indent: string): string => {
    const idx = shownIndices(shape[axis], summary);
    if (axis === shape.length - 1) {
      // Wrap the row at LINE_WIDTH, continuation lines indented under the first element.
      const lines: string[] = [];
      let line = "";
      for (const i of idx) {
        const item = i < 0 ? "..." : cell(values[base + i * strides[axis]]);
        if (line.length > 0 && indent.length + line.length + 1 + item.length + 1 > LINE_WIDTH) {
          lines.push(line.trimEnd()); // numpy drops the alignment padding before a line break
          line = item;
        } else {
          line = line.length === 0 ? item : `${line} ${item}`;
        }
      }
      lines.push(line);
      return `[${lines.join(`\n${indent}`)}]`;
    }
    const gap = "\n".repeat(shape.length - axis - 1);
    const parts = idx.map((i) => (i < 0 ? "..." : walk(axis + 1, base + i * strides[axis], indent + " ")));
    return `[${parts.join(`${gap}${indent}`)}]`;
  };
  return walk(0, 0, " ");
}

/** The shown values in row-major order (only the edges when summarising). */
function shownValues(t: Tensor, data: ArrayLike<number>, summary: boolean): number[] {
  if (!summary) return Array.from(data);
  const out: number[] = [];
  const strides: number[] = [];
  let s = 1;
  for (let i = t.rank - 1; i >= 0; i--) {
    strides[i] = s;
    s *= t._shape[i];
  }
  const walk = (axis: number, base: number) => {
    for (const i of shownIndices(t._shape[axis], true)) {
      if (i < 0) continue;
      if (axis === t.rank - 1) out.push(data[base + i]);
      else walk(axis + 1, base + i * strides[axis]);
    }
  };
  walk(0, 0);
  return out;
}

/**
 * numpy's str of a 0-d array (the scalar's repr): shortest round-trip digits, "2.0" for
 * integral values, scientific below 1e-4 or from 1e6 (float32) / 1e16 (float64) on.
 */
function scalarString(v: number, dtype: DType): string {
  const s = special(v);
  if (s !== undefined) return s;
  if (dtype === "bool") return v !== 0 ? "True" : "False";
  if (dtype === "int32" || dtype === "uint8") return String(v);
  const abs = Math.abs(v);
  const scientific = abs !== 0 && (abs < 1e-4 || abs >= (dtype === "float32" ? 1e6 : 1e16));
  for (let p = 0; p <= 17; p++) {
    if (scientific) {
      const text = v.toExponential(p);
      if (!roundTrips(dtype, v, text)) continue;
      const [mantissa, exp] = text.split("e");
      return `${mantissa}e${exp[0]}${exp.slice(1).padStart(2, "0")}`;
    }
    const text = v.toPrecision(p + 1);
    if (roundTrips(dtype, v, text)) {
      const n = Number(text);
      return withSign(v, Number.isInteger(n) ? n.toFixed(1) : String(n));
    }
  }
  return String(v);
}

/** numpy's str(t). */
export function formatValues(t: Tensor): string {
  const data = t.data();
  if (t.rank === 0) return scalarString(data[0], t.dtype);
  if (t.size === 0) return "[]";
  const summary = summarise(t);
  const shown = shownValues(t, data, summary);
  const fmt = makeFormatter(shown, t.dtype);
  let width = 0;
  for (const v of shown) width = Math.max(width, fmt(v).length);
  return render({ values: data, shape: t._shape }, summary, fmt, width);
}

/** What console.log shows: Tensor(<values>, shape=(2, 2), dtype=float32). */
export function formatTensor(t: Tensor): string {
  const body = formatValues(t);
  const tail = `shape=${formatShape(t._shape)}, dtype=${t.dtype})`;
  return body.includes("\n") ? `Tensor(\n${body}, ${tail}` : `Tensor(${body}, ${tail}`;
}
