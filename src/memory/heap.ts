// The wasm heap: one shared WebAssembly.Memory that every kernel build imports, and the
// allocator that hands out tensor blocks from it.
//
//   0        1 KiB          5 KiB     8 KiB                136 KiB        256 KiB          memory end
//   | null   | scratch (the  |         | one 4 KiB scratch  |  (unused;   | tensor blocks:     |
//   | guard  | calling       |         | slot per worker    |  kernels    | size-class free    |
//   |        | thread's      |         | thread (31)        |  have no    | lists + bump       |
//   |        | descriptors)  |         |                    |  statics)   | pointer            |
//
// Memory is shared from the start (DESIGN §3) so worker threads can later run kernels on
// live tensors: a module built without shared memory cannot import a shared one.
// A shared memory never detaches and never moves: growth extends it in place. The one
// exception is a browser page that is not cross-origin isolated (src/platform/): there the
// memory is unshared, growth replaces its buffer, and views cached over the old one must be
// remade (onGrow).
import { platform } from "../platform/current.js";
import { liveTensorCount, untidiedDescription } from "./scope.js";

export const PAGE_BYTES = 65536;
export const MAX_PAGES = 65536; // wasm32: 4 GiB
export const MAX_BYTES = MAX_PAGES * PAGE_BYTES;
export const SCRATCH_BYTE_OFFSET = 1024;
export const SCRATCH_BYTES = 4096;
/** Worker thread w (1-based) writes its kernel descriptors at WORKER_SCRATCH_OFFSET + (w - 1) * SCRATCH_BYTES. */
export const WORKER_SCRATCH_OFFSET = 8192;
/** The calling thread plus one scratch slot per worker below HEAP_START. */
export const MAX_THREADS = 32;
const HEAP_START = 262144;
const INITIAL_PAGES = 64; // 4 MiB: the first tensors never pay for growth
const ALIGN = 16; // v128 loads are fastest on 16-byte boundaries

/**
 * Size classes: multiples of 16 up to 1 KiB, then 8 classes per power of two (at most
 * 12.5 % slack). A freed block goes back on its class's list and is reused as is; a
 * tight loop of same-shaped ops therefore never touches the bump pointer.
 *
 * Before the heap would grow (or fail at its ceiling), free blocks are merged: every free
 * block is sorted by address, neighbours join into larger free extents, and extents that
 * end at the bump pointer give their bytes back to it. A request its class list cannot
 * serve is then carved from the first extent that fits (the rest stays free). So memory
 * freed in any pattern serves any later request: 3.5 GiB freed in 512 MiB blocks under
 * one small live block still serves a 1 GiB tensor.
 */
function classOf(bytes: number): number {
  if (bytes <= 1024) return bytes <= ALIGN ? 0 : ((bytes + ALIGN - 1) >> 4) - 1; // 0..63
  const log = 31 - Math.clz32(bytes - 1); // 2^log < bytes <= 2^(log+1)
  // Integer shifts below 2^30 (every alloc and free computes this: Math.pow showed in profiles).
  if (log < 30) {
    const shift = log - 3;
    return 64 + (log - 10) * 8 + ((bytes - (1 << log) + (1 << shift) - 1) >> shift) - 1;
  }
  const step = 2 ** (log - 3);
  return 64 + (log - 10) * 8 + Math.ceil((bytes - 2 ** log) / step) - 1;
}

function classBytes(cls: number): number {
  if (cls < 64) return (cls + 1) * ALIGN;
  const log = 10 + ((cls - 64) >> 3);
  if (log < 30) return (1 << log) + (((cls - 64) & 7) + 1) * (1 << (log - 3));
  return 2 ** log + ((cls - 64) % 8 + 1) * 2 ** (log - 3);
}

export interface HeapStats {
  /** Bytes of wasm memory reserved (memory.buffer.byteLength). */
  heapBytes: number;
  /** Bytes handed out and not yet freed (rounded up to size classes). */
  allocatedBytes: number;
  /** Bytes sitting in free lists, ready for reuse. */
  freeBytes: number;
}

/** A free run of bytes made by merging free blocks: [ptr, ptr + size). */
interface Extent {
  ptr: number;
  size: number;
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  private top = HEAP_START;
  private readonly freeLists: number[][] = [];
  /** Merged free runs, by address; empty until the first merge (see classOf). */
  private extents: Extent[] = [];
  private allocated = 0;
  private free_ = 0;
  /** memory.buffer.byteLength, cached: reading `buffer` of a shared memory allocates. */
  private limit: number;
  /** The ceiling: 4 GiB, or less for a test heap. */
  private readonly maxBytes: number;
  private readonly growListeners: (() => void)[] = [];

  /**
   * `maxPages` below the wasm32 maximum makes a small heap (tests reach its ceiling quickly);
   * `shared` is the platform's (false only on a browser page without cross-origin isolation).
   */
  constructor(maxPages = MAX_PAGES, shared = platform.sharedMemory) {
    this.memory = new WebAssembly.Memory({ initial: Math.min(INITIAL_PAGES, maxPages), maximum: maxPages, shared });
    this.limit = this.memory.buffer.byteLength;
    this.maxBytes = maxPages * PAGE_BYTES;
  }

  /** Byte size of the block that serves a request of `bytes`. */
  blockBytes(bytes: number): number {
    return classBytes(classOf(bytes));
  }

