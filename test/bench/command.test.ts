// The bench command run in-process with cases made here and captured output. The timing
// runs (briefly: --max-time 0.01 --rounds 1) but no test looks at how fast anything is.
import * as st from "simd-tensor";
import { describe, expect, it } from "vitest";
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
