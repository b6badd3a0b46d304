import { DTypeError } from "./errors.js";

/**
 * Element types a tensor can hold. `bool` and `uint8` take one byte per element; a bool
 * holds 0 or 1 (its {@link Tensor.toArray} gives `false`/`true`).
 */
export type DType = "float32" | "float64" | "int32" | "uint8" | "bool";

/** The JS array of a dtype's values, as {@link Tensor.data} returns them (a Uint8Array of 0/1 for bool). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
type TypedArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

export interface DTypeInfo {
  readonly bytes: number;
  /** log2(bytes): element index to byte offset. */
  readonly shift: number;
  readonly array: TypedArrayConstructor;
}

const INFO: Record<DType, DTypeInfo> = {
  float32: { bytes: 4, shift: 2, array: Float32Array },
  float64: { bytes: 8, shift: 3, array: Float64Array },
  int32: { bytes: 4, shift: 2, array: Int32Array },
  uint8: { bytes: 1, shift: 0, array: Uint8Array },
  bool: { bytes: 1, shift: 0, array: Uint8Array },
};

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "uint8", "bool"];

/** The dtypes the arithmetic kernels compute in; the one-byte dtypes are computed in int32. */
export type KernelDType = "float32" | "float64" | "int32";

/** The dtype a kernel computes `dtype` in. */
export function kernelDType(dtype: DType): KernelDType {
  return dtype === "uint8" || dtype === "bool" ? "int32" : dtype;
}

/** float32 and float64. */
export function isFloatDType(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** The one-byte dtypes, which the kernels compute in int32 (uint8 wraps back; bool is x != 0). */
export function isByteDType(dtype: DType): boolean {
  return dtype === "uint8" || dtype === "bool";
}

export function dtypeInfo(dtype: DType): DTypeInfo {
  return INFO[dtype];
}

/** Validates a dtype given by a user (any value), returning it typed. */
export function parseDType(value: unknown, op?: string): DType {
  if (typeof value === "string" && Object.prototype.hasOwnProperty.call(INFO, value)) return value as DType;
  throw new DTypeError(`${op === undefined ? "" : `${op}: `}unknown dtype ${JSON.stringify(value)}: expected one of ${DTYPES.join(", ")}`);
}

/** True for a number an int32 holds exactly: an integer in [-2^31, 2^31). */
export function isInt32Value(v: number): boolean {
  return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;
}

/** The dtype a TypedArray input keeps when no dtype is given (numpy keeps float64). */
export function dtypeOfTypedArray(values: ArrayLike<number>): DType | undefined {
  if (values instanceof Float64Array) return "float64";
  if (values instanceof Float32Array) return "float32";
  if (values instanceof Int32Array) return "int32";
  if (values instanceof Uint8Array || values instanceof Uint8ClampedArray) return "uint8";
  return undefined;
}

/** The promotion lattice: the wider of two operands wins (bool < uint8 < int32 < float32 < float64). */
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 };

/**
 * numpy's promotion for two tensor operands of a binary op: bool ⊕ x → x, uint8 ⊕ int32 →
 * int32, an integer ⊕ float32 → float32 (numpy gives float64 for int32 ⊕ float32; here
 * float32, the library's working type), anything ⊕ float64 → float64.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}
