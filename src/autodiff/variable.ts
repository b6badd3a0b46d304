// A Variable is a tensor with its own storage that can be overwritten in place: assign()
// copies a value into it, so a value computed inside a tidy survives as the variable's
// contents. Variables are exempt from tidy (like keep()); free them with dispose().
// Trainable variables used inside GradientTape.record() are watched automatically.
//
// assign() writes into the storage that tapes and views share: a tape that recorded an op
// on the variable and has not computed its gradient yet will see the new values.
import { parseDType, type DType } from "../dtype.js";
import { DTypeError, InvalidArgumentError, ShapeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { markKept, retarget } from "../memory/scope.js";
import { writeInto } from "../ops/copy.js";
import { updateInPlace } from "../engine/in-place.js";
import { forWrite } from "../engine/access.js";
import { formatTensor } from "../format.js";
import { broadcastStrides } from "../shape/broadcast.js";
import { contiguousStrides, formatShape, shapesEqual } from "../shape/shape.js";
import { tensor, type TensorInput } from "../ops/creation.js";
import { astype } from "../ops/cast.js";
import { checkIndex } from "../ops/indexing.js";
import { slice } from "../ops/slice.js";

/** Options of {@link variable}. */
export interface VariableOptions {
  /** Watched automatically by tapes and updated by optimizers (default true). */
  trainable?: boolean;
  /** A label for messages and inspect(); default `"Variable:<n>"` with a process-wide counter. Names need not be unique. */
  name?: string;
  /** The variable's dtype (default: the initial value's; float32 for numbers and plain arrays, a TypedArray's own dtype). */
  dtype?: DType;
}

let count = 0;

/**
 * A tensor with storage of its own whose values {@link Variable.assign | assign()}
 * overwrites in place: the parameters a model trains. Exempt from {@link tidy} (like
 * {@link keep}), so free it with dispose(). Trainable variables used inside
 * {@link GradientTape.record} are watched automatically, and {@link optimizers} update
 * them. Make one with {@link variable}.
 */
export class Variable extends Tensor {
  /** Whether tapes watch it automatically and `minimize` (with no variable list) updates it; fixed at creation. */
  readonly trainable: boolean;
  /** The name given at creation, or `"Variable:<n>"`; used in error messages and inspect(). */
  readonly name: string;

  /** @internal Use st.variable(). `init` is copied. */
  constructor(init: Tensor, trainable: boolean, name: string) {
    const shape = init._shape.slice();
    super(Tensor.storageFor(shape, init.dtype), init.dtype, shape, contiguousStrides(shape), 0, true);
    this.trainable = trainable;
    this.name = name;
    writeInto(this, init);
    markKept(this);
  }

  /** Copies `value` (same shape and dtype) into this variable's storage. Returns the variable. */
  assign(value: Tensor | TensorInput): this {
    this.live(`assign to variable '${this.name}'`);
    const v = value instanceof Tensor ? value : tensor(value, undefined, this.dtype);
    try {
      v.live(`assign to variable '${this.name}'`);
      if (v.dtype !== this.dtype) {
        throw new DTypeError(`assign: value has dtype ${v.dtype}, variable '${this.name}' has dtype ${this.dtype} (use astype)`);
      }
      if (!shapesEqual(v._shape, this._shape)) {
        throw new ShapeError(`assign: value of shape ${formatShape(v._shape)} does not fit variable '${this.name}' of shape ${formatShape(this._shape)}`);
      }
      // This variable or a view of it: read it before a copy-on-write moves the variable.
      const src = v.storage === this.storage && this.storage!.isShared ? v.contiguous() : v;
      this.ownBlock(false); // every element is written next
      try {
        writeInto(this, src); // a view of this variable (its transpose, say) is packed first
      } finally {
        if (src !== v) src.dispose();
      }
    } finally {
      if (v !== value) v.dispose();
    }
    return this;
  }

  /**
   * Adds `value` to this variable in place (Keras's assign_add): the sum is written into the
   * variable's own memory, no new block. `value` broadcasts to the variable's shape; a plain
   * number or array takes the variable's dtype (as in assign), a tensor of another dtype is
   * converted to it first. Not recorded on tapes. Returns the variable.
   */
  assignAdd(value: Tensor | TensorInput): this {
    return this.update("add", value, "assignAdd");
  }

  /** Subtracts `value` from this variable in place (Keras's assign_sub); as {@link Variable.assignAdd}. Returns the variable. */
  assignSub(value: Tensor | TensorInput): this {
    return this.update("sub", value, "assignSub");
  }

  private update(op: "add" | "sub", value: Tensor | TensorInput, method: string): this {
    const where = `${method} to variable '${this.name}'`;
    this.live(where);
    const v = value instanceof Tensor ? value : tensor(value, undefined, this.dtype);
    try {
      v.live(where);
      broadcastStrides(v._shape, v._strides, this._shape, where); // a BroadcastError naming both shapes
      // A kernel call still waiting to read this block (the relu fusion's deferral: say
      // mul(v, c) in v.assignSub(mul(v, c))) runs now rather than forcing a copy. A tape or
      // a view holding the block keeps the values it saw (copy-on-write); with nothing
      // else holding it, the update stays in place.
      forWrite(this);
      this.ownBlock(true);
      updateInPlace(op, this, v);
    } finally {
      if (v !== value) v.dispose();
    }
    return this;
  }

  /**
   * Writes one element in place: v.set(value, i, j, …), one index per axis (negative from
   * the end); `value` must fit the dtype exactly (as in tensor()). Returns the variable.
   */
  set(value: number, ...index: number[]): this {
    this.live(`set on variable '${this.name}'`);
    const begin = checkIndex(this, index, `set on variable '${this.name}'`);
    if (typeof value !== "number") throw new InvalidArgumentError(`set on variable '${this.name}': value must be a number, got ${typeof value}`);
    let v: Tensor;
    try {
      v = tensor([value], begin.map(() => 1), this.dtype); // the element's shape: no reshape view to dispose
    } catch (error) {
      throw new InvalidArgumentError(`set on variable '${this.name}': ${value} does not fit its dtype ${this.dtype} (${(error as Error).message})`);
    }
    try {
      this.ownBlock(true);
      const element = slice(this, begin, begin.map(() => 1));
      try {
        writeInto(element, v);
      } finally {
        element.dispose();
      }
    } finally {
      v.dispose();
    }
    return this;
  }

  /**
   * Copy-on-write: when a tape that saved this value, a view, or a kernel call still to run
   * reads this block, the variable moves to a fresh copy of it first, so what they see
   * never changes (TensorFlow's rule: a gradient uses the values its ops ran on). With
   * nothing else holding the block (the usual optimizer step), writes stay in place.
   */
  private ownBlock(keepValues: boolean): void {
    const held = this.storage!;
    if (!held.isShared) return;
    if (keepValues) {
      const copy = this.contiguous();
      this.storage = copy.storage;
      copy.storage!.retain(); // the copy's block becomes the variable's
      copy.dispose();
    } else {
      this.storage = Tensor.storageFor(this._shape, this.dtype);
    }
    retarget(this);
    held.release();
  }

  override inspect(): string {
    if (this.isDisposed) return `Variable '${this.name}' (<disposed>, shape=${formatShape(this._shape)}, dtype=${this.dtype})`;
    return `Variable '${this.name}' ${formatTensor(this)}`;
  }
}

/** A Variable holding a copy of `init` (a number, nested arrays, a TypedArray or a tensor). */
export function variable(init: TensorInput | Tensor, options: VariableOptions = {}): Variable {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`variable: options must be an object, got ${String(options)}`);
  const { trainable = true, name, dtype } = options;
  if (typeof trainable !== "boolean") throw new InvalidArgumentError(`variable: trainable must be a boolean, got ${String(trainable)}`);
  if (name !== undefined && typeof name !== "string") throw new InvalidArgumentError(`variable: name must be a string, got ${String(name)}`);
  const target = dtype === undefined ? undefined : parseDType(dtype);
  let value: Tensor;
  if (init instanceof Tensor) {
    init.live("variable");
    value = target === undefined || target === init.dtype ? init : astype(init, target);
  } else {
    value = tensor(init, undefined, target);
  }
  try {
    return new Variable(value, trainable, name ?? `Variable:${count++}`);
  } finally {
    if (value !== init) value.dispose();
  }
}
