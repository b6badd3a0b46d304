// Creation functions: tensor, zeros, ones, full, arange, linspace, eye (random values are
// in random.ts). Each checks its arguments, works out the values or the fill, and ends in
// one of two engine primitives (FILL, FROM_VALUES), so the engine allocates every tensor.
import { dtypeInfo, dtypeOfTypedArray, isInt32Value, parseDType, type DType } from "../dtype.js";
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { formatShape, MAX_RANK, parseShape, sizeOf } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { fill, heapBytesOf, writeContiguous } from "../backend/layout.js";
import { run } from "../engine/engine.js";
import { computeOp } from "../engine/op.js";
import { astype } from "./cast.js";
import { reshape } from "./movement.js";

/** Nested arrays of numbers (or booleans), a flat array or TypedArray, or one number or boolean. */
export type TensorInput = number | boolean | ArrayLike<number> | NestedInput;
/** An array whose entries are numbers, booleans, TypedArrays or further such arrays, nested one level per axis; {@link tensor} rejects ragged nesting. */
export interface NestedInput extends ReadonlyArray<number | boolean | NestedInput | ArrayLike<number>> {}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

/** Shape of nested arrays (checking that they are not ragged) and their values, row-major; booleans count as 0/1. */
function flattenNested(values: ArrayLike<unknown>): { shape: number[]; flat: number[]; allBoolean: boolean } {
  const shape: number[] = [];
  for (let v: unknown = values; isArrayLike(v); v = v.length > 0 ? v[0] : undefined) {
    if (shape.length === MAX_RANK) throw new ShapeError(`tensor: arrays nested more than ${MAX_RANK} deep (a tensor has at most ${MAX_RANK} axes)`);
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const flat: number[] = [];
  let booleans = 0;
  const walk = (v: unknown, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof v === "boolean") {
        flat.push(v ? 1 : 0);
        booleans++;
        return;
      }
      if (typeof v !== "number") {
        if (isArrayLike(v)) throw new ShapeError(`tensor: ragged nested array: an array nested deeper than its siblings at ${path}`);
        throw new InvalidArgumentError(`tensor: non-numeric value ${describeValue(v)} at ${path}`);
      }
      flat.push(v);
      return;
    }
    if (!isArrayLike(v) || v.length !== shape[depth]) {
      const got = isArrayLike(v) ? `length ${v.length}` : describeValue(v);
      throw new ShapeError(`tensor: ragged nested array: expected length ${shape[depth]} at ${path}, got ${got}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(values, 0, "values");
  return { shape, flat, allBoolean: booleans > 0 && booleans === flat.length };
}

/** A value for an error message, its type named only where the text alone would not tell. */
function describeValue(v: unknown): string {
  if (isArrayLike(v)) return "an array";
  if (typeof v === "bigint") return `bigint ${v}n (use a number)`;
  if (v === undefined || v === null || typeof v === "boolean") return String(v);
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = Object.prototype.toString.call(v);
  }
  return `${typeof v} ${text}`;
}

// The two primitives every creation function ends in: the engine allocates, these fill.
interface Filling {
  shape: readonly number[];
  dtype: DType;
}

const FILL = computeOp<Filling & { value: number }, Filling & { value: number }>({
  name: "fill",
  differentiable: false,
  operands: [],
  plan: (_, attrs) => attrs,
  compute: (_, out, { value }, threads) => fill(out, value, threads),
});

const FROM_VALUES = computeOp<Filling & { values: ArrayLike<number> }, Filling & { values: ArrayLike<number> }>({
  name: "fromValues",
  differentiable: false,
  operands: [],
  plan: (_, attrs) => attrs,
  compute: (_, out, { values }) => writeContiguous(out, values),
});

/** @internal A fresh contiguous tensor holding `values` (already in the dtype's range). */
export function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  return run(FROM_VALUES, [], { values, shape, dtype });
}

const FROM_BYTES = computeOp<Filling & { write: (bytes: Uint8Array) => void }, Filling & { write: (bytes: Uint8Array) => void }>({
  name: "fromBytes",
  differentiable: false,
  operands: [],
  plan: (_, attrs) => attrs,
  compute: (_, out, { write }) => write(heapBytesOf(out)),
});

/**
 * @internal A fresh contiguous tensor whose bytes `write` fills in place: it gets the block
 * (size × itemsize bytes, the dtype's little-endian layout) and must leave values valid for
 * the dtype (bool 0/1). No copy and no per-element work of its own: the .npy reader copies
 * or reads a file straight into it. Not called for an empty tensor.
 */
export function fromBytes(shape: readonly number[], dtype: DType, write: (bytes: Uint8Array) => void): Tensor {
  return run(FROM_BYTES, [], { write, shape, dtype });
}

/**
 * A tensor from a number (0-d), nested arrays, or a flat array / TypedArray (1-D, or
 * reshaped by `shape`; `[]` gives 0-d). Without `dtype`: float32, except that a
 * Float64Array keeps float64 and an Int32Array int32. Always a copy of `values`.
 */
export function tensor(values: TensorInput | Tensor, shape?: readonly number[], dtype?: DType): Tensor;
/** The same with a dtype and no shape: `tensor([1, 2, 3], "int32")`. */
export function tensor(values: TensorInput | Tensor, dtype: DType): Tensor;
export function tensor(values: TensorInput | Tensor, shapeOrDType?: readonly number[] | DType, dtypeArg?: DType): Tensor {
  let shape: readonly number[] | undefined;
  let dtype = dtypeArg;
  if (typeof shapeOrDType === "string") {
    if (dtypeArg !== undefined) {
      throw new InvalidArgumentError(`tensor: got a dtype (${JSON.stringify(shapeOrDType)}) where the shape goes and another after it; call tensor(values, shape, dtype)`);
    }
    dtype = parseDType(shapeOrDType, "tensor");
  } else {
    shape = shapeOrDType;
  }
  if (values instanceof Tensor) {
    const src = shape === undefined ? values : reshape(values, shape);
    try {
      return astype(src, dtype ?? values.dtype);
    } finally {
      if (src !== values) src.dispose();
    }
  }
  let dt = dtype === undefined ? (ArrayBuffer.isView(values) ? dtypeOfTypedArray(values as ArrayLike<number>) ?? "float32" : "float32") : parseDType(dtype, "tensor");
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (typeof values === "number" || typeof values === "boolean") {
    flat = [Number(values)];
    inferred = [];
    if (typeof values === "boolean" && dtype === undefined) dt = "bool";
  } else if (ArrayBuffer.isView(values)) {
    if (values instanceof DataView) {
      throw new InvalidArgumentError("tensor: a DataView has no element type; pass a TypedArray over its buffer (e.g. new Float32Array(view.buffer))");
    }
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      throw new InvalidArgumentError(`tensor: ${values.constructor.name} holds bigints; convert to an Int32Array or a Float64Array first`);
    }
    flat = values as unknown as ArrayLike<number>;
    inferred = [flat.length];
  } else if (isArrayLike(values)) {
    const nested = flattenNested(values);
    flat = nested.flat;
    inferred = nested.shape;
    if (nested.allBoolean && dtype === undefined) dt = "bool"; // numpy: an array of bools is bool
  } else {
    throw new InvalidArgumentError(`tensor: values must be a number, an array or a TypedArray, got ${describeValue(values)}`);
  }
  let finalShape = inferred;
  if (shape !== undefined) {
    finalShape = parseShape(shape, "tensor");
    if (sizeOf(finalShape) !== flat.length) {
      throw new ShapeError(`tensor: ${flat.length} values cannot take shape ${formatShape(finalShape)} (size ${sizeOf(finalShape)})`);
    }
  }
  if (dt !== "float32" && dt !== "float64" && dtypeOfTypedArray(flat) !== dt) expectExactValues(flat, inferred, dt);
  return fromValues(flat, finalShape, dt);
}

/** What each integer dtype holds exactly, for creation from JS values. */
const EXACT: Record<"int32" | "uint8" | "bool", { holds: (v: number) => boolean; what: string }> = {
  int32: { holds: isInt32Value, what: "an int32 (an integer in [-2^31, 2^31))" },
  uint8: { holds: (v) => Number.isInteger(v) && v >= 0 && v <= 255, what: "a uint8 (an integer in [0, 255])" },
  bool: { holds: (v) => v === 0 || v === 1, what: "a bool (true, false, 1 or 0)" },
};

/**
 * JS values into an integer or bool dtype must be exact (numpy 2 raises on an out-of-range
 * integer): the first one that is not is named with its index in the input's own nesting.
 * astype converts with numpy's truncation and wrapping instead.
 */
function expectExactValues(flat: ArrayLike<number>, shape: readonly number[], dtype: "int32" | "uint8" | "bool"): void {
  const { holds, what } = EXACT[dtype];
  for (let i = 0; i < flat.length; i++) {
    if (holds(flat[i])) continue;
    let index = "";
    for (let k = shape.length - 1, rest = i; k >= 0; k--) {
      index = `[${rest % shape[k]}]${index}`;
      rest = Math.floor(rest / shape[k]);
    }
    throw new InvalidArgumentError(`tensor: values${index} = ${flat[i]} is not ${what}; make a float tensor and astype("${dtype}") to convert`);
  }
}

/** A tensor of `shape` with every element `value`. */
export function full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
  return filled("full", shape, value, dtype);
}

/** A tensor of `shape` filled with 0. */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled("zeros", shape, 0, dtype);
}

/** A tensor of `shape` filled with 1. */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled("ones", shape, 1, dtype);
}

/** full, zeros and ones, each error naming the function the caller called. */
function filled(op: string, shape: readonly number[], value: number, dtype: DType): Tensor {
  if (typeof value !== "number") throw new InvalidArgumentError(`${op}: value must be a number, got ${describeValue(value)}`);
  const dt = parseDType(dtype, op);
  if (dt !== "float32" && dt !== "float64" && !EXACT[dt].holds(value)) throw new InvalidArgumentError(`${op}: ${value} is not ${EXACT[dt].what}`);
  return run(FILL, [], { shape: parseShape(shape, op), dtype: dt, value });
}

/** Evenly spaced values in [start, stop) (numpy.arange); arange(n) counts 0..n-1. */
export function arange(start: number, stop?: number, step = 1, dtype: DType = "float32"): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidArgumentError(`arange: ${name} must be a finite number, got ${String(v)}`);
  }
  if (step === 0) throw new InvalidArgumentError("arange: step must not be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = new (dtypeInfo(parseDType(dtype, "arange")).array)(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return fromValues(values, [n], dtype);
}

/** n evenly spaced values from start to stop, both included (numpy.linspace). */
export function linspace(start: number, stop: number, n: number, dtype: DType = "float32"): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`linspace: n must be a non-negative integer, got ${n}`);
  const values = new (dtypeInfo(parseDType(dtype, "linspace")).array)(n);
  const step = n > 1 ? (stop - start) / (n - 1) : 0;
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  if (n > 1) values[n - 1] = stop;
  return fromValues(values, [n], dtype);
}

/** An n×m matrix (m = n by default) with ones on the diagonal. */
export function eye(n: number, m: number = n, dtype: DType = "float32"): Tensor {
  const shape = parseShape([n, m], "eye");
  const dt = parseDType(dtype, "eye");
  const values = new (dtypeInfo(dt).array)(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromValues(values, shape, dt);
}
