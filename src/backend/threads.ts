// What the backend hands the worker pool (src/threads/pool.ts): the active kernel build as a
// Program, and the workers' start-up (their program's source and the shared heap). A
// dispatch is told how many threads it may use (the engine passes availableThreads());
// takes as many as threads/split.ts sharesFor gives it, and runs its shares here.
import { heap } from "../memory/heap.js";
import { pool, type KernelCall, type Program, type WorkerSetup } from "../threads/pool.js";
import { kernels } from "./active-build.js";
import { BUILD_NAMES, type BuildName } from "./build-name.js";
import { KERNEL_INDEX, KERNEL_NAMES, type KernelName } from "./kernel-exports.js";
import { moduleFor } from "./wasm.js";
import { WORKER_SOURCE } from "./worker-source.js";

export type { KernelCall } from "../threads/pool.js";

const programs = new Map<BuildName, Program>();

/** The active build as the pool runs it. */
export function activeProgram(): Program {
  const build = kernels.build;
  let program = programs.get(build);
  if (program === undefined) {
    const exports = kernels.exports as unknown as Record<KernelName, (...args: number[]) => number | void>;
    program = {
      id: BUILD_NAMES.indexOf(build),
      module: moduleFor(build),
      runHere: (call) => exports[call.kernel as KernelName](...call.args) ?? 0,
      indexOf: (kernel) => KERNEL_INDEX[kernel as KernelName],
    };
    programs.set(build, program);
  }
  return program;
}

/** How a worker starts: the program in worker-source.ts over the one shared heap. */
export const WORKER_SETUP: WorkerSetup = { source: WORKER_SOURCE, data: { memory: heap.memory, kernelNames: KERNEL_NAMES } };

/** Threads the pool runs now (the calling thread plus the workers; inside withThreads, its cap). */
export function availableThreads(): number {
  return pool.threads;
}


/** Runs shares[0] on the calling thread and shares[w] on worker w; each share's results. */
export function runShares(shares: readonly (readonly KernelCall[])[]): number[][] {
  return pool.run(shares, activeProgram());
}

/** Runs one call per thread (share p on thread p) and returns each call's result. */
export function runSplit(calls: readonly KernelCall[]): number[] {
  return runShares(calls.map((c) => [c])).map((r) => r[0]);
}
