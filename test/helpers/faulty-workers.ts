// Workers that fail on request, for the pool's fault tests: the shipped worker program with
// fault hooks spliced in (src/backend/worker-source.ts keeps none of this in the package).
import { WORKER_SETUP, activeProgram } from "../../src/backend/threads.js";
import { workerSource } from "../../src/backend/worker-source.js";
import { CONTROL_WORDS } from "../../src/threads/control.js";
import { pool } from "../../src/threads/pool.js";

/** The control word a test writes a fault into; the worker clears it when it acts on it. */
const FAULT_WORD = CONTROL_WORDS - 1;
const FAULTS = { throw: 1, exit: 2, hang: 3, trap: 4, slow_wake: 5 } as const;
export type FaultName = keyof typeof FAULTS;

const SOURCE = workerSource({
  beforeClaim: `
  const fault = i32[${FAULT_WORD}];
  if (fault !== 0) i32[${FAULT_WORD}] = 0;
  // slow_wake: a worker that wakes 200 ms late (descheduled on a busy machine).
  if (fault === ${FAULTS.slow_wake}) Atomics.wait(i32, ${FAULT_WORD}, 0, 200);`,
  beforeRun: `
    if (fault === ${FAULTS.throw}) throw new Error("injected fault");
    if (fault === ${FAULTS.exit}) process.exit(7);
    if (fault === ${FAULTS.hang}) for (;;);
    if (fault === ${FAULTS.trap}) e.fill32(0xfffffff0, 0, 1024); // out of bounds: a real wasm trap`,
});

/** Starts `n` threads whose workers can be told to fail (like setThreads(n)). */
export function startFaultyWorkers(n: number): Promise<number> {
  return pool.resize(n, { ...WORKER_SETUP, source: SOURCE }, activeProgram());
}

/** Makes worker `index` (1-based) of a startFaultyWorkers pool fail in the given way on its next task. */
export function injectFault(index: number, fault: FaultName): void {
  pool.controlWordsOf(index)[FAULT_WORD] = FAULTS[fault];
}
