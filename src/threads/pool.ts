// The worker pool. Ops stay synchronous: the calling thread splits an op into shares
// (lists of kernel calls over disjoint parts of the output), posts one share to each
// worker through its control block (control.ts), runs share 0 itself, then waits for
// the workers with Atomics.wait (or spins, where the calling thread may not block: a
// browser's main thread). Workers instantiate the same compiled kernel module over the same
// shared memory, so tensors, allocation and growth never leave this thread. The platform
// (src/platform/) makes the workers: worker_threads in Node, Web Workers in a browser.
import { InvalidArgumentError, WorkerThreadError } from "../errors.js";
import { MAX_THREADS } from "../memory/heap.js";
import { platform } from "../platform/current.js";
import type { HostWorker, ThreadHost } from "../platform/platform.js";
import { ARGS, ARGS_CAPACITY, BLOCK_BYTES, CONTROL_WORDS, MAX_CALLS, RESULTS, State, Word } from "./control.js";
import { CALLER_SPIN, WAIT_TIMEOUT_FACTOR, WAIT_TIMEOUT_MS, WORKER_SPIN } from "./tuning.js";

/** One kernel call: a kernel's name and its arguments (pointers are byte addresses). */
export interface KernelCall {
  kernel: string;
  args: number[];
}

/**
 * What the backend hands the pool to run a task: the kernel build, as an id (a worker keeps
 * one instance per id) and its compiled module (posted to a worker the first time it meets
 * the id), how the calling thread runs a call, and a kernel's index in `kernelNames` of the
 * workers' set-up. The pool knows nothing of wasm beyond this.
 */
export interface Program {
  readonly id: number;
  readonly module: object;
  runHere(call: KernelCall): number;
  indexOf(kernel: string): number;
}

/**
 * How to start a worker: its program's source (the platform's prologue and the backend's
 * program, which instantiates the module over the shared memory) and its workerData. The
 * pool adds `control`, `offset`, `spin`, `build` and `module` (the starting program's); the
 * platform may add more (Node: a `port`; a browser: every compiled `modules`).
 */
