// The seam between the ops and autodiff (tfjs's engine is the model): an op reports what it
// computed with record(); whether a tape keeps it is autodiff's business, installed once at
// the package entry (src/index.ts). So no op imports autodiff, and every gradient rule may
// import every op.
import type { RecordedOp } from "../autodiff/gradients/index.js";
import type { Tensor } from "../tensor.js";

/** An op's operand as recorded: a tensor, or a plain number (a constant). */
export type Operand = Tensor | number;

/** What autodiff installs: keeps an op on every tape that one of its operands is on. */
export type Recorder = (op: RecordedOp, inputs: readonly Operand[], output: Tensor, attrs?: unknown, extra?: readonly Tensor[]) => void;

/** How many tapes are recording, kept by autodiff (autodiff/tape.ts). */
export const recordingTapes = { count: 0 };

let recorder: Recorder | undefined;

/** True when some tape is recording: the only cost an op pays when none is. */
export function isRecording(): boolean {
  return recordingTapes.count > 0;
}

/**
 * Offers an op to the recording tapes (call it only when isRecording()). `attrs` is what the
 * op's gradient rule needs besides the operands; `extra`, more tensors the rule reads.
 */
export function record(op: RecordedOp, inputs: readonly Operand[], output: Tensor, attrs?: unknown, extra?: readonly Tensor[]): void {
  recorder?.(op, inputs, output, attrs, extra);
}

/**
 * Runs `fn` with recording off: what a primitive does inside its own compute (a layout
 * copy, a view) is part of that op, not more ops on the tape; run() records the op itself.
 */
export function unrecorded<T>(fn: () => T): T {
  const count = recordingTapes.count;
  recordingTapes.count = 0;
  try {
    return fn();
  } finally {
    recordingTapes.count = count;
  }
}

/** Installs autodiff's recorder (once, at the package entry). */
export function installRecorder(r: Recorder): void {
  recorder = r;
}
