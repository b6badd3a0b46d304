// A reference-counted block of the wasm heap. Views (reshape, transpose, broadcastTo, …)
// share one Storage; the block returns to the heap when the last view lets go.
import { heap } from "./heap.js";

let liveStorages = 0;
let liveBytes = 0;

export class Storage {
  /** Byte address in wasm memory. */
  readonly ptr: number;
  readonly bytes: number;
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
      heap.free(this.ptr, this.bytes);
      liveStorages--;
      liveBytes -= this.bytes;
    }
  }
}

export function storageStats(): { storages: number; bytes: number } {
  return { storages: liveStorages, bytes: liveBytes };
}