export interface WorkerSetup {
  readonly source: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const STARTUP_TIMEOUT_MS = 30_000;

interface WorkerSlot {
  /** 1-based: worker w runs share w and owns scratch slot w. */
  readonly index: number;
  readonly worker: HostWorker;
  readonly words: Int32Array;
  readonly values: Float64Array;
  /** Programs (builds) whose module this worker has been sent, by id. */
  readonly builds: Set<number>;
  /** Set by the worker's "exit" or "error" event. */
  exited: boolean;
  error: unknown;
}

function runOnCaller(program: Program, calls: readonly KernelCall[]): number[] {
  return calls.map((c) => program.runHere(c));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ThreadPool {
  private slots: WorkerSlot[] = [];
  /** Whether the calling thread may sleep in Atomics.wait (the platform's; a browser's main thread may not). */
  private canBlock = true;
  private timeoutFloorMs = WAIT_TIMEOUT_MS;
  /** withThreads' cap on the threads ops use. */
  private cap = Infinity;
  /** Whether the calling thread takes shares no worker has claimed (off only in fault tests, to make the worker run them). */
  stealing = true;

  /** Threads an op may use: the calling thread plus the workers, at most the cap. */
  get threads(): number {
    return Math.min(this.slots.length + 1, this.cap);
  }

  /** Threads started (the calling thread plus the workers), whatever the cap. */
  get started(): number {
    return this.slots.length + 1;
  }

  /** Runs body with ops using at most n threads (n >= 1). */
  capped<T>(n: number, body: () => T): T {
    const previous = this.cap;
    this.cap = n;
    try {
      return body();
    } finally {
      this.cap = previous;
    }
  }

  /**
   * Starts or stops workers so that ops use `n` threads (0: one per available core); new
   * workers start from `setup` with `program` instantiated.
   */
  resize(n: number, setup: WorkerSetup, program: Program): Promise<number> {
    if (!Number.isInteger(n) || n < 0) {
      return Promise.reject(new InvalidArgumentError(`setThreads: n must be a non-negative integer (0 = all cores), got ${String(n)}`));
    }
    if (n > MAX_THREADS) return Promise.reject(new InvalidArgumentError(`setThreads: at most ${MAX_THREADS} threads are supported, got ${n}`));
    const host = platform.threads;
    if ("unavailable" in host) {
      // 0 asks for what the host allows, which is one thread; more cannot be had.
      if (n <= 1) return Promise.resolve(1);
      return Promise.reject(new WorkerThreadError(`setThreads(${n}): ${host.unavailable}`));
    }
    const target = n === 0 ? Math.min(host.cores(), MAX_THREADS) : n;
    // Resizes run one after another, in call order: un-awaited or concurrent calls can
    // neither interleave their stop and start (which leaked workers) nor lose track of
    // any; the last call decides the count.
    const next = this.resizing.then(async () => {
      if (target === this.started && this.slots.every((s) => !s.exited)) return target;
      await this.stop();
      if (target > 1) await this.start(host, target - 1, setup, program);
      return this.started;
    });
    this.resizing = next.catch(() => undefined);
    return next;
  }

  /** The resize in progress (resolved when none is). */
  private resizing: Promise<unknown> = Promise.resolve();

  /**
   * Runs shares[0] on the calling thread and shares[w] on worker w, and returns each
   * call's return value per share. Throws WorkerThreadError, after every other share has
   * finished, if a worker failed; the pool then drops to one thread with a warning.
   */
  run(shares: readonly (readonly KernelCall[])[], program: Program): number[][] {
    if (shares.length === 1) return [runOnCaller(program, shares[0])];
    if (shares.length > this.threads) throw new Error(`internal: ${shares.length} shares for ${this.threads} threads`);
    const dead = this.slots.find((s) => s.exited || Atomics.load(s.words, Word.STATE) === State.DEAD);
    if (dead !== undefined) {
      // It died between ops, so nothing is lost: say so once and run every share here.
      this.fail(`worker thread ${dead.index} exited${describe(dead.error)}`);
      return shares.map((share) => runOnCaller(program, share));
    }
    const next = shares.map(() => 0); // per share: index of the first call not yet posted
    const results: number[][] = shares.map(() => []);
    for (let w = 1; w < shares.length; w++) next[w] = this.post(this.slots[w - 1], program, shares[w], 0);

    const started = performance.now();
    let callerError: unknown;
    try {
      results[0] = runOnCaller(program, shares[0]);
    } catch (error) {
      callerError = error; // still wait: workers are writing into the same memory
    }
    const deadline = performance.now() + Math.max(this.timeoutFloorMs, WAIT_TIMEOUT_FACTOR * (performance.now() - started));

    const failures: string[] = [];
    for (let w = 1; w < shares.length; w++) {
      const outcome = this.finish(this.slots[w - 1], program, shares[w], next[w], results[w], deadline, started, callerError === undefined);
      if (outcome.failure !== undefined) failures.push(outcome.failure);
      callerError ??= outcome.callerError;
    }
    if (failures.length > 0) {
      const reason = failures.join("; ");
      this.fail(reason);
      throw new WorkerThreadError(`simd-tensor: ${reason}. The op's result is lost; ops now run on 1 thread (call setThreads to start workers again)`);
    }
    if (callerError !== undefined) throw callerError;
    return results;
  }

  /**
   * Sees worker `slot`'s share through: takes it over if the worker has not claimed it
   * yet (asleep, or descheduled on a busy machine: the calling thread, done with its own
   * share, runs it rather than wait), else waits for each posted part, collects results
   * into `out` and posts the rest. Returns what went wrong, if anything.
   */
  private finish(
    slot: WorkerSlot, program: Program, calls: readonly KernelCall[], posted: number, out: number[],
    deadline: number, started: number, mayTakeOver: boolean,
  ): { failure?: string; callerError?: unknown } {
    let from = 0;
    for (;;) {
      if (mayTakeOver && this.stealing && Atomics.compareExchange(slot.words, Word.STATE, State.TASK, State.STOLEN) === State.TASK) {
        try {
          out.push(...runOnCaller(program, calls.slice(from)));
          return {};
        } catch (error) {
          return { callerError: error };
        } finally {
          Atomics.store(slot.words, Word.STATE, State.IDLE);
          Atomics.notify(slot.words, Word.STATE);
        }
      }
      const state = waitWhileBusy(slot.words, deadline, this.canBlock);
      if (state === "timeout") return { failure: `worker thread ${slot.index} did not finish within ${Math.round(deadline - started)} ms` };
      if (state === State.DEAD) return { failure: `worker thread ${slot.index} exited while running ${calls[from].kernel}` };
      if (slot.words[Word.ERROR] !== 0) {
        return { failure: `worker thread ${slot.index} failed in ${calls[from].kernel}: ${errorText(slot.values)}` };
      }
      for (let c = from; c < posted; c++) out.push(slot.values[RESULTS + c - from]);
      if (posted === calls.length) return {};
      from = posted;
      posted = this.post(slot, program, calls, from);
    }
  }

  /** Writes calls[from..] (as many as fit) into the worker's block and wakes it; returns the index after the last posted. */
  private post(slot: WorkerSlot, program: Program, calls: readonly KernelCall[], from: number): number {
    if (!slot.builds.has(program.id)) {
      // Read by the worker (its receive()) when it first meets this program's id.
      slot.worker.post({ build: program.id, module: program.module });
      slot.builds.add(program.id);
    }
    const v = slot.values;
    let p = ARGS, c = from;
    for (; c < calls.length && c - from < MAX_CALLS; c++) {
      const { kernel, args } = calls[c];
      if (p + 2 + args.length > ARGS + ARGS_CAPACITY) break;
      v[p] = program.indexOf(kernel);
      v[p + 1] = args.length;
      for (let i = 0; i < args.length; i++) v[p + 2 + i] = args[i];
      p += 2 + args.length;
    }
    slot.words[Word.BUILD] = program.id;
    slot.words[Word.CALLS] = c - from;
    Atomics.store(slot.words, Word.STATE, State.TASK);
    Atomics.notify(slot.words, Word.STATE);
    return c;
  }

  private async start(host: ThreadHost, workers: number, setup: WorkerSetup, program: Program): Promise<void> {
    const control = new SharedArrayBuffer(BLOCK_BYTES * workers);
    const slots: WorkerSlot[] = [];
    this.canBlock = host.canBlock;
    for (let w = 1; w <= workers; w++) {
      const offset = (w - 1) * BLOCK_BYTES;
      const worker = host.start(setup.source, { ...setup.data, control, offset, spin: WORKER_SPIN, build: program.id, module: program.module }, `simd-tensor ${w}`);
      const slot: WorkerSlot = {
        index: w, worker, builds: new Set([program.id]), exited: false, error: undefined,
        words: new Int32Array(control, offset, CONTROL_WORDS),
        values: new Float64Array(control, offset, BLOCK_BYTES / 8),
      };
      worker.onExit((error) => {
        slot.error ??= error;
        slot.exited = true;
      });
      slots.push(slot);
    }
    // Wait for every worker to instantiate its module (polling keeps this async).
    const deadline = performance.now() + STARTUP_TIMEOUT_MS;
    for (const slot of slots) {
      while (Atomics.load(slot.words, Word.STATE) === State.STARTING && !slot.exited && performance.now() < deadline) await sleep(1);
      if (Atomics.load(slot.words, Word.STATE) !== State.IDLE || slot.exited) {
        await Promise.all(slots.map((s) => s.worker.terminate()));
        throw new WorkerThreadError(`setThreads: worker thread ${slot.index} did not start${describe(slot.error)}`);
      }
    }
    this.slots = slots;
  }

  private async stop(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Drops to one thread after a worker failed, with a process warning. */
  private fail(reason: string): void {
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) void s.worker.terminate();
    platform.warn(`simd-tensor: ${reason}; ops now run on 1 thread (call setThreads to start workers again)`, "SIMD_TENSOR_THREADS");
  }

  // ---- test hooks (not exported from the package) ----

  /** The control words of worker `index` (1-based): how the tests' faulty workers are told what to do. */
  controlWordsOf(index: number): Int32Array {
    return this.slots[index - 1].words;
  }

  /** Worker `index` (1-based), as the platform made it. */
  workerAt(index: number): HostWorker {
    return this.slots[index - 1].worker;
  }

  /** Overrides WAIT_TIMEOUT_MS (the hang test). Returns the previous value. */
  setTimeoutFloor(ms: number): number {
    const previous = this.timeoutFloorMs;
    this.timeoutFloorMs = ms;
    return previous;
  }
}

/** What a failed worker wrote into its call area (see reportError in worker-source.ts). */
function errorText(values: Float64Array): string {
  const n = values[ARGS];
  if (!(n > 0 && n < ARGS_CAPACITY)) return "unknown error";
  return String.fromCharCode(...values.subarray(ARGS + 1, ARGS + 1 + n));
}

/**
 * Polls, then sleeps (or, where the thread may not block, keeps polling), while the worker
 * runs its task; its new state, or "timeout" past the deadline.
 */
function waitWhileBusy(words: Int32Array, deadline: number, canBlock: boolean): number | "timeout" {
  for (let k = 0; k < CALLER_SPIN; k++) {
    const s = Atomics.load(words, Word.STATE);
    if (s !== State.TASK && s !== State.RUNNING) return s;
  }
  for (;;) {
    const s = Atomics.load(words, Word.STATE);
    if (s !== State.TASK && s !== State.RUNNING) return s;
    const left = deadline - performance.now();
    if (left <= 0) return "timeout";
    if (canBlock) Atomics.wait(words, Word.STATE, s, left);
  }
}

function describe(error: unknown): string {
  return error === undefined ? "" : ` (${error instanceof Error ? error.message : String(error)})`;
}

/** The process-wide pool every op splits its work over. */
export const pool = new ThreadPool();
