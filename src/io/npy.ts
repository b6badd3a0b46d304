// numpy's .npy format (numpy/lib/format.py, "NEP 1"), to and from bytes. No Node imports:
// the path-based loadNpy/saveNpy are in npy-node.ts, so a browser entry can export these.
//
//   0      6      7      8             10 (12 from version 2.0)        data (a multiple of 64)
//   | \x93NUMPY | major | minor | header length | {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }   ...   \n | raw values |
//                               u16 LE (1.0),    Python dict literal: latin1 (1.0, 2.0) or utf8 (3.0),
//                               u32 LE (2.0+)    padded with spaces and a final \n
import { dtypeInfo, isInt32Value, type DType } from "../dtype.js";
import { DTypeError, FormatError, InvalidArgumentError } from "../errors.js";
import { formatShape, parseShape, sizeOf } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { describe, expectTensor } from "../engine/operand.js";
import { readBytes } from "../engine/access.js";
import { fromBytes, fromValues } from "../ops/creation.js";
import { transpose } from "../ops/movement.js";
import { parsePyLiteral, PySyntaxError, type PyValue } from "./python-literal.js";

/** @internal One numpy type code (descr without its byte-order character) the reader knows. */
export interface NumpyType {
  /** The library dtype it loads as. */
  readonly dtype: DType;
  readonly bytes: number;
  /** Its little-endian bytes are the library dtype's bytes as they are (copied, not converted); the writer's descr for that dtype. */
  readonly native: boolean;
  /** Integers that may fall outside int32 (each value is checked). */
  readonly checkInt32?: boolean;
  /** The value at a byte offset: the conversion path (another type, or big-endian). */
  get(view: DataView, at: number, little: boolean): number;
}

/** The one table of numpy type codes ↔ library dtypes: what is read, what it becomes, what is written. */
const NUMPY_TYPES: Readonly<Record<string, NumpyType>> = {
  f4: { dtype: "float32", bytes: 4, native: true, get: (v, at, le) => v.getFloat32(at, le) },
  f8: { dtype: "float64", bytes: 8, native: true, get: (v, at, le) => v.getFloat64(at, le) },
  i4: { dtype: "int32", bytes: 4, native: true, get: (v, at, le) => v.getInt32(at, le) },
  u1: { dtype: "uint8", bytes: 1, native: true, get: (v, at) => v.getUint8(at) },
  // numpy reads any non-zero byte as True; a library bool holds exactly 0 or 1.
  b1: { dtype: "bool", bytes: 1, native: true, get: (v, at) => (v.getUint8(at) !== 0 ? 1 : 0) },
  // Two 32-bit halves: exact up to 2^53, and any value beyond that is outside int32 anyway.
  i8: { dtype: "int32", bytes: 8, native: false, checkInt32: true, get: (v, at, le) => v.getInt32(at + (le ? 4 : 0), le) * 2 ** 32 + v.getUint32(at + (le ? 0 : 4), le) },
  u4: { dtype: "int32", bytes: 4, native: false, checkInt32: true, get: (v, at, le) => v.getUint32(at, le) },
  i2: { dtype: "int32", bytes: 2, native: false, get: (v, at, le) => v.getInt16(at, le) },
  u2: { dtype: "int32", bytes: 2, native: false, get: (v, at, le) => v.getUint16(at, le) },
  i1: { dtype: "int32", bytes: 1, native: false, get: (v, at) => v.getInt8(at) },
  f2: { dtype: "float32", bytes: 2, native: false, get: (v, at, le) => halfToNumber(v.getUint16(at, le)) },
};

