// The worker pool as a user meets it: setThreads/getThreads, live tensors across resizes,
// faults (a worker that throws, traps, exits or hangs) surfacing as errors from the op,
// memory growth while workers exist, and a script that exits without setThreads(1).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as st from "../../src/index.js";
import { pool } from "../../src/threads/pool.js";
import { activeProgram } from "../../src/backend/threads.js";
import { injectFault, startFaultyWorkers, type FaultName } from "../helpers/faulty-workers.js";
import { tuning } from "../../src/threads/tuning.js";
import { MAX_THREADS } from "../../src/memory/heap.js";
import { expectSameValues } from "../helpers/reference.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const N = 4 * tuning.elementwisePerThread + 13; // large enough to split, odd on purpose

/** relu(x + y) computed in plain JS from the operands' values. */
function reluAddRef(x: st.Tensor, y: st.Tensor): Float32Array {
  const a = x.data(), b = y.data();
  return Float32Array.from(a, (v, i) => Math.max(0, Math.fround(v + b[i])));
}

// The pool's fault warnings are expected here: captured (and asserted below), not printed.
let warnings: string[] = [];
beforeAll(() => {
  vi.spyOn(process, "emitWarning").mockImplementation(((warning: string | Error) => {
    warnings.push(typeof warning === "string" ? warning : warning.message);
  }) as typeof process.emitWarning);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await st.setThreads(1);
});

describe("setThreads / getThreads", () => {
  afterEach(async () => {
    await st.setThreads(1);
  });

  it("starts and stops workers; 0 means one thread per core", async () => {
    expect(st.getThreads()).toBe(1);
    expect(await st.setThreads(2)).toBe(2);
    expect(st.getThreads()).toBe(2);
    expect(await st.setThreads(3)).toBe(3);
    expect(await st.setThreads(0)).toBe(Math.min(availableParallelism(), MAX_THREADS));
    expect(await st.setThreads(1)).toBe(1);
    expect(st.getThreads()).toBe(1);
  });

  /** Workers the pool runs and tracks: getThreads() - 1 after any interleaving. */
  const liveWorkers = (): number => pool.started - 1;

  it("un-awaited calls run in call order: the last one decides, and no worker is left untracked", async () => {
    const calls = [];
    for (let i = 0; i < 10; i++) calls.push(st.setThreads(i % 2 === 0 ? 4 : 3));
    expect(await st.setThreads(1)).toBe(1);
    expect(await Promise.all(calls)).toEqual(new Array(10).fill(0).map((_, i) => (i % 2 === 0 ? 4 : 3)));
    expect(st.getThreads()).toBe(1);
    expect(liveWorkers()).toBe(0);
  });

  it("concurrent calls end at the last call's count, with exactly that many workers", async () => {
    for (const order of [[2, 3, 2], [3, 2, 3], [4, 1, 2]]) {
      const results = await Promise.all(order.map((n) => st.setThreads(n)));
      expect(results).toEqual(order);
      expect(st.getThreads()).toBe(order[order.length - 1]);
      expect(liveWorkers()).toBe(order[order.length - 1] - 1);
    }
  });

  it("a rejected call does not block the ones after it", async () => {
    await expect(st.setThreads(-1)).rejects.toThrow(st.InvalidArgumentError);
    expect(await st.setThreads(2)).toBe(2);
  });

  it("workers start in a script run with node --input-type=module -e (they do not inherit those flags)", () => {
    const entry = pathToFileURL(join(repoRoot, "dist/index.js")).href;
    const code = `const st = await import(${JSON.stringify(entry)}); console.log(await st.setThreads(2)); const x = st.randomUniform([1 << 20], { seed: 1 }); console.log(st.sum(st.add(x, x)).item() > 0); await st.setThreads(1);`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("2\ntrue\n");
    expect(r.status).toBe(0);
  });

  it("rejects a count that is not a non-negative integer or above the maximum", async () => {
    for (const bad of [-1, 1.5, NaN, Infinity]) {
      await expect(st.setThreads(bad)).rejects.toThrow(/setThreads: n must be a non-negative integer/);
    }
    await expect(st.setThreads("2" as unknown as number)).rejects.toThrow(st.InvalidArgumentError);
    await expect(st.setThreads(MAX_THREADS + 1)).rejects.toThrow(new RegExp(`at most ${MAX_THREADS} threads`));
    expect(st.getThreads()).toBe(1);
  });

  it("leaves live tensors untouched when workers start and stop", async () => {
    const x = st.randomUniform([N], { seed: 1, min: -1, max: 1 });
    const y = st.randomUniform([N], { seed: 2, min: -1, max: 1 });
    const expected = reluAddRef(x, y);
    const before = st.relu(st.add(x, y));
    await st.setThreads(2);
    const during = st.relu(st.add(x, y));
    expectSameValues(during.data(), expected, "during");
    await st.setThreads(1);
    const after = st.relu(st.add(x, y));
    expectSameValues(before.data(), expected, "before");
    expectSameValues(after.data(), expected, "after");
    for (const t of [x, y, before, during, after]) t.dispose();
  });
});

