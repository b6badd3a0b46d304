// The worker thread's program. It runs as an `eval` worker so that the same source works
// from dist/ and from the TypeScript sources under tsx and vitest (a worker cannot load a
// .ts file). It only calls kernel exports by index: all tensor bookkeeping stays on the
// calling thread.
import { ARGS, BLOCK_BYTES, CONTROL_WORDS, RESULTS, State, Word } from "../threads/control.js";

/**
 * Statements spliced into the worker's loop, for the tests' fault injection
 * (test/helpers/faulty-workers.ts); the shipped program has none. `beforeClaim` runs when a
 * task is posted, before the worker claims it; `beforeRun` after the claim, with `e` the
 * build's exports, inside the try that reports a failure.
 */
export interface WorkerHooks {
  beforeClaim?: string;
  beforeRun?: string;
}

/** The worker's source, with `hooks` spliced in. */
export function workerSource(hooks: WorkerHooks = {}): string {
  return `"use strict";
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { memory, control, offset, port, kernelNames, spin, build, module } = workerData;
const i32 = new Int32Array(control, offset, ${CONTROL_WORDS});
const f64 = new Float64Array(control, offset, ${BLOCK_BYTES / 8});
const instances = [];
instances[build] = new WebAssembly.Instance(module, { env: { memory } }).exports;

// A build first used after start-up arrives as a message posted before the task.
function exportsFor(b) {
  while (instances[b] === undefined) {
    const m = receiveMessageOnPort(port);
    if (m === undefined) throw new Error("kernel build " + b + " was never sent to this worker");
    instances[m.message.build] = new WebAssembly.Instance(m.message.module, { env: { memory } }).exports;
  }
  return instances[b];
}

function runTask(e) {
  const calls = i32[${Word.CALLS}];
  let p = ${ARGS};
  for (let c = 0; c < calls; c++) {
    const fn = e[kernelNames[f64[p]]];
    const n = f64[p + 1];
    const a = p + 2;
    let r;
    switch (n) {
      case 1: r = fn(f64[a]); break;
      case 2: r = fn(f64[a], f64[a + 1]); break;
      case 3: r = fn(f64[a], f64[a + 1], f64[a + 2]); break;
      case 4: r = fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3]); break;
      case 5: r = fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4]); break;
      case 6: r = fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4], f64[a + 5]); break;
      default: r = fn(...f64.subarray(a, a + n)); break;
    }
    f64[${RESULTS} + c] = typeof r === "number" ? r : 0;
    p = a + n;
  }
}

process.on("exit", () => { Atomics.store(i32, ${Word.STATE}, ${State.DEAD}); Atomics.notify(i32, ${Word.STATE}); });
Atomics.store(i32, ${Word.STATE}, ${State.IDLE});
Atomics.notify(i32, ${Word.STATE});
for (;;) {
  // Spin briefly before sleeping: a chain of large ops then wakes the worker in ~1 us
  // instead of the ~30 us a futex wake costs.
  for (let k = 0; k < spin && Atomics.load(i32, ${Word.STATE}) === ${State.IDLE}; k++);
  Atomics.wait(i32, ${Word.STATE}, ${State.IDLE});
  // The calling thread may have taken the task; then sleep until it is done with it.
  const state = Atomics.load(i32, ${Word.STATE});
  if (state === ${State.STOLEN}) { Atomics.wait(i32, ${Word.STATE}, ${State.STOLEN}); continue; }
  if (state !== ${State.TASK}) continue;
  ${hooks.beforeClaim ?? ""}
  if (Atomics.compareExchange(i32, ${Word.STATE}, ${State.TASK}, ${State.RUNNING}) !== ${State.TASK}) continue;
  try {
    const e = exportsFor(i32[${Word.BUILD}]);
    ${hooks.beforeRun ?? ""}
    runTask(e);
    i32[${Word.ERROR}] = 0;
  } catch (error) {
    i32[${Word.ERROR}] = 1;
    port.postMessage(String(error));
  }
  Atomics.store(i32, ${Word.STATE}, ${State.IDLE});
  Atomics.notify(i32, ${Word.STATE});
}
`;
}

/** The program every worker runs. */
export const WORKER_SOURCE = workerSource();
