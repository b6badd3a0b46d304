// A reference-counted block of the wasm heap. Views (reshape, transpose, broadcastTo, …)
// share one Storage; the block returns to the heap when the last view lets go.
import { heap } from "./heap.js";

let liveStorages = 0;
let liveBytes = 0;

/**
 * Called with each block about to return to the heap. The engine's relu fusion
 * (src/engine/fusion.ts) installs the one listener: it drops or runs a waiting kernel
 * call that writes the block.
 */
let beforeFree: (s: Storage) => void = () => {};

/** Installs the listener called before every block is freed. */
export function setBeforeFree(listener: (s: Storage) => void): void {
  beforeFree = listener;
}

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

  /** True when more than one holder (views, a tape's saved value, a waiting kernel call) shares the block. */
  get isShared(): boolean {
    return this.refs > 1;
  }

  /** Drops one reference; frees the block on the last. Callers guarantee at most one release per retain. */
  release(): void {
    if (--this.refs === 0) {
      beforeFree(this);
      heap.free(this.ptr, this.bytes);
      liveStorages--;
      liveBytes -= this.bytes;
    }
  }
}

export function storageStats(): { storages: number; bytes: number } {
  return { storages: liveStorages, bytes: liveBytes };
}
