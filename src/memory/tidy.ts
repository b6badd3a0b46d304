// The public memory API: tidy, keep, memory().
import { Tensor } from "../tensor.js";
import { InvalidArgumentError } from "../errors.js";
import { heap } from "./heap.js";
import { beginScope, endScope, liveTensorCount, markKept, untidiedTensorCount, type Tracked } from "./scope.js";
import { storageStats } from "./storage.js";

/**
 * The tensors in a tidy result: a tensor, or tensors inside arrays, plain objects (also
 * with a null prototype) and Maps, at any depth. Each container is visited once, so a
 * cycle ends; a getter that throws makes the traversal throw (tidy then frees everything).
 */
function collectTensors(value: unknown, into: Set<Tracked>, seen: Set<object>): void {
  if (value instanceof Tensor) {
    into.add(value);
    return;
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, into, seen);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, into, seen);
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) for (const v of Object.values(value)) collectTensors(v, into, seen);
  }
}

/**
 * Runs fn and disposes every tensor it created, except those in its result and those passed
 * to keep(). The result may be a tensor, or hold tensors in arrays, plain or null-prototype
 * objects and Maps (other objects are not searched: their tensors are freed). Scopes nest;
 * a result moves to the enclosing scope. fn must be synchronous: an async fn is an error.
 * The scope is closed whatever happens, so a throwing fn or result never leaves it open.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new InvalidArgumentError("tidy: expected a function");
  beginScope();
  let survivors: ReadonlySet<Tracked> | Tracked | undefined;
  try {
    const result = fn();
    if (result instanceof Promise) {
      result.catch(() => {}); // its failure is reported as this error, not as an unhandled rejection
      throw new InvalidArgumentError("tidy: fn must be synchronous (it returned a Promise): tensors made after an await would escape the scope");
    }
    if (result instanceof Tensor) {
      survivors = result;
    } else if (result !== null && typeof result === "object") {
      const found = new Set<Tracked>();
      collectTensors(result, found, new Set());
      survivors = found;
    }
    return result;
  } finally {
    endScope(survivors, disposeTracked);
  }
}

function disposeTracked(t: Tracked): void {
  (t as Tensor).dispose();
}

/** Exempts a tensor from every tidy scope (it still needs dispose(), or the safety net). */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new InvalidArgumentError("keep: expected a Tensor");
  t.live("keep");
  markKept(t);
  return t;
}

/** A snapshot of the library's memory use, from {@link memory}. */
export interface MemoryInfo {
  /** Live (undisposed, uncollected) tensors, views and variables included. */
  tensors: number;
  /** Bytes of tensor data held by live storage blocks (views share blocks; sizes as requested, before the allocator rounds them up). */
  bytes: number;
  /** Live storage blocks. */
  storages: number;
  /** Size of the wasm heap memory in bytes (it grows on demand and never shrinks). */
  heapBytes: number;
  /** Heap bytes in freed blocks waiting for reuse. */
  freeBytes: number;
  /**
   * Live tensors that no tidy scope will free and no keep() exempted: made outside tidy (or
   * returned from the outermost one) and not yet disposed. A loop that forgot tidy shows
   * here; past 100,000 of them (or 1 GiB) a one-time process warning says so.
   */
  untidied: number;
}

/**
 * Counts of live tensors, storage blocks and heap bytes at this moment: compare two calls
 * around a loop to find a leak (a tensor made outside {@link tidy} and never disposed).
 */
export function memory(): MemoryInfo {
  const s = storageStats();
  const h = heap.stats();
  return { tensors: liveTensorCount(), bytes: s.bytes, storages: s.storages, heapBytes: h.heapBytes, freeBytes: h.freeBytes, untidied: untidiedTensorCount() };
}
