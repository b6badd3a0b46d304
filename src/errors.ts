// Every error the library throws on bad input is one of these, and its message names
// the op and the offending shapes, dtype or axis.

/**
 * Base class of every simd-tensor error, so `e instanceof SimdTensorError` catches them
 * all. Thrown as itself only for failures that are not the caller's input: a kernel build
 * that is missing or that the runtime cannot run, or a gradient rule that returned a
 * gradient of the wrong shape or dtype (a library bug).
 */
export class SimdTensorError extends Error {
  /** `"SimdTensorError"`; each subclass sets its own class name, which shows in stack traces and `String(error)`. */
  override name = "SimdTensorError";
}

/**
 * Shapes that do not fit the op, for example: reshape sizes, ragged nested arrays, bad
 * shape values, mismatched matmul/dot inner dimensions, concat/stack operands that
 * differ, squeezing an axis whose size is not 1, item() on a tensor that does not have
 * exactly one element, max/min/argmax/argmin over an empty axis, a value or gradient whose
 * shape does not fit a variable. Also the base class of {@link BroadcastError}.
 */
export class ShapeError extends SimdTensorError {
  /** `"ShapeError"`. */
  override name = "ShapeError";
}

/**
 * Two shapes that numpy broadcasting cannot combine (a binary op's operands, matmul's
 * batch axes), or a shape that {@link broadcastTo} cannot stretch to the target. A
 * {@link ShapeError}, so catching ShapeError catches it too.
 */
export class BroadcastError extends ShapeError {
  /** `"BroadcastError"`. */
  override name = "BroadcastError";
}

/**
 * An unknown dtype, or a dtype the op does not support: an int32 tensor asked for a
 * gradient (watch, gradient, checkGradients), or a value of another dtype assigned to a
 * {@link Variable}.
 */
export class DTypeError extends SimdTensorError {
  /** `"DTypeError"`. */
  override name = "DTypeError";
}

/** An axis outside [-rank, rank) (or not an integer), or an axis repeated in a permutation or an axis list. */
export class AxisError extends SimdTensorError {
  /** `"AxisError"`. */
  override name = "AxisError";
}

/** Any use of a tensor after dispose() (or after the tidy that owned it ended). */
export class DisposedTensorError extends SimdTensorError {
  /** `"DisposedTensorError"`. */
  override name = "DisposedTensorError";
}

/**
 * A value that is not what the function accepts: a non-tensor where a tensor goes,
 * non-numeric data, a bad option or index list, a number out of int32 range for an int32
 * tensor, an async function given to tidy or record.
 */
export class InvalidArgumentError extends SimdTensorError {
  /** `"InvalidArgumentError"`. */
  override name = "InvalidArgumentError";
}

/** Misuse of a GradientTape: a target not computed on it, a second gradient() on a non-persistent tape, a disposed tape. */
export class GradientTapeError extends SimdTensorError {
  /** `"GradientTapeError"`. */
  override name = "GradientTapeError";
}

/** A worker thread failed (threw, trapped, exited or stopped answering) while running its share of an op. */
export class WorkerThreadError extends SimdTensorError {
  /** `"WorkerThreadError"`. */
  override name = "WorkerThreadError";
}

/**
 * A byte array or file that is not a well-formed .npy or .npz ({@link fromNpy},
 * {@link loadNpz}, …): bad magic string, truncated data, a header that is not numpy's
 * dictionary, a shape that does not match the data's size, a corrupt ZIP directory, a
 * member whose CRC-32 does not match. The message names the file (or the function, for a
 * byte array), the member of an archive, and the problem. A well-formed file whose dtype the
 * library cannot hold (object, structured, complex, strings; int64 values outside int32) is
 * a {@link DTypeError} instead.
 */
export class FormatError extends SimdTensorError {
  /** `"FormatError"`. */
  override name = "FormatError";
}
