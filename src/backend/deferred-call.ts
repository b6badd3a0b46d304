// relu fusion by deferral. A contiguous binary op (a + b, a * s, ...) does not run its
// kernel at once: it leaves one deferred call behind. If the next thing to touch the
// result is relu, relu(a (op) b) runs as one pass straight into relu's output, and when
// the intermediate is then disposed unread it is never written: 12 bytes of traffic per
// float32 element instead of 20 (relu(x + y) on 1e6 elements: 1.7× faster).
//
// Otherwise the call runs the moment anything needs it, so no one can observe the delay:
//   - taking the address of its output or of one of its inputs (addressOf: every kernel,
//     every read, every in-place write such as Variable.assign goes through there);
//   - deferring another call (at most one is pending, so at most two blocks are retained);
//   - its output being freed before relu used it (a result nobody read is still computed:
//     an op costs what it costs, and a benchmark of `add` alone times the add);
//   - switching the kernel build.
// The inputs' storages are retained while it waits, so disposing them is safe.
import type { DType } from "../dtype.js";
import type { PendingCall, Storage } from "../memory/storage.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { binaryContiguous, binaryScalarContiguous } from "./elementwise.js";
import { BinaryOp, THEN_RELU, type BinaryOpName } from "./opcodes.js";

/** Runs the call into `out` (a byte address); `then` is 0 or THEN_RELU. */
type Run = (out: number, then: number) => void;

class DeferredCall implements PendingCall {
  /** Set once relu has read the result through the fused kernel. */
  fused = false;

  constructor(
    readonly out: Storage,
    private readonly outPtr: number,
    readonly size: number,
    readonly dtype: DType,
    private readonly inputs: readonly Storage[],
    readonly run: Run,
  ) {
    out.pending = this;
    for (const s of inputs) {
      s.retain();
      s.pending = this;
    }
  }

  settle(): void {
    this.finish(true);
  }

  beforeFree(): void {
    // Once relu has consumed it, a result freed unread is never needed.
    this.finish(!this.fused);
  }

  private finish(run: boolean): void {
    if (pending === this) pending = null;
    this.out.pending = null;
    for (const s of this.inputs) s.pending = null;
    try {
      if (run) this.run(this.outPtr, 0);
    } finally {
      for (const s of this.inputs) s.release();
    }
  }
}

let pending: DeferredCall | null = null;

/** Runs the pending call, if any. */
export function settlePending(): void {
  pending?.settle();
}

/** out = a (op) b for a contiguous pair (isContiguousPair), deferred. pow is never deferred: it has no fused form. */
export function deferBinary(op: Exclude<BinaryOpName, "pow">, a: Tensor, b: Tensor, out: Tensor): void {
  settlePending();
  const pa = addressOf(a), pb = addressOf(b);
  const { dtype, size } = out;
  pending = new DeferredCall(out.storage!, addressOf(out), size, dtype, [a.storage!, b.storage!], (o, then) =>
    binaryContiguous(op, BinaryOp[op] | then, dtype, pa, pb, o, size),
  );
}

/** out = a (op) s, or s (op) a, for a contiguous `a`, deferred. */
export function deferBinaryScalar(op: Exclude<BinaryOpName, "pow">, a: Tensor, s: number, scalarOnLeft: boolean, out: Tensor): void {
  settlePending();
  const pa = addressOf(a);
  const { dtype, size } = out;
  pending = new DeferredCall(out.storage!, addressOf(out), size, dtype, [a.storage!], (o, then) =>
    binaryScalarContiguous(op, BinaryOp[op] | then, dtype, pa, s, scalarOnLeft, o, size),
  );
}

/**
 * out = relu(x) in one pass from the inputs of the pending call, when x is that call's
 * whole result (any contiguous view of it from offset 0). False when it cannot fuse.
 */
export function fuseRelu(x: Tensor, out: Tensor): boolean {
  const call = pending;
  if (call === null || x.storage !== call.out || x.offset !== 0 || !x.isContiguousLayout || x.size !== call.size || x.dtype !== call.dtype) {
    return false;
  }
  call.run(addressOf(out), THEN_RELU);
  call.fused = true;
  return true;
}