  /** A 16-byte aligned block of at least `bytes`; throws RangeError past the 4 GiB ceiling. */
  alloc(bytes: number): number {
    // The allocator trusts nothing: a NaN or fractional size would poison the bump pointer
    // and hand every later tensor the same block. Public entries reject bad shapes first,
    // with errors that name the argument; reaching this is a bug in simd-tensor.
    if (!Number.isInteger(bytes) || bytes < 0) throw new Error(`simd-tensor internal error: heap.alloc(${String(bytes)}): not a byte count`);
    if (bytes > this.maxBytes - HEAP_START) {
      throw new RangeError(
        `simd-tensor: cannot allocate ${bytes} bytes: larger than the wasm32 heap's ${ceilingName(this.maxBytes)} ceiling. Existing tensors are intact.`,
      );
    }
    const cls = classOf(bytes);
    const size = classBytes(cls);
    const list = this.freeLists[cls];
    if (list !== undefined && list.length > 0) {
      this.free_ -= size;
      this.allocated += size;
      return list.pop()!;
    }
    const carved = this.extents.length > 0 ? this.carve(size) : -1;
    if (carved >= 0) return carved;
    if (this.top + size > this.limit) {
      this.merge();
      const merged = this.carve(size);
      if (merged >= 0) return merged;
      if (this.top + size > this.limit) this.grow(size);
    }
    const ptr = this.top;
    this.top += size;
    this.allocated += size;
    return ptr;
  }

  /** Returns a block from alloc(bytes) (same `bytes`) to its free list. */
  free(ptr: number, bytes: number): void {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || !Number.isSafeInteger(ptr) || ptr < HEAP_START || ptr % ALIGN !== 0 || ptr + bytes > this.top) {
      throw new Error(`simd-tensor internal error: heap.free(${String(ptr)}, ${String(bytes)}): not a block of this heap`);
    }
    const cls = classOf(bytes);
    const size = classBytes(cls);
    (this.freeLists[cls] ??= []).push(ptr);
    this.allocated -= size;
    this.free_ += size;
  }

  /** Runs `listener` after each growth: an unshared memory's old buffer is then detached, so views over it must be remade. */
  onGrow(listener: () => void): void {
    this.growListeners.push(listener);
  }

  stats(): HeapStats {
    return { heapBytes: this.memory.buffer.byteLength, allocatedBytes: this.allocated, freeBytes: this.free_ };
  }

  /** A block of `size` bytes from the first extent that holds it, or -1. */
  private carve(size: number): number {
    const extents = this.extents;
    for (let i = 0; i < extents.length; i++) {
      const e = extents[i];
      if (e.size < size) continue;
      const ptr = e.ptr;
      if (e.size === size) extents.splice(i, 1);
      else {
        e.ptr += size;
        e.size -= size;
      }
      this.free_ -= size;
      this.allocated += size;
      return ptr;
    }
    return -1;
  }

  /**
   * Merges every free block (class lists and extents) with its free neighbours into
   * extents, by address, and gives the run that ends at the bump pointer back to it.
   * O(free blocks · log): it runs only when the heap would otherwise grow.
   */
  private merge(): void {
    const blocks: Extent[] = this.extents;
    this.freeLists.forEach((list, cls) => {
      const size = classBytes(cls);
      for (const ptr of list) blocks.push({ ptr, size });
    });
    this.freeLists.length = 0;
    blocks.sort((a, b) => a.ptr - b.ptr);
    const merged: Extent[] = [];
    for (const b of blocks) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last.ptr + last.size === b.ptr) last.size += b.size;
      else merged.push({ ptr: b.ptr, size: b.size });
    }
    const last = merged[merged.length - 1];
    if (last !== undefined && last.ptr + last.size === this.top) {
      merged.pop();
      this.top = last.ptr;
      this.free_ -= last.size;
    }
    this.extents = merged;
  }

  /** Grows the memory so that `size` bytes fit above the bump pointer, or throws RangeError. */
  private grow(size: number): void {
    const needed = this.top + size;
    const have = this.limit;
    if (needed > this.maxBytes) {
      throw new RangeError(
        `simd-tensor: cannot allocate ${size} bytes: the wasm32 heap would exceed its ${ceilingName(this.maxBytes)} ceiling ` +
          `(${this.allocated} bytes live, ${this.free_} free but in pieces too small). Existing tensors are intact. ${liveTensorsHint()}`,
      );
    }
    // Grow geometrically (x1.5) to keep the number of grows logarithmic.
    const maxPages = this.maxBytes / PAGE_BYTES;
    const pages = Math.min(maxPages, Math.max(Math.ceil(needed / PAGE_BYTES), Math.ceil((have * 1.5) / PAGE_BYTES)));
    try {
      this.memory.grow(pages - have / PAGE_BYTES);
    } catch {
      try {
        this.memory.grow(Math.ceil(needed / PAGE_BYTES) - have / PAGE_BYTES);
      } catch (error) {
        throw new RangeError(
          `simd-tensor: cannot grow the wasm heap to ${needed} bytes (${String(error)}). Existing tensors are intact. ${liveTensorsHint()}`,
        );
      }
    }
    this.limit = this.memory.buffer.byteLength;
    for (const listener of this.growListeners) listener();
  }
}

function ceilingName(bytes: number): string {
  return bytes === MAX_BYTES ? "4 GiB" : `${bytes / 2 ** 20} MiB`;
}

/** The process-wide heap; every build of the kernels imports its memory. */
export const heap = new Heap();

/** What an out-of-memory error adds: how many tensors hold the heap, and the usual cause. */
function liveTensorsHint(): string {
  return `${liveTensorCount()} tensors are live, ${untidiedDescription()} of them outside any tidy(): ` +
    "dispose() what you no longer need, or run loops in st.tidy(() => { ... }).";
}