/** The descr the writer gives each library dtype: its native entry of NUMPY_TYPES, '|' for one byte, '<' otherwise. */
function descrOf(dtype: DType): string {
  for (const [code, t] of Object.entries(NUMPY_TYPES)) {
    if (t.native && t.dtype === dtype) return `${t.bytes === 1 ? "|" : "<"}${code}`;
  }
  throw new Error(`simd-tensor internal error: no .npy descr for ${dtype}`);
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64; // numpy's: data starts at a multiple of 64
const GROWTH_AXIS_MAX_DIGITS = 21; // numpy's spare header space for growing the first axis in place

/** @internal What the header of a .npy says, and where its data is. */
export interface NpyLayout {
  readonly type: NumpyType;
  readonly descr: string;
  readonly little: boolean;
  readonly shape: number[];
  readonly fortranOrder: boolean;
  readonly dataOffset: number;
}

/**
 * A tensor from the bytes of a .npy file (format 1.0, 2.0 or 3.0). float32, float64,
 * int32, uint8 and bool load as themselves; int64, uint32, int16, uint16 and int8 as int32
 * (an int64 or uint32 value outside int32 is a {@link DTypeError} naming it and its
 * index), float16 as float32; big-endian data is byte-swapped; a Fortran-order array loads
 * as the transposed view of its data, so its values read as numpy reads them. A malformed
 * file is a {@link FormatError}. Works anywhere (no Node imports); {@link loadNpy} reads a file.
 */
export function fromNpy(bytes: Uint8Array): Tensor {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`fromNpy: expected a Uint8Array of a .npy file's bytes, got ${describe(bytes)}`);
  return decodeNpy(bytes, "fromNpy");
}

/**
 * The bytes of a .npy file (format 1.0; 2.0 if the header passed 64 KiB) holding `t`'s values
 * in C order, little-endian (`<f4`, `<f8`, `<i4`, `|u1`, `|b1`), as `numpy.save` writes them:
 * the header padded so the data starts at a multiple of 64 bytes. A view (transposed,
 * sliced, broadcast) is written as its values in C order. Works anywhere; {@link saveNpy}
 * writes a file.
 */
export function toNpy(t: Tensor): Uint8Array {
  return encodeNpy(expectTensor(t, "toNpy"), "toNpy");
}

/** @internal fromNpy's work; `where` starts every error message ("loadNpy: data/x.npy"). */
export function decodeNpy(bytes: Uint8Array, where: string): Tensor {
  const layout = readLayout(bytes, where);
  checkDataSize(layout, bytes.length - layout.dataOffset, where);
  const data = bytes.subarray(layout.dataOffset);
  return isDirect(layout) ? directTensor(layout, (dst) => dst.set(data)) : convertedTensor(layout, data, where);
}

/** @internal The data's bytes are the tensor's bytes (only bool may need its non-zero bytes made 1): no conversion. */
export function isDirect(layout: NpyLayout): boolean {
  return layout.type.native && (layout.little || layout.type.bytes === 1);
}

/**
 * @internal The tensor of a direct layout, its bytes filled in place by `fill` (a copy, or a
 * file read straight into the heap): one pass over the data, no per-element JS but bool's check.
 */
export function directTensor(layout: NpyLayout, fill: (dst: Uint8Array) => void): Tensor {
  const { type, shape, fortranOrder } = layout;
  return arranged(layout, fromBytes(storedShape(shape, fortranOrder), type.dtype, (dst) => {
    fill(dst);
    if (type.dtype === "bool") for (let i = 0; i < dst.length; i++) if (dst[i] > 1) dst[i] = 1;
  }));
}

/** The conversion path: each value read through a DataView into the library dtype's array. */
function convertedTensor(layout: NpyLayout, data: Uint8Array, where: string): Tensor {
  const { type, little, shape, fortranOrder } = layout;
  const n = data.length / type.bytes;
  const out = new (dtypeInfo(type.dtype).array)(n);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const get = type.get;
  for (let i = 0, at = 0; i < n; i++, at += type.bytes) {
    const v = get(view, at, little);
    if (type.checkInt32 === true && !isInt32Value(v)) {
      const exact = type.bytes === 8 ? view.getBigInt64(at, little).toString() : String(v);
      throw new DTypeError(`${where}: ${layout.descr} value ${exact} at index ${indexText(i, layout)} does not fit in int32, the dtype it loads as`);
    }
    out[i] = v;
  }
  return arranged(layout, fromValues(out, storedShape(shape, fortranOrder), type.dtype));
}

