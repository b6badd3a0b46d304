// What simd-tensor needs from its host (Node or a browser), as one object chosen by the
// package entry: src/platform/current.ts names Node's, and the browser build
// (scripts/build-browser.mjs) swaps in the browser's, so no module above this layer ever
// imports a Node builtin or knows which host it runs on.
import type { BuildName } from "../backend/build-name.js";

/** A worker started by a {@link ThreadHost}. */
export interface HostWorker {
  /** Posts a message the worker reads synchronously with its `receive()` (Node); a browser worker has every module from the start. */
  post(message: unknown): void;
  /** Calls `listener` once when the worker exits or fails to start (with the error, if any). */
  onExit(listener: (error?: unknown) => void): void;
  terminate(): Promise<unknown>;
}

/** How worker threads are made on this host. */
export interface ThreadHost {
  /** Logical cores, for setThreads(0). */
  cores(): number;
  /**
   * Whether the calling thread may sleep in Atomics.wait: a browser's main thread may not,
   * so there the pool spins while workers run.
   */
  readonly canBlock: boolean;
  /**
   * The start of every worker's program: it must call `main(workerData)` once the worker
   * has its data, and define `receive()` (a message from {@link HostWorker.post}, or
   * undefined) and `onExit(fn)` (fn runs as the worker's thread exits, where the host can tell).
   */
  readonly prologue: string;
  /** Starts a worker running `source` (the prologue plus the worker's program) with `data` as its workerData. */
  start(source: string, data: Record<string, unknown>, name: string): HostWorker;
}

/** Text output: Node's process.stdout or process.stderr; a browser's console.log. */
export interface TextOutput {
  /** Writes text (no newline added). */
  write(text: string): unknown;
  /** A terminal, where a line can be redrawn in place. */
  readonly isTTY?: boolean;
}

/** Files by path (Node's node:fs), for the functions that take a path. */
export interface FileHost {
  /** The file's bytes. */
  read(path: string): Uint8Array;
  /** Makes (or truncates) the file and writes `chunks` to it in order. */
  write(path: string, chunks: readonly Uint8Array[]): void;
}

export interface Platform {
  /** "node" or "browser", for messages. */
  readonly name: "node" | "browser";
  /**
   * Whether the wasm heap is a shared WebAssembly.Memory: always in Node; in a browser only
   * on a cross-origin isolated page (elsewhere the kernels are compiled against an unshared
   * memory and everything runs on the calling thread).
   */
  readonly sharedMemory: boolean;
  /** Whether this runtime can compile a kernel build (relaxed SIMD is also probed by the backend). */
  kernelSupported(build: BuildName): boolean;
  /** A supported build's compiled module (compiled at most once). */
  kernelModule(build: BuildName): WebAssembly.Module;
  /** Worker threads, or why there are none (a sentence for the error setThreads throws). */
  readonly threads: ThreadHost | { readonly unavailable: string };
  /** A one-off warning: Node's process warning, a browser's console.warn. */
  warn(message: string, code: string): void;
  /** Files by path, or why there are none (a clause for the error a path-taking function throws). */
  readonly files: FileHost | { readonly unavailable: string };
  /** Where summaries and the like are printed: process.stdout in Node, console.log (one call per finished line or lines) in a browser. */
  readonly stdout: TextOutput;
  /** Where fit's progress goes: process.stderr in Node, console.log (one call per finished line or lines) in a browser. */
  readonly stderr: TextOutput;
}
