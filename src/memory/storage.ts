// A reference-counted block of the wasm heap. Views (reshape, transpose, broadcastTo, …)
// share one Storage; the block returns to the heap when the last view lets go.
import { heap } from "./heap.js";

let liveStorages = 0;
let liveBytes = 0;

/** A kernel call that writes a block and has not run yet (src/backend/deferred-call.ts). */
export interface PendingCall {
  /** Runs the call now. */
  settle(): void;
  /** The block it writes is being freed: run it, or drop it if nothing can read its result. */
  beforeFree(): void;
}

export class Storage {
  /** Byte address in wasm memory. */
  readonly ptr: number;
  readonly bytes: number;
  /** The deferred kernel call that writes this block; null almost always. */
  pending: PendingCall | null = null;
  /** How many deferred kernel calls still have to read this block (they retain it). */
  pendingReads = 0;
  private refs = 1;

  constructor(bytes: number) {
    this.ptr = heap.alloc(bytes);
    this.bytes = bytes;
    liveStorages++;
    liveBytes += bytes;
  }

  retain(): void {
    this.refs++;
  }

  /** True when more than one holder (views, a tape's saved value, a waiting kernel call) shares the block. */
  get isShared(): boolean {
    return this.refs > 1;
  }

  /** Drops one reference; frees the block on the last. Callers guarantee at most one release per retain. */
  release(): void {
    if (--this.refs === 0) {
      this.pending?.beforeFree(); // calls that read a block retain it, so none is left here
      heap.free(this.ptr, this.bytes);
      liveStorages--;
      liveBytes -= this.bytes;
    }
  }
}

export function storageStats(): { storages: number; bytes: number } {
  return { storages: liveStorages, bytes: liveBytes };
}
