// The bench command run in-process with cases made here and captured output. The timing
// runs (briefly: --max-time 0.01 --rounds 1) but no test looks at how fast anything is.
import * as st from "simd-tensor";
import { afterAll, describe, expect, it } from "vitest";
import type { CaseDefinition, Variant } from "../../bench/case.js";
import { EXIT_CASE_FAILED, EXIT_OK, EXIT_USAGE, main, type Io } from "../../bench/command.js";

interface Captured extends Io {
  out: string;
  err: string;
  files: Map<string, string>;
}

function capture(): Captured {
  const io: Captured = {
    out: "",
    err: "",
    files: new Map(),
    stdout: (text) => void (io.out += text),
    stderr: { write: (text) => void (io.err += text), isTTY: false },
    writeFile: (path, text) => void io.files.set(path, text),
  };
  return io;
}

const FAST = ["--quick", "--max-time", "0.01", "--rounds", "1"];

/** relu(x + y) on a small tensor; `wrong` makes the library variant compute x + x instead. */
function reluAddCase(name: string, options: { wrong?: boolean; chatty?: boolean } = {}) {
  const calls = { naive: 0, wasm: 0 };
  const def: CaseDefinition = {
    name,
    family: "test",
    title: "relu(x + y), small",
    prepare() {
      const x = st.randomUniform([8, 33], { min: -1, max: 1, seed: 11 });
      const y = st.randomUniform([8, 33], { min: -1, max: 1, seed: 12 });
      const naive: Variant = {
        output: () => st.tidy(() => st.naive.relu(st.naive.add(x, y)).data()),
        run: () => {
          calls.naive++;
          st.tidy(() => void st.naive.relu(st.naive.add(x, y)));
        },
      };
      const wasm: Variant = {
        output: () => st.tidy(() => (options.wrong ? st.relu(st.add(x, x)) : st.relu(st.add(x, y))).data()),
        run: () => {
          calls.wasm++;
          if (options.chatty) console.log("a stray console.log from a case");
          st.tidy(() => void st.relu(st.add(x, y)));
        },
      };
      return {
        shape: "(8,33)+(8,33)",
        bytes: 8 * 33 * 20,
        tolerance: { rtol: 1e-6, atol: 0 },
        naive,
        wasm,
        dispose: () => {
          x.dispose();
          y.dispose();
        },
      };
    },
  };
  return { def, calls };
}

