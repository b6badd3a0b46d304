// relu fusion by deferral. A contiguous binary op (a + b, a * s, ...) of at least
// deferral.minElements does not run its kernel at once: it leaves one deferred call
// behind. If the next thing to touch the result is relu, relu(a (op) b) runs as one pass
// straight into relu's output, and when the intermediate is then disposed unread it is
// never written: 12 bytes of traffic per float32 element instead of 20 (relu(x + y) on
// 1e6 elements: 1.7× faster).
//
// Otherwise the call runs the moment anything needs it, so no one can observe the delay:
//   - reading its output, or writing one of its inputs in place (address.ts: every kernel,
//     every read, every write such as Variable.assign gets its pointers there);
//   - deferring another call, unless relu has already fused it (one call waits for relu);
//   - its output being freed before relu used it (a result nobody read is still computed:
//     an op costs what it costs, and a benchmark of `add` alone times the add);
//   - switching the kernel build.
// A call relu has fused is parked until its result is freed (then dropped) or read (then
// run), so a chain relu(relu(x + y) + z) in one tidy fuses every link. At most MAX_PARKED
// wait; past that the oldest runs, which bounds the blocks they keep alive.
// The inputs' storages are retained while it waits, so disposing them is safe. The op
// layer (ops/elementwise.ts, mayDefer) decides which calls wait.
import type { DType } from "../dtype.js";
import type { PendingCall, Storage } from "../memory/storage.js";
import type { Tensor } from "../tensor.js";
import { addressForWrite, addressOf, installSettleReaders } from "./address.js";
import { onBuildSwitch } from "./active-build.js";
import { binaryContiguous, binaryScalarContiguous } from "./elementwise.js";
import { ELEMENTWISE, THEN_RELU, type BinaryOpName } from "../manifest.js";

/**
 * Below minElements an op runs at once: its operands sit in L1/L2, so the pass that
 * fusion saves costs little, and deferring costs ~0.1–0.3 µs a call. Measured side by side
 * (float32, before → after deferral): relu(x + y) at 4096 / 8192 / 16384 / 65536 elements
 * 1.11 / 1.20 / 1.36 / 1.65× faster; `add` alone 0.88 / 0.91 / 0.94 / 0.98×.
 */
export const deferral = { minElements: 8192 };

/** out = a (op) b, or a (op) s / s (op) a when b is null, over contiguous blocks. */
class DeferredCall implements PendingCall {
  /** Set once relu has read the result through the fused kernel. */
  fused = false;
  private done = false;

  constructor(
    private readonly op: BinaryOpName,
    readonly dtype: DType,
    readonly size: number,
    readonly out: Storage,
    private readonly outPtr: number,
    private readonly a: Storage,
    private readonly pa: number,
    private readonly b: Storage | null,
    private readonly pb: number,
    private readonly scalar: number,
    private readonly scalarOnLeft: boolean,
  ) {
    out.pending = this;
    a.retain();
    a.pendingReads++;
    if (b !== null) {
      b.retain();
      b.pendingReads++;
    }
  }

  /** Runs the call into `out` (a byte address); `then` is 0 or THEN_RELU. */
  run(out: number, then: number): void {
    const code = ELEMENTWISE[this.op].code | then;
    if (this.b !== null) binaryContiguous(this.op, code, this.dtype, this.pa, this.pb, out, this.size);
    else binaryScalarContiguous(this.op, code, this.dtype, this.pa, this.scalar, this.scalarOnLeft, out, this.size);
  }

  settle(): void {
    this.finish(true);
  }

  reads(s: Storage): boolean {
    return s === this.a || s === this.b;
  }

  beforeFree(): void {
    // Once relu has consumed it, a result freed unread is never needed.
    this.finish(!this.fused);
  }

  private finish(run: boolean): void {
    if (this.done) return;
    this.done = true;
    if (pending === this) pending = null;
    else parked.splice(parked.indexOf(this), 1); // not pending, so relu fused it: it is parked
    this.out.pending = null;
    this.a.pendingReads--;
    if (this.b !== null) this.b.pendingReads--;
    try {
      if (run) this.run(this.outPtr, 0);
    } catch (error) {
      // A worker thread failed mid-call; the pool has dropped to one thread. Compute the
      // result anyway, so the tensor never holds garbage, and report the fault from here.
      this.run(this.outPtr, 0);
      throw error;
    } finally {
      this.a.release();
      this.b?.release();
    }
  }
}



/** The call relu may still fuse into. */
let pending: DeferredCall | null = null;
/** Calls relu has fused, oldest first: run only if their result is read. */
const parked: DeferredCall[] = [];
const MAX_PARKED = 8;

/** Runs the call relu may still fuse into, if any (parked calls keep waiting). */
export function settlePending(): void {
  pending?.settle();
}

/** Runs the waiting calls that read `s` (before it is written in place). */
export function settleReadersOf(s: Storage): void {
  if (pending?.reads(s)) pending.settle();
  for (const call of parked.slice()) if (call.reads(s)) call.settle();
}

/** Runs every waiting call: the pending one and the parked ones. */
export function settleAll(): void {
  settlePending();
  while (parked.length > 0) parked[0].settle();
}

installSettleReaders(settleReadersOf);
onBuildSwitch(settleAll); // a deferred call runs on the build that was active when it was made

/** out = a (op) b for a contiguous pair (isContiguousPair), deferred; op must have a fused form (the manifest's fusesRelu). */
export function deferBinary(op: BinaryOpName, a: Tensor, b: Tensor, out: Tensor): void {
  settlePending();
  const pa = addressOf(a), pb = addressOf(b);
  pending = new DeferredCall(op, out.dtype, out.size, out.storage!, addressForWrite(out), a.storage!, pa, b.storage!, pb, 0, false);
}

/** out = a (op) s, or s (op) a, for a contiguous `a`, deferred. */
export function deferBinaryScalar(op: BinaryOpName, a: Tensor, s: number, scalarOnLeft: boolean, out: Tensor): void {
  settlePending();
  const pa = addressOf(a);
  pending = new DeferredCall(op, out.dtype, out.size, out.storage!, addressForWrite(out), a.storage!, pa, null, 0, s, scalarOnLeft);
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
  call.run(addressForWrite(out), THEN_RELU);
  call.fused = true;
  pending = null;
  parked.push(call);
  if (parked.length > MAX_PARKED) parked[0].settle();
  return true;
}
