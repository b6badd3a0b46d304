// The public memory API: tidy, keep, memory().
import { Tensor } from "../tensor.js";
import { InvalidArgumentError } from "../errors.js";
import { heap } from "./heap.js";
import { beginScope, endScope, liveTensorCount, markKept, type Tracked } from "./scope.js";
import { storageStats } from "./storage.js";

/** The tensors in a tidy result: a tensor, or arrays / plain objects holding tensors. */
function collectTensors(value: unknown, into: Set<Tracked>): void {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into);
  }
}

/**
 * Runs fn and disposes every tensor it created, except those in its result (a tensor,
 * or arrays/objects of tensors) and those passed to keep(). Scopes nest; a result moves
 * to the enclosing scope. fn must be synchronous.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new InvalidArgumentError("tidy: expected a function");
  beginScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    endScope(undefined, disposeTracked);
    throw error;
  }
  if (result instanceof Promise) {
    endScope(undefined, disposeTracked);
    throw new InvalidArgumentError("tidy: fn must be synchronous (it returned a Promise)");
  }
  if (result instanceof Tensor) {
    endScope(result, disposeTracked);
  } else {
    const survivors = new Set<Tracked>();
    collectTensors(result, survivors);
    endScope(survivors, disposeTracked);
  }
  return result;
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
}

/**
 * Counts of live tensors, storage blocks and heap bytes at this moment: compare two calls
 * around a loop to find a leak (a tensor made outside {@link tidy} and never disposed).
 */
export function memory(): MemoryInfo {
  const s = storageStats();
  const h = heap.stats();
  return { tensors: liveTensorCount(), bytes: s.bytes, storages: s.storages, heapBytes: h.heapBytes, freeBytes: h.freeBytes };
}
