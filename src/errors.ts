// Every error the library throws on bad input is one of these, and its message names
// the op and the offending shapes, dtype or axis.

/** Base class of every simd-tensor error. */
export class SimdTensorError extends Error {
  override name = "SimdTensorError";
}

/** Shapes that do not fit the op (reshape sizes, ragged nested arrays, bad shape values). */
export class ShapeError extends SimdTensorError {
  override name = "ShapeError";
}

/** Two shapes that numpy broadcasting cannot combine. */
export class BroadcastError extends ShapeError {
  override name = "BroadcastError";
}

/** An unknown dtype, or a dtype the op does not support. */
export class DTypeError extends SimdTensorError {
  override name = "DTypeError";
}

/** An axis outside [-rank, rank). */
export class AxisError extends SimdTensorError {
  override name = "AxisError";
}

/** Any use of a tensor after dispose() (or after the tidy that owned it ended). */
export class DisposedTensorError extends SimdTensorError {
  override name = "DisposedTensorError";
}

/** A value that is not what the function accepts (non-numeric data, bad option). */
export class InvalidArgumentError extends SimdTensorError {
  override name = "InvalidArgumentError";
}

/** Misuse of a GradientTape: a target not computed on it, a second gradient() on a non-persistent tape, a disposed tape. */
export class GradientTapeError extends SimdTensorError {
  override name = "GradientTapeError";
}

/** A worker thread failed (threw, trapped, exited or stopped answering) while running its share of an op. */
export class WorkerThreadError extends SimdTensorError {
  override name = "WorkerThreadError";
}
