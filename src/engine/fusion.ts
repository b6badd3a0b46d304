// relu fusion, an engine decision. A contiguous binary op (a + b, a * s, ...) of at least
// deferral.minElements does not run its kernel at once when the engine lets it wait
// (engine/elementwise.ts, mayDefer): it leaves one deferred call behind. If the next op on
// the result is relu, relu(a (op) b) runs as one pass straight into relu's output, and when
// the intermediate is then disposed unread it is never written: 12 bytes of traffic per
// float32 element instead of 20 (relu(x + y) on 1e6 elements: 1.7× faster).
//
// Otherwise the call runs the moment anything needs it, so no one can observe the delay.
// The engine asks before it touches memory (engine/access.ts: every op's operands, every
// read of values into JS, every in-place write):
//   - reading its output, or writing one of its inputs in place;
//   - deferring another call, unless relu has already fused it (one call waits for relu);
//   - its output being freed before relu used it (a result nobody read is still computed:
//     an op costs what it costs, and a benchmark of `add` alone times the add);
//   - switching the kernel build.
// A call relu has fused is parked until its result is freed (then dropped) or read (then
// run), so a chain relu(relu(x + y) + z) in one tidy fuses every link. At most MAX_PARKED
// wait; past that the oldest runs, which bounds the blocks they keep alive.
// The inputs' storages are retained while it waits, so disposing them is safe. Every
// piece of this state lives here: storage and addresses know nothing of it.
import type { KernelDType } from "../dtype.js";
import { setBeforeFree, type Storage } from "../memory/storage.js";
import type { Tensor } from "../tensor.js";
import { addressOf } from "../backend/address.js";
import { onBuildSwitch } from "../backend/active-build.js";
import { binaryContiguous, binaryScalarContiguous, computedIn } from "../backend/elementwise.js";
import { availableThreads } from "../backend/threads.js";
import { ELEMENTWISE, THEN_RELU, type BinaryOpName } from "../manifest.js";

/**
 * Below minElements an op runs at once: its operands sit in L1/L2, so the pass that
 * fusion saves costs little, and deferring costs ~0.1–0.3 µs a call. Measured side by side
 * (float32, before → after deferral): relu(x + y) at 4096 / 8192 / 16384 / 65536 elements
 * 1.11 / 1.20 / 1.36 / 1.65× faster; `add` alone 0.88 / 0.91 / 0.94 / 0.98×.
 */
export const deferral = { minElements: 8192 };

/** out = a (op) b, or a (op) s / s (op) a when b is null, over contiguous blocks. */
class DeferredCall {
  /** Set once relu has read the result through the fused kernel. */
  fused = false;
  private done = false;

  constructor(
    private readonly op: BinaryOpName,
    readonly dtype: KernelDType,
    readonly size: number,
    readonly out: Storage,
    private readonly outPtr: number,
    private readonly a: Storage,
    private readonly pa: number,
    private readonly b: Storage | null,
    private readonly pb: number,
    private readonly scalar: number,
    private readonly scalarOnLeft: boolean,
    /** The threads the op was given when it was made (fewer if the pool has shrunk since). */
    private readonly threads: number,
  ) {
    a.retain();
    b?.retain();
  }

  /** Runs the call into `out` (a byte address); `then` is 0 or THEN_RELU. */
  run(out: number, then: number): void {
    const code = ELEMENTWISE[this.op].code | then;
    const threads = Math.min(this.threads, availableThreads());
    if (this.b !== null) binaryContiguous(this.op, code, this.dtype, this.pa, this.pb, out, this.size, threads);
    else binaryScalarContiguous(this.op, code, this.dtype, this.pa, this.scalar, this.scalarOnLeft, out, this.size, threads);
  }

  reads(s: Storage): boolean {
    return s === this.a || s === this.b;
  }

  /** Runs it (if it has not run) and lets it go. */
  settle(): void {
    this.finish(true);
  }

  /** Its result's block is being freed: once relu has consumed it, a result freed unread is never needed. */
  beforeFree(): void {
    this.finish(!this.fused);
  }

  private finish(run: boolean): void {
    if (this.done) return;
    this.done = true;
    if (pending === this) pending = null;
    else parked.splice(parked.indexOf(this), 1); // not pending, so relu fused it: it is parked
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

/** True when no call waits: the engine's fast path skips every lookup then. */
function idle(): boolean {
  return pending === null && parked.length === 0;
}

/** The waiting call that writes `s`, if any. */
function writerOf(s: Storage): DeferredCall | null {
  if (pending !== null && pending.out === s) return pending;
  for (const call of parked) if (call.out === s) return call;
  return null;
}

/** Before `s` is read: runs the call that writes it. */
export function settleWriterOf(s: Storage): void {
  if (!idle()) writerOf(s)?.settle();
}

/** Before `s` is written in place: runs the call that writes it and the calls that still read it. */
export function settleAccessTo(s: Storage): void {
  if (idle()) return;
  writerOf(s)?.settle();
  if (pending?.reads(s)) pending.settle();
  for (const call of parked.slice()) if (call.reads(s)) call.settle();
}

/** Runs the call relu may still fuse into, if any (parked calls keep waiting). */
export function settlePending(): void {
  pending?.settle();
}

/** Runs every waiting call: the pending one and the parked ones. */
export function settleAll(): void {
  settlePending();
  while (parked.length > 0) parked[0].settle();
}

setBeforeFree((s) => {
  if (!idle()) writerOf(s)?.beforeFree(); // calls that read a block retain it, so only a writer can be here
});
onBuildSwitch(settleAll); // a deferred call runs on the build that was active when it was made

/** out = a (op) b for a contiguous pair of out's size, deferred; op must have a fused form (the manifest's fusesRelu). */
export function deferBinary(op: BinaryOpName, a: Tensor, b: Tensor, out: Tensor, threads: number): void {
  settlePending();
  pending = new DeferredCall(op, computedIn(out), out.size, out.storage!, addressOf(out), a.storage!, addressOf(a), b.storage!, addressOf(b), 0, false, threads);
}

/** out = a (op) s, or s (op) a, for a contiguous `a`, deferred. */
export function deferBinaryScalar(op: BinaryOpName, a: Tensor, s: number, scalarOnLeft: boolean, out: Tensor, threads: number): void {
  settlePending();
  pending = new DeferredCall(op, computedIn(out), out.size, out.storage!, addressOf(out), a.storage!, addressOf(a), null, 0, s, scalarOnLeft, threads);
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
  pending = null;
  parked.push(call);
  if (parked.length > MAX_PARKED) parked[0].settle();
  return true;
}
