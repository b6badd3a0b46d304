// A Tensor is a view: {storage, dtype, shape, strides, offset} over reference-counted
// wasm memory. Views made by reshape/transpose/broadcastTo share storage; each view is
// its own object with its own lifetime. Op methods (a.add(b), t.reshape(…)) are attached
// in tensor-methods.ts so this file stays the data model.
import { dtypeInfo, type DType, type TypedArray } from "./dtype.js";
import { DisposedTensorError, ShapeError } from "./errors.js";
import { contiguousStrides, formatShape, isContiguous, sizeOf, type Shape } from "./shape/shape.js";
import { Storage } from "./memory/storage.js";
import { track, untrack, type NetEntry } from "./memory/scope.js";
import { copyValues, readValues } from "./engine/access.js";
import { formatTensor, formatValues } from "./format.js";

/**
 * An n-dimensional array of float32, float64, int32, uint8 or bool values: a view (shape, strides,
 * offset) over a reference-counted block of the shared wasm heap. Make tensors with
 * {@link tensor}, {@link zeros}, {@link arange}, … and the ops; transpose, expandDims,
 * squeeze, broadcastTo, slice, stridedSlice, stopGradient and (when the layout allows)
 * reshape return views sharing the block, every other op a new tensor. Each tensor, view
 * or not, has its own lifetime: free it with
 * {@link Tensor.dispose | dispose()} or let {@link tidy} do it (a FinalizationRegistry
 * frees forgotten ones eventually). The op methods (`a.add(b)`, `t.sum(0)`, …) forward to
 * the functions of the same name.
 */
export class Tensor {
  /** Element type: "float32", "float64", "int32", "uint8" or "bool". Fixed for the tensor's life; {@link astype} makes a converted copy. */
  readonly dtype: DType;
  /**
   * @internal The axis lengths the package reads. Never handed out: views and ops share
   * these arrays, and a write through one (`t.shape.reverse()`) would make every tensor
   * sharing it read, or assign write, past its block. The public {@link Tensor.shape} is a
   * frozen copy (freezing these instead would slow every read of them ~8×, and with it
   * every small op ~13 %).
   */
  readonly _shape: readonly number[];
  /** @internal The strides the package reads; see _shape. */
  readonly _strides: readonly number[];
  private publicShape: readonly number[] | undefined = undefined;
  private publicStrides: readonly number[] | undefined = undefined;
  /** Number of elements. */
  readonly size: number;
  /** @internal Element offset of this view's first element in its storage. */
  readonly offset: number;
  /** @internal True when the view is row-major with no gaps (offset may be non-zero). */
  readonly isContiguousLayout: boolean;
  /** @internal Null once disposed. */
  storage: Storage | null;
  /** @internal */
  kept = false;
  /** @internal */
  finalizable = false;
  /** @internal */
  netEntry: NetEntry | undefined = undefined;

  /** @internal Use the creation functions (st.tensor, st.zeros, …); views come from ops. */
  constructor(storage: Storage, dtype: DType, shape: readonly number[], strides: readonly number[], offset: number, contiguous?: boolean) {
    this.storage = storage;
    this.dtype = dtype;
    this._shape = shape;
    this._strides = strides;
    this.offset = offset;
    this.size = sizeOf(shape);
    this.isContiguousLayout = contiguous ?? isContiguous(shape, strides);
    track(this);
  }

  /** @internal A fresh contiguous tensor with uninitialised contents. */
  static empty(shape: readonly number[], dtype: DType, strides?: readonly number[]): Tensor {
    return new Tensor(Tensor.storageFor(shape, dtype), dtype, shape, strides ?? contiguousStrides(shape), 0, true);
  }

  /** @internal A block for `shape` elements of `dtype` (what empty() and Variable allocate). */
  static storageFor(shape: readonly number[], dtype: DType): Storage {
    // Multiply, never shift: a byte count can pass 2^31.
    return new Storage(sizeOf(shape) * dtypeInfo(dtype).bytes);
  }

  /** @internal A new view over this tensor's storage. */
  view(shape: readonly number[], strides: readonly number[], offset: number = this.offset): Tensor {
    const storage = this.live("view");
    storage.retain();
    return new Tensor(storage, this.dtype, shape, strides, offset);
  }

  /** Axis lengths, as a frozen array (made on first read, then the same array every time). */
  get shape(): readonly number[] {
    return (this.publicShape ??= Object.freeze(this._shape.slice()));
  }

  /** Steps between neighbours along each axis, in elements (0 on broadcast axes), as a frozen array. */
  get strides(): readonly number[] {
    return (this.publicStrides ??= Object.freeze(this._strides.slice()));
  }