/** Fortran order: the data is the C-order array of the reversed shape, and its transpose is the array. */
function storedShape(shape: readonly number[], fortranOrder: boolean): readonly number[] {
  return fortranOrder ? shape.slice().reverse() : shape;
}

/** The array from the tensor of its stored data: itself, or (Fortran order) its transposed view. */
function arranged({ shape, fortranOrder }: NpyLayout, stored: Tensor): Tensor {
  if (!fortranOrder || shape.length < 2) return stored;
  try {
    return transpose(stored);
  } finally {
    stored.dispose();
  }
}

/** @internal The data after the header must be exactly the shape's bytes. */
export function checkDataSize(layout: NpyLayout, found: number, where: string): void {
  const expected = sizeOf(layout.shape) * layout.type.bytes;
  if (found === expected) return;
  const problem = found < expected ? "truncated: the data is short" : "the data is longer than the header says";
  throw new FormatError(`${where}: ${problem}: shape ${formatShape(layout.shape)} of ${layout.descr} needs ${expected} bytes after the ${layout.dataOffset}-byte header, found ${found}`);
}

/** @internal toNpy's work, for a checked tensor. */
export function encodeNpy(t: Tensor, op: string): Uint8Array {
  let out = new Uint8Array(0);
  withNpyParts(t, op, (header, data) => {
    out = new Uint8Array(header.length + data.length);
    out.set(header);
    out.set(data, header.length);
  });
  return out;
}

/**
 * @internal The two parts of `t`'s .npy, handed to `use`: the header, and the C-order data
 * as a view of the heap (a packed copy for a non-contiguous view), valid only during `use`.
 */
export function withNpyParts(t: Tensor, op: string, use: (header: Uint8Array, data: Uint8Array) => void): void {
  t.live(op);
  const header = npyHeader(descrOf(t.dtype), t._shape);
  const packed = t.isContiguousLayout ? t : t.contiguous();
  try {
    readBytes(packed, (data) => use(header, data));
  } finally {
    if (packed !== t) packed.dispose();
  }
}

/**
 * @internal numpy's header for a C-order array, byte for byte as numpy 2 writes it (keys
 * sorted, the spare space for the first axis, padding to 64): magic, version, length, dict.
 */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  if (shape.length > 0) dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const textBytes = dict.length + 1; // + the final \n
  // Version 1.0 stores the length in 2 bytes; past 65535 numpy moves to 2.0 (4 bytes).
  let prefix = 10;
  let padded = textBytes + (ARRAY_ALIGN - ((prefix + textBytes) % ARRAY_ALIGN));
  const major = padded > 0xffff ? 2 : 1;
  if (major === 2) {
    prefix = 12;
    padded = textBytes + (ARRAY_ALIGN - ((prefix + textBytes) % ARRAY_ALIGN));
  }
  const out = new Uint8Array(prefix + padded).fill(0x20);
  out.set(MAGIC);
  out[6] = major;
  out[7] = 0;
  if (major === 1) new DataView(out.buffer).setUint16(8, padded, true);
  else new DataView(out.buffer).setUint32(8, padded, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i); // ASCII
  out[out.length - 1] = 0x0a;
  return out;
}

/**
 * @internal Parses the magic, version and header dict, or throws a FormatError/DTypeError
 * naming `where`. `bytes` needs to hold only the preamble and header (a file's first bytes).
 */
