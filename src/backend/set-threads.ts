// The public face of the worker pool (src/threads/pool.ts), started with the backend's
// worker set-up and the active kernel build.
import { InvalidArgumentError } from "../errors.js";
import { pool } from "../threads/pool.js";
import { activeProgram, WORKER_SETUP } from "./threads.js";

/**
 * Runs every following large op on `n` threads: the calling thread plus n - 1 workers
 * sharing the wasm heap. `0` means one per available core, `1` stops the workers. Live
 * tensors are untouched either way. Resolves to the thread count now in use.
 */
export function setThreads(n: number): Promise<number> {
  return pool.resize(n, WORKER_SETUP, activeProgram());
}

/** Threads large ops run on (1 until setThreads starts workers; inside withThreads, its limit). */
export function getThreads(): number {
  return pool.threads;
}

/**
 * Runs `body` synchronously with ops limited to `n` threads (at most those setThreads
 * started), and returns its result: keep a latency-sensitive stretch on one thread, or
 * time one thread against several in one process, without stopping the workers. An
 * element-wise op still waiting for a relu when it returns (src/engine/fusion.ts) keeps
 * the cap it was made under.
 */
export function withThreads<T>(n: number, body: () => T): T {
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`withThreads: n must be a positive integer, got ${String(n)}`);
  if (typeof body !== "function") throw new InvalidArgumentError(`withThreads: expected a function as the second argument, got ${typeof body}`);
  return pool.capped(n, () => {
    const result = body();
    if (result instanceof Promise) {
      result.catch(() => {}); // reported as this error, not as an unhandled rejection
      throw new InvalidArgumentError("withThreads: body must be synchronous (it returned a Promise): ops after an await would run uncapped");
    }
    return result;
  });
}