  /** Number of axes, `shape.length` (0 for a scalar tensor). */
  get rank(): number {
    return this._shape.length;
  }

  /**
   * True once the tensor was disposed, by {@link Tensor.dispose | dispose()} or by the
   * {@link tidy} scope that owned it. shape, dtype and size still read; reading the values
   * or using it in an op throws {@link DisposedTensorError}.
   */
  get isDisposed(): boolean {
    return this.storage === null;
  }

  /** @internal The storage, or a DisposedTensorError naming the op. */
  live(op: string): Storage {
    const s = this.storage;
    if (s === null) throw new DisposedTensorError(`${op}: tensor of shape ${formatShape(this._shape)} (${this.dtype}) was disposed`);
    return s;
  }

  /** @internal */
  get finalizerToken(): Storage {
    return this.live("register");
  }

  /** @internal */
  releaseStorage(): void {
    const s = this.storage;
    this.storage = null;
    s?.release();
  }

  /** Frees this view's hold on its memory. Idempotent. */
  dispose(): void {
    if (this.storage !== null) untrack(this);
  }

  /** A fresh row-major copy of the values, as a TypedArray of the dtype. */
  data(): TypedArray {
    this.live("data");
    if (this.isContiguousLayout) return readValues(this);
    const packed = this.contiguous();
    try {
      return readValues(packed);
    } finally {
      packed.dispose();
    }
  }

  /** Nested arrays of numbers (of `true`/`false` for a bool tensor); a plain value for a 0-d tensor. */
  toArray(): NestedArray {
    const data = this.data();
    const flat: ArrayLike<number | boolean> = this.dtype === "bool" ? Array.from(data, (v) => v !== 0) : data;
    if (this.rank === 0) return flat[0];
    return nest(flat, this._shape, 0, 0) as NestedArray;
  }

  /** The value of a one-element tensor (a bool gives 1 or 0). */
  item(): number {
    this.live("item");
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this._shape)} has ${this.size} elements, expected exactly 1`);
    return this.data()[0];
  }

  /** A copy with its own storage. */
  clone(): Tensor {
    this.live("clone");
    return this.packed();
  }

  /** This tensor's values in a fresh row-major tensor (a copy even when already contiguous, so it can be disposed independently). */
  contiguous(): Tensor {
    this.live("contiguous");
    return this.packed();
  }

  private packed(): Tensor {
    const out = Tensor.empty(this._shape, this.dtype);
    copyValues(this, out);
    return out;
  }

  /** numpy's str(): the values only. */
  toString(): string {
    this.live("toString");
    return formatValues(this);
  }

  /**
   * What `JSON.stringify(t)` writes: `{ dtype, shape, data }`, `data` the values row-major,
   * so for finite values `st.tensor(j.data, j.shape, j.dtype)` rebuilds the tensor. JSON has
   * no NaN or ±Infinity: they come out as null, which `tensor()` rejects.
   */
  toJSON(): {
    /** The tensor's dtype. */
    dtype: DType;
    /** A copy of the shape. */
    shape: number[];
    /** The values, row-major, as plain numbers (JSON.stringify writes NaN and ±Infinity as null). */
    data: number[];
  } {
    this.live("toJSON");
    return { dtype: this.dtype, shape: this._shape.slice(), data: Array.from(this.data()) };
  }

  /** What console.log shows (also Tensor.prototype[util.inspect.custom]). */
  inspect(): string {
    if (this.isDisposed) return `Tensor(<disposed>, shape=${formatShape(this._shape)}, dtype=${this.dtype})`;
    return formatTensor(this);
  }
}

// util.inspect's hook, installed through its global symbol rather than an import of
// node:util, so that the published .d.ts needs no @types/node.
Object.defineProperty(Tensor.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  value(this: Tensor) {
    return this.inspect();
  },
});

/** What {@link Tensor.toArray} returns: a number (a boolean for bool) for a 0-d tensor, else arrays nested one level per axis, row-major. */
export type NestedArray = number | boolean | NestedArray[];

function nest(flat: ArrayLike<number | boolean>, shape: Shape, axis: number, start: number): NestedArray[] {
  const n = shape[axis];
  const out = new Array<NestedArray>(n);
  if (axis === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = flat[start + i];
    return out;
  }
  let step = 1;
  for (let a = axis + 1; a < shape.length; a++) step *= shape[a];
  for (let i = 0; i < n; i++) out[i] = nest(flat, shape, axis + 1, start + i * step);
  return out;
}