describe("worker faults surface as errors from the op, never a hang", () => {
  beforeAll(() => {
    // The calling thread would otherwise take a share the faulty worker is slow to claim.
    pool.stealing = false;
  });
  afterAll(() => {
    pool.stealing = true;
  });
  afterEach(async () => {
    await st.setThreads(1);
  });

  async function failingOp(fault: FaultName): Promise<unknown> {
    warnings = [];
    await startFaultyWorkers(2);
    const x = st.randomUniform([N], { seed: 3 });
    injectFault(1, fault);
    let error: unknown;
    try {
      st.tidy(() => st.add(x, x).data()); // data(): the add may otherwise wait for a relu (engine/fusion.ts)
    } catch (e) {
      error = e;
    }
    // The pool fell back to one thread, and ops go on giving right answers.
    expect(st.getThreads()).toBe(1);
    const y = st.add(x, x);
    expectSameValues(y.data(), Float32Array.from(x.data(), (v) => v + v), "y");
    expect(warnings.some((w) => /simd-tensor: worker thread 1 .*ops now run on 1 thread/.test(w))).toBe(true);
    for (const t of [x, y]) t.dispose();
    return error;
  }

  it("a worker that throws", async () => {
    const error = await failingOp("throw");
    expect(error).toBeInstanceOf(st.WorkerThreadError);
    expect(String(error)).toMatch(/worker thread 1 failed in f32_binary: Error: injected fault/);
  });

  it("a worker whose kernel traps (a real out-of-bounds access in wasm)", async () => {
    const error = await failingOp("trap");
    expect(error).toBeInstanceOf(st.WorkerThreadError);
    expect(String(error)).toMatch(/worker thread 1 failed in f32_binary: RuntimeError: memory access out of bounds/);
  });

  it("a worker that exits mid-op", async () => {
    const error = await failingOp("exit");
    expect(error).toBeInstanceOf(st.WorkerThreadError);
    expect(String(error)).toMatch(/worker thread 1 exited while running f32_binary/);
  });

  it("a worker that stops answering: the wait times out", async () => {
    const previous = pool.setTimeoutFloor(300);
    try {
      // A hang would fail the test by its timeout; the wait gave up at the pool's deadline.
      const error = await failingOp("hang");
      expect(error).toBeInstanceOf(st.WorkerThreadError);
      expect(String(error)).toMatch(/worker thread 1 did not finish within \d+ ms/);
      expect(Number(/within (\d+) ms/.exec(String(error))![1])).toBeGreaterThanOrEqual(300);
    } finally {
      pool.setTimeoutFloor(previous);
    }
  });

  it("a worker killed between ops: the next op warns, runs on one thread and is right", async () => {
    warnings = [];
    await st.setThreads(2);
    const x = st.randomUniform([N], { seed: 4 });
    await pool.workerAt(1).terminate();
    const y = st.add(x, 1);
    expectSameValues(y.data(), Float32Array.from(x.data(), (v) => Math.fround(v + 1)), "y");
    expect(st.getThreads()).toBe(1);
    expect(warnings.some((w) => /worker thread 1 exited/.test(w))).toBe(true);
    // setThreads starts a fresh pool.
    expect(await st.setThreads(2)).toBe(2);
    const z = st.add(x, 1);
    expectSameValues(z.data(), y.data(), "z");
    for (const t of [x, y, z]) t.dispose();
  });

  it("a fault in a deferred add (engine/fusion.ts) surfaces where it runs, and the result is still right", async () => {
    warnings = [];
    await startFaultyWorkers(2);
    const x = st.randomUniform([N], { seed: 5 });
    const t = st.add(x, x); // deferred: waits for a possible relu
    injectFault(1, "throw");
    expect(() => t.data()).toThrow(st.WorkerThreadError);
    expect(st.getThreads()).toBe(1);
    expectSameValues(t.data(), Float32Array.from(x.data(), (v) => v + v), "the deferred add after the fault");
    for (const u of [x, t]) u.dispose();
  });
});

