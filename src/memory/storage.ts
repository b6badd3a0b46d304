// A reference-counted block of the wasm heap. Views (reshape, transpose, broadcastTo, …)
// share one Storage; the block returns to the heap when the last view lets go.
import { heap } from "./heap.js";

let liveStorages = 0;
let liveBytes = 0;

/**
 * A kernel call that writes this block, or reads it, and has not run yet
 * (src/backend/deferred-call.ts). Whoever takes the block's address settles it first.
 */
export interface PendingCall {
  /** Runs the call now (and takes it off the `pending` lists of the blocks it touches). */
  settle(): void;
  /** The block it writes is being freed: run it, or drop it if nothing can read its result. */
  beforeFree(): void;
  /** True for the block the call writes, false for those it reads. */
  writes(s: Storage): boolean;
}

export class Storage {
  /** Byte address in wasm memory. */
  readonly ptr: number;
  readonly bytes: number;
  /** Deferred kernel calls that write or read this block; null almost always. */
  pending: PendingCall[] | null = null;
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

  /** Drops one reference; frees the block on the last. Callers guarantee at most one release per retain. */
  release(): void {
    if (--this.refs === 0) {
      // Only the call that writes a block can be waiting when it is freed: readers retain it.
      if (this.pending !== null) for (const call of this.pending.slice()) call.beforeFree();
      heap.free(this.ptr, this.bytes);
      liveStorages--;
      liveBytes -= this.bytes;
    }
  }
}

export function storageStats(): { storages: number; bytes: number } {
  return { storages: liveStorages, bytes: liveBytes };
}