describe("simd-tensor bench (in-process)", () => {
  it("reports a variant that disagrees as an error for that case, times nothing of it, and exits 1", async () => {
    const bad = reluAddCase("bad-case", { wrong: true });
    const good = reluAddCase("good-case");
    const io = capture();
    const code = await main(["bench", ...FAST, "--json"], io, [bad.def, good.def]);
    expect(code).toBe(EXIT_CASE_FAILED);
    const report = JSON.parse(io.out);
    const [badResult, goodResult] = report.results;
    expect(badResult.name).toBe("bad-case");
    expect(badResult.error).toMatch(/scalar wasm disagrees with naive JS/);
    expect(badResult.error).toMatch(/SIMD wasm disagrees with naive JS/);
    expect([badResult.naive, badResult.scalar, badResult.simd, badResult.speedup]).toEqual([null, null, null, null]);
    expect(bad.calls).toEqual({ naive: 0, wasm: 0 }); // checked before timing: never timed
    expect(goodResult.error).toBeUndefined();
    expect(goodResult.simd.medianMs).toBeGreaterThan(0);
    expect(io.err).toMatch(/bad-case .*disagrees/);
  });

  it("prints only JSON on stdout with --json, in the documented shape, speedup = naive / SIMD", async () => {
    const io = capture();
    const code = await main(["bench", ...FAST, "--json"], io, [reluAddCase("json-case", { chatty: true }).def]);
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(io.out); // throws if anything else reached stdout
    expect(Object.keys(report)).toEqual(["environment", "results"]);
    expect(report.environment).toMatchObject({ node: process.version, v8: process.versions.v8, mode: "quick", threads: 1 });
    expect(report.environment.cores).toBeGreaterThan(0);
    expect(report.environment.builds.available).toEqual(expect.arrayContaining(["scalar", "simd"]));
    expect(report.results).toHaveLength(1);
    const r = report.results[0];
    expect(r).toMatchObject({ name: "json-case", shape: "(8,33)+(8,33)" });
    for (const column of ["naive", "scalar", "simd"]) {
      expect(r[column]).toEqual({ medianMs: expect.any(Number), rme: expect.any(Number), minMs: expect.any(Number), maxMs: expect.any(Number), samples: expect.any(Number) });
    }
    expect(r.speedup).toBe(r.naive.medianMs / r.simd.medianMs);
    expect(r.speedupOverScalar).toBe(r.scalar.medianMs / r.simd.medianMs);
    expect(r.gbps).toBeCloseTo((8 * 33 * 20) / (r.simd.medianMs / 1e3) / 1e9, 9);
    expect(r.check).toMatchObject({ reference: "naive JS", rtol: 1e-6, atol: 0, maxAbsError: 0 });
    expect(io.err).toContain("a stray console.log from a case"); // redirected off stdout
    expect(io.err).toMatch(/\[1\/1\] json-case/); // progress on stderr
  });

  it("prints the environment, the notebook's Took lines and a table, and writes an SVG chart", async () => {
    const def = { ...reluAddCase("table-case").def, notebook: { naive: "naive loop", library: "library loop" } };
    const io = capture();
    expect(await main(["bench", ...FAST, "--svg", "chart.svg"], io, [def])).toBe(EXIT_OK);
    expect(io.out).toMatch(/^simd-tensor .* bench \(quick\)/);
    expect(io.out).toContain(`Node ${process.version}`);
    expect(io.out).toMatch(/naive loop\s+naive JS\s+Took: \d+\.\d\d s/);
    expect(io.out).toMatch(/library loop\s+SIMD wasm\s+Took: \d+\.\d\d s/);
    expect(io.out).toMatch(/case\s+shape\s+naive JS\s+scalar wasm\s+SIMD wasm\s+speed-up\s+vs scalar\s+GB\/s/);
    expect(io.out).toMatch(/table-case\s+\(8,33\)\+\(8,33\)/);
    const svg = io.files.get("chart.svg");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("table-case");
    expect(svg).not.toMatch(/<script|href=/);
  });

  it("prints a markdown table with --markdown", async () => {
    const io = capture();
    expect(await main(["bench", ...FAST, "--markdown"], io, [reluAddCase("md-case").def])).toBe(EXIT_OK);
    expect(io.out).toMatch(/^\*\*simd-tensor /);
    expect(io.out).toContain("| case | shape | naive JS | scalar wasm | SIMD wasm | speed-up | vs scalar | GB/s |");
    expect(io.out).toMatch(/\| md-case \| \(8,33\)\+\(8,33\) \|/);
  });

  it("exits 2 on bad usage, with the reason on stderr and nothing on stdout", async () => {
    for (const argv of [["bench", "--nope"], ["bench", "--filter", "no-such-case"], ["bench", "--sizes", "1e12"]]) {
      const io = capture();
      expect(await main(argv, io), argv.join(" ")).toBe(EXIT_USAGE);
      expect(io.out).toBe("");
      expect(io.err).toMatch(/^simd-tensor: /);
    }
  });

  it("--list names every registered case; --filter picks by name", async () => {
    const io = capture();
    expect(await main(["bench", "--list"], io)).toBe(EXIT_OK);
    for (const name of ["seed", "relu-add", "broadcast-add", "maximum-4d"]) expect(io.out).toContain(name);
    const one = capture();
    expect(await main(["bench", ...FAST, "--json", "--filter", "two"], one, [reluAddCase("case-one").def, reluAddCase("case-two").def])).toBe(EXIT_OK);
    expect(JSON.parse(one.out).results.map((r: { name: string }) => r.name)).toEqual(["case-two"]);
  });
});

/**
 * relu(x + y) on (512,512): large enough that the library splits it over two threads.
 * Records the kernel build and thread limit each timed call saw; `wrongOnThreads` makes
 * the result wrong whenever more than one thread is allowed.
 */
function threadsCase(name: string, options: { wrongOnThreads?: boolean } = {}) {
  const seen = new Set<string>();
  const def: CaseDefinition = {
    name,
    family: "test",
    title: "relu(x + y), split over threads",
    prepare() {
      const x = st.randomUniform([512, 512], { min: -1, max: 1, seed: 13 });
      const y = st.randomUniform([512, 512], { min: -1, max: 1, seed: 14 });
      const library = () => (options.wrongOnThreads && st.getThreads() > 1 ? st.relu(st.add(x, x)) : st.relu(st.add(x, y)));
      return {
        shape: "(512,512)+(512,512)",
        bytes: 512 * 512 * 20,
        flops: 512 * 512 * 2,
        tolerance: { rtol: 1e-6, atol: 0 },
        naive: {
          output: () => st.tidy(() => st.naive.relu(st.naive.add(x, y)).data()),
          run: () => st.tidy(() => void st.naive.relu(st.naive.add(x, y))),
        },
        wasm: {
          output: () => st.tidy(() => library().data()),
          run: () => {
            seen.add(`${st.backendInfo().build}@${st.getThreads()}`);
            st.tidy(() => void library());
          },
        },
        dispose: () => {
          x.dispose();
          y.dispose();
        },
      };
    },
  };
  return { def, seen };
}

