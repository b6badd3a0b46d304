// The worker thread's program, as source text after the platform's prologue (Node: an
// `eval` worker, so the same source works from dist/ and under tsx and vitest; a browser:
// a Blob URL), which hands it its data and a `receive()`. It only calls kernel exports by
// index: all tensor bookkeeping stays on the calling thread.
import { platform } from "../platform/current.js";
import { ARGS, ARGS_CAPACITY, BLOCK_BYTES, CONTROL_WORDS, RESULTS, State, Word } from "../threads/control.js";

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

/** The worker's source (the platform's prologue, then the program), with `hooks` spliced in. */
export function workerSource(hooks: WorkerHooks = {}): string {
  // A platform without workers has no prologue; its setThreads never starts one.
  const prologue = "unavailable" in platform.threads ? "" : platform.threads.prologue;
  return `${prologue}
function main(workerData) {
const { memory, control, offset, kernelNames, spin, build, module, modules } = workerData;
const i32 = new Int32Array(control, offset, ${CONTROL_WORDS});
const f64 = new Float64Array(control, offset, ${BLOCK_BYTES / 8});
const instances = [];
instances[build] = new WebAssembly.Instance(module, { env: { memory } }).exports;

// A build first used after start-up is among the modules sent at start (a browser), or
// arrives as a message posted before the task (Node).
function exportsFor(b) {
  if (instances[b] === undefined && modules !== undefined && modules[b] !== undefined) {
    instances[b] = new WebAssembly.Instance(modules[b], { env: { memory } }).exports;
  }
  while (instances[b] === undefined) {
    const m = receive();
    if (m === undefined) throw new Error("kernel build " + b + " was never sent to this worker");
    instances[m.build] = new WebAssembly.Instance(m.module, { env: { memory } }).exports;
  }
  return instances[b];
}

// A failure's message goes where the calling thread reads it synchronously: the call
// area of the control block (its length, then its UTF-16 code units).
function reportError(error) {
  const text = String(error).slice(0, ${ARGS_CAPACITY - 1});
  f64[${ARGS}] = text.length;
  for (let i = 0; i < text.length; i++) f64[${ARGS} + 1 + i] = text.charCodeAt(i);
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

onExit(() => { Atomics.store(i32, ${Word.STATE}, ${State.DEAD}); Atomics.notify(i32, ${Word.STATE}); });
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
    reportError(error);
    i32[${Word.ERROR}] = 1;
  }
  Atomics.store(i32, ${Word.STATE}, ${State.IDLE});
  Atomics.notify(i32, ${Word.STATE});
}
}
`;
}

/** The program every worker runs. */
export const WORKER_SOURCE = workerSource();