export function readLayout(bytes: Uint8Array, where: string): NpyLayout {
  for (let i = 0; i < MAGIC.length; i++) {
    if (i >= bytes.length) throw new FormatError(`${where}: truncated: ${bytes.length} bytes, shorter than the .npy magic string`);
    if (bytes[i] !== MAGIC[i]) throw new FormatError(`${where}: not a .npy file: it does not start with the magic string \\x93NUMPY`);
  }
  if (bytes.length < 10) throw new FormatError(`${where}: truncated in the .npy preamble (${bytes.length} bytes)`);
  const major = bytes[6], minor = bytes[7];
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    throw new FormatError(`${where}: unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are read)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw new FormatError(`${where}: truncated in the .npy preamble (${bytes.length} bytes)`);
  const headerBytes = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = prefix + headerBytes;
  if (dataOffset > bytes.length) {
    throw new FormatError(`${where}: truncated in the header: it declares ${headerBytes} header bytes, the file has ${bytes.length - prefix} after the preamble`);
  }
  const raw = bytes.subarray(prefix, dataOffset);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
    } catch {
      throw new FormatError(`${where}: the version 3.0 header is not valid UTF-8`);
    }
  } else {
    text = latin1(raw);
  }
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    throw new FormatError(`${where}: cannot parse the header ${JSON.stringify(text.trim())}: ${e.message}`);
  }
  if (!(dict instanceof Map)) throw new FormatError(`${where}: the header is not a dictionary: ${JSON.stringify(text.trim())}`);
  const keys = [...dict.keys()].sort();
  if (keys.join() !== "descr,fortran_order,shape") {
    throw new FormatError(`${where}: the header must have exactly the keys 'descr', 'fortran_order', 'shape'; it has ${keys.map((k) => `'${k}'`).join(", ") || "none"}`);
  }
  const fortranOrder = dict.get("fortran_order");
  if (typeof fortranOrder !== "boolean") throw new FormatError(`${where}: fortran_order is not True or False in the header ${JSON.stringify(text.trim())}`);
  const shapeValue = dict.get("shape");
  if (shapeValue === null || typeof shapeValue !== "object" || !("tuple" in shapeValue) || !shapeValue.tuple.every((d) => typeof d === "bigint" && d >= 0n)) {
    throw new FormatError(`${where}: the header's shape is not a tuple of non-negative integers: ${JSON.stringify(text.trim())}`);
  }
  const dims = shapeValue.tuple as bigint[];
  const shape = parseShape(dims.map((d) => (d > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(d))), where);
  if (!Number.isSafeInteger(sizeOf(shape))) throw new FormatError(`${where}: shape ${formatShape(shape)} has too many elements`);
  const { descr, type, little } = parseDescr(dict.get("descr")!, where);
  return { type, descr, little, shape, fortranOrder, dataOffset };
}

/** '<f4' → the table's entry and byte order; anything the library cannot hold is a DTypeError naming it. */
function parseDescr(descr: PyValue, where: string): { descr: string; type: NumpyType; little: boolean } {
  if (typeof descr !== "string") {
    const what = Array.isArray(descr) ? "a structured dtype (a list of fields)" : "not a dtype string";
    throw new DTypeError(`${where}: descr is ${what}; only plain numeric and bool arrays are supported`);
  }
  const m = /^([<>|=])([a-zA-Z]\d+)$/.exec(descr);
  const type = m === null ? undefined : Object.prototype.hasOwnProperty.call(NUMPY_TYPES, m[2]) ? NUMPY_TYPES[m[2]] : undefined;
  if (m === null || type === undefined) {
    const kind = /^[<>|=]?O/.test(descr) ? "object arrays" : /^[<>|=]?[cUSVMm]/.test(descr) ? "complex, string, void and datetime arrays" : "this dtype";
    throw new DTypeError(`${where}: dtype '${descr}' is not supported (${kind} cannot be loaded): the readable types are ${Object.keys(NUMPY_TYPES).join(", ")}`);
  }
  // '|' (no byte order) and '=' (the writer's native order, little-endian on every machine numpy targets today) read as little-endian.
  return { descr, type, little: m[1] !== ">" };
}

/** numpy's index of the i-th stored value: C order, or the first axis fastest in Fortran order. */
function indexText(i: number, { shape, fortranOrder }: NpyLayout): string {
  const idx = new Array<number>(shape.length);
  const axes = shape.map((_, k) => k);
  if (!fortranOrder) axes.reverse();
  for (const k of axes) {
    idx[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return `[${idx.join(", ")}]`;
}

/** IEEE half-precision bits to a number (exact: every float16 is a float32). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