describe("a worker slow to wake", () => {
  it("loses its share to the calling thread, and the op is neither late nor wrong", async () => {
    await startFaultyWorkers(2);
    const x = st.randomUniform([N], { seed: 8, min: -1, max: 1 });
    const y = st.randomUniform([N], { seed: 9, min: -1, max: 1 });
    injectFault(1, "slow_wake"); // sleeps 200 ms before it tries to claim the task
    const here = vi.spyOn(activeProgram(), "runHere");
    const z = st.relu(st.add(x, y));
    // Not late: both shares ran on the calling thread (its own, and the one it took over).
    expect(here).toHaveBeenCalledTimes(2);
    here.mockRestore();
    expectSameValues(z.data(), reluAddRef(x, y), "z");
    expect(st.getThreads()).toBe(2); // not a fault: the pool stays
    // The worker, awake again, takes the next op's share as usual.
    await new Promise((r) => setTimeout(r, 250));
    const again = st.relu(st.add(x, y));
    expectSameValues(again.data(), z.data(), "again");
    for (const t of [x, y, z, again]) t.dispose();
    await st.setThreads(1);
  });
});

describe("withThreads", () => {
  it("caps the threads ops use for a synchronous stretch, and returns its result", async () => {
    await st.setThreads(2);
    const run = vi.spyOn(pool, "run");
    const x = st.randomUniform([N], { seed: 10 });
    const sum = st.withThreads(1, () => {
      expect(st.getThreads()).toBe(1);
      return st.tidy(() => st.add(x, x).sum().item());
    });
    expect(run.mock.calls.every(([shares]) => shares.length === 1)).toBe(true);
    expect(st.getThreads()).toBe(2);
    expect(st.withThreads(5, () => st.getThreads())).toBe(2); // never more than setThreads started
    expect(st.tidy(() => st.add(x, x).sum().item())).toBeCloseTo(sum, 0);
    expect(run.mock.calls.some(([shares]) => shares.length === 2)).toBe(true);
    run.mockRestore();
    expect(() => st.withThreads(0, () => 1)).toThrow(/withThreads: n must be a positive integer, got 0/);
    expect(() => st.withThreads(1, 2 as unknown as () => number)).toThrow(/withThreads: expected a function/);
    // The cap is lifted even when the body throws.
    expect(() => st.withThreads(1, () => { throw new Error("boom"); })).toThrow("boom");
    expect(st.getThreads()).toBe(2);
    x.dispose();
    await st.setThreads(1);
  });
});

describe("memory growth while workers exist", () => {
  it("workers see blocks allocated after they started, past every growth", async () => {
    await st.setThreads(2);
    const heapBefore = st.memory().heapBytes;
    const kept: st.Tensor[] = [];
    // Grow the heap several times on the calling thread, then run split ops on the newest blocks.
    while (st.memory().heapBytes < heapBefore + 256 * 2 ** 20) kept.push(st.zeros([8 * 2 ** 20]));
    expect(st.memory().heapBytes).toBeGreaterThan(heapBefore);
    // A size no earlier test freed, so the blocks come from the top of the grown heap.
    const M = 6 * tuning.elementwisePerThread + 5;
    const x = st.randomUniform([M], { seed: 5, min: -1, max: 1 });
    const y = st.randomUniform([M], { seed: 6, min: -1, max: 1 });
    const z = st.relu(st.add(x, y));
    expect(z.storage!.ptr).toBeGreaterThan(heapBefore);
    expectSameValues(z.data(), reluAddRef(x, y), "z");
    // The big zero blocks were filled by split fills too.
    expect(st.sum(kept[kept.length - 1]).item()).toBe(0);
    for (const t of [...kept, x, y, z]) t.dispose();
    await st.setThreads(1);
  });
});

describe("process exit", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "simd-tensor-threads-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a script that starts workers and never calls setThreads(1) still exits", () => {
    const script = join(dir, "exits.mts");
    writeFileSync(script, `
      import * as st from ${JSON.stringify(pathToFileURL(join(repoRoot, "src/index.ts")).href)};
      console.log("threads", await st.setThreads(2));
      const x = st.randomUniform([1 << 20], { seed: 1 });
      console.log("sum", st.sum(st.add(x, x)).item() > 0);
    `);
    // A script that hung on its workers would be killed by the timeout: status null, not 0.
    const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("threads 2\nsum true\n");
  });
});

describe("ops on one thread do not touch the pool", () => {
  it("small ops stay on the calling thread with workers running", async () => {
    await st.setThreads(2);
    const run = vi.spyOn(pool, "run");
    st.tidy(() => {
      const x = st.randomUniform([20, 100], { seed: 7 });
      st.relu(st.add(x, x));
      st.matmul(st.ones([8, 8]), st.ones([8, 8]));
      st.sum(x, 0);
    });
    // Split ops call pool.run with more than one share; tiny ones never do.
    expect(run.mock.calls.every(([shares]) => shares.length === 1)).toBe(true);
    run.mockRestore();
    await st.setThreads(1);
  });
});
