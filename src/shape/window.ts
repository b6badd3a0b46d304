// Sliding-window geometry shared by convolution and pooling: TensorFlow's output sizes and
// its "same" padding split (the odd row or column of padding goes after the image).
import { InvalidArgumentError, ShapeError } from "../errors.js";

/** A bad argument as the error shows it. */
function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}

/** "valid": windows only where they fit in the input; "same": output ceil(size / stride), padded as TensorFlow pads. */
export type Padding = "valid" | "same";

export interface WindowOptions {
  strides?: number | readonly [number, number];
  padding?: Padding;
  dilations?: number | readonly [number, number];
}

export interface WindowGeometry {
  /** Output rows and columns. */
  readonly out: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** Padding before the first row and column (the rest goes after). */
  readonly padBefore: readonly [number, number];
}

/** "valid" (the default) or "same"; anything else is an error naming the op. */
export function parsePadding(value: unknown, op: string): Padding {
  const padding = value ?? "valid";
  if (padding !== "valid" && padding !== "same") throw new InvalidArgumentError(`${op}: padding must be "valid" or "same", got ${describe(padding)}`);
  return padding;
}

/** A positive integer or a pair of them, as [rows, columns]. */
export function parsePair(value: unknown, name: string, op: string, fallback: number): [number, number] {
  if (value === undefined) return [fallback, fallback];
  const pair = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new InvalidArgumentError(`${op}: ${name} must be a positive integer or a pair [rows, columns] of them, got ${describe(value)}`);
  }
  return [pair[0], pair[1]];
}

/**
 * TensorFlow's window arithmetic for an input of `size` [rows, columns] and a window of
 * `window` taps. A window larger than the input under "valid" padding has no position:
 * an error (convolution), or with `empty` an output of size 0 along that axis (pooling).
 */
export function windowGeometry(
  size: readonly [number, number] | readonly number[],
  window: readonly [number, number] | readonly number[],
  options: WindowOptions,
  op: string,
  { defaultStrides = [1, 1], empty = false }: { defaultStrides?: readonly [number, number]; empty?: boolean } = {},
): WindowGeometry {
  const strides = options.strides === undefined ? [defaultStrides[0], defaultStrides[1]] as [number, number] : parsePair(options.strides, "strides", op, 1);
  const dilations = parsePair(options.dilations, "dilations", op, 1);
  const padding = parsePadding(options.padding, op);
  const out: [number, number] = [0, 0];
  const padBefore: [number, number] = [0, 0];
  for (const axis of [0, 1]) {
    const extent = (window[axis] - 1) * dilations[axis] + 1; // the dilated window
    if (padding === "valid") {
      if (extent > size[axis] && size[axis] > 0 && !empty) {
        const what = axis === 0 ? "rows" : "columns";
        throw new ShapeError(`${op}: the window spans ${extent} ${what} (size ${window[axis]}, dilation ${dilations[axis]}) but the input has ${size[axis]}: no valid position; use padding "same" or a smaller window`);
      }
      out[axis] = extent > size[axis] ? 0 : Math.floor((size[axis] - extent) / strides[axis]) + 1;
    } else {
      out[axis] = Math.ceil(size[axis] / strides[axis]);
      const total = Math.max((out[axis] - 1) * strides[axis] + extent - size[axis], 0);
      padBefore[axis] = Math.floor(total / 2);
    }
  }
  return { out, strides, dilations, padBefore };
}
