import { DTypeError } from "./errors.js";

/** Element types a tensor can hold. */
export type DType = "float32" | "float64" | "int32";

/** The JS array of a dtype's values (Float32Array, Float64Array or Int32Array), as {@link Tensor.data} returns them. */
export type TypedArray = Float32Array | Float64Array | Int32Array;
type TypedArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor;

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
};

export const DTYPES: readonly DType[] = ["float32", "float64", "int32"];

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
  return undefined;
}

/** numpy's promotion for two tensor operands of a binary op. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "float64" || b === "float64") return "float64";
  return "float32";
}