describe("simd-tensor bench --threads", () => {
  afterAll(async () => {
    await st.setThreads(1); // in case a failed assertion left workers behind
  });

  it("adds the SIMD build on N threads, timed next to the one-thread columns, and stops the workers after", async () => {
    const { def, seen } = threadsCase("threads-case");
    const io = capture();
    expect(await main(["bench", ...FAST, "--json", "--threads", "2"], io, [def])).toBe(EXIT_OK);
    expect(st.getThreads()).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.environment.threads).toBe(2);
    const [r] = report.results;
    expect(r.error).toBeUndefined();
    expect(r.threaded).toEqual({ medianMs: expect.any(Number), rme: expect.any(Number), minMs: expect.any(Number), maxMs: expect.any(Number), samples: expect.any(Number) });
    expect(r.threaded.medianMs).toBeGreaterThan(0);
    expect(r.speedupOverOneThread).toBeGreaterThan(0);
    expect(r.speedupOverOneThread).toBe(r.simd.medianMs / r.threaded.medianMs);
    expect(r.threadedGbps).toBeCloseTo((512 * 512 * 20) / (r.threaded.medianMs / 1e3) / 1e9, 9);
    expect(r.threadedGflops).toBeGreaterThan(0);
    expect(r.speedup).toBe(r.naive.medianMs / r.simd.medianMs); // still naive ÷ one-thread SIMD
    // The scalar and SIMD columns ran on one thread, the threaded column on two.
    expect([...seen].sort()).toEqual(["scalar@1", "simd@1", "simd@2"]);
  });

  it("shows the threaded column, vs 1 thread and the threaded rates in the table and in markdown", async () => {
    const table = capture();
    expect(await main(["bench", ...FAST, "--threads", "2"], table, [threadsCase("table-threads").def])).toBe(EXIT_OK);
    expect(table.out).toMatch(/SIMD wasm\s+SIMD ×2 threads\s+speed-up\s+vs scalar\s+vs 1 thread\s+GB\/s\s+GB\/s ×2\s+GFLOP\/s\s+GFLOP\/s ×2/);
    expect(table.out).toMatch(/table-threads\s+\(512,512\)\+\(512,512\)(\s+\S+ [mµn]?s ±\S+){4}\s+[\d.]+×\s+[\d.]+×\s+[\d.]+×/);
    expect(table.out).toContain("1 thread, 2 in the ×2 column");
    expect(table.out).toContain("vs 1 thread = SIMD wasm ÷ SIMD ×2 threads");
    const md = capture();
    expect(await main(["bench", ...FAST, "--markdown", "--threads", "2"], md, [threadsCase("md-threads").def])).toBe(EXIT_OK);
    expect(md.out).toContain("| SIMD wasm | SIMD ×2 threads | speed-up | vs scalar | vs 1 thread | GB/s | GB/s ×2 | GFLOP/s | GFLOP/s ×2 |");
    expect(st.getThreads()).toBe(1);
  });

  it("holds the threaded result to the reference like every other column, and stops the workers when a case fails", async () => {
    const wrong = threadsCase("wrong-on-threads", { wrongOnThreads: true });
    const throwing: CaseDefinition = {
      name: "throws",
      family: "test",
      title: "prepare throws",
      prepare: () => {
        throw new Error("no inputs today");
      },
    };
    const io = capture();
    expect(await main(["bench", ...FAST, "--json", "--threads", "2"], io, [wrong.def, throwing])).toBe(EXIT_CASE_FAILED);
    expect(st.getThreads()).toBe(1);
    const [bad, threw] = JSON.parse(io.out).results;
    expect(bad.error).toMatch(/SIMD ×2 threads disagrees with naive JS/);
    expect(bad.error).not.toMatch(/SIMD wasm disagrees/);
    expect([bad.threaded, bad.speedupOverOneThread]).toEqual([null, null]);
    expect(wrong.seen.size).toBe(0); // never timed
    expect(threw.error).toMatch(/no inputs today/);
  });

  it("runs a registered case (relu-add) on two threads through the command path", async () => {
    const io = capture();
    expect(await main(["bench", ...FAST, "--json", "--threads", "2", "--filter", "relu-add", "--sizes", "262144"], io)).toBe(EXIT_OK);
    expect(st.getThreads()).toBe(1);
    const [r] = JSON.parse(io.out).results;
    expect(r).toMatchObject({ name: "relu-add", shape: "(512,512)+(512,512)" });
    expect(r.threaded.medianMs).toBeGreaterThan(0);
    expect(r.speedupOverOneThread).toBeGreaterThan(0);
    expect(r.threadedGbps).toBeGreaterThan(0);
  });

  it("--quick --threads adds the sizes where threads pay off; without --threads there is no threaded column", async () => {
    const list = capture();
    expect(await main(["bench", "--list"], list)).toBe(EXIT_OK);
    expect(list.out).toMatch(/relu-add[\s\S]*--quick --threads adds 16000000/);
    expect(list.out).toMatch(/matmul[\s\S]*--quick --threads adds 1024/);
    const plain = capture();
    expect(await main(["bench", ...FAST, "--json"], plain, [threadsCase("no-threads").def])).toBe(EXIT_OK);
    const report = JSON.parse(plain.out);
    expect(report.environment.threads).toBe(1);
    expect(report.results[0]).not.toHaveProperty("threaded");
    expect(report.results[0]).not.toHaveProperty("speedupOverOneThread");
  });

  it("exits 2 when the library refuses the thread count", async () => {
    const io = capture();
    expect(await main(["bench", "--threads", "100000", "--filter", "seed"], io)).toBe(EXIT_USAGE);
    expect(io.out).toBe("");
    expect(io.err).toMatch(/^simd-tensor: --threads 100000: .*at most \d+ threads/);
    expect(st.getThreads()).toBe(1);
  });
});
