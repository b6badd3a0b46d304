// The compiled `simd-tensor` binary (package.json "bin"), spawned as a user would run it:
// exit codes, stdout/stderr separation, and the JSON of one real case. No speed is asserted.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
const cli = join(root, pkg.bin["simd-tensor"]);

/** Rebuilds dist/bench when a bench source is newer than the compiled CLI (npm test only rebuilds src). */
function ensureCompiled(): void {
  const sources = readdirSync(join(root, "bench"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  const newest = Math.max(...sources.map((f) => statSync(join(root, "bench", f)).mtimeMs));
  if (!existsSync(cli) || statSync(cli).mtimeMs < newest) {
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.bench.json")], { stdio: "inherit" });
  }
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the simd-tensor binary", () => {
  beforeAll(ensureCompiled, 120_000);

  it("is the package's bin and starts with a node shebang", () => {
    expect(pkg.bin["simd-tensor"]).toBe("./dist/bench/cli.js");
    expect(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("explains itself with --help and exits 0", () => {
    for (const args of [["--help"], ["bench", "--help"], []]) {
      const r = run(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("usage: simd-tensor bench [options]");
      for (const option of ["--quick", "--filter", "--sizes", "--json", "--markdown", "--svg", "--vs tfjs", "--threads"]) expect(r.stdout).toContain(option);
    }
    expect(run("--version").stdout.trim()).toBe(pkg.version);
  });

  it("exits 2 with a clear message for an unknown option, an unknown command and an empty filter", () => {
    const bogus = run("bench", "--bogus");
    expect(bogus.code).toBe(2);
    expect(bogus.stdout).toBe("");
    expect(bogus.stderr).toContain("simd-tensor: unknown option --bogus");
    expect(run("benhc").code).toBe(2);
    const none = run("bench", "--filter", "no-such-case");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no case matches --filter no-such-case \(cases: seed, relu-add, relu-chain, broadcast-add, maximum-4d/);
  });

  it("runs one real case with --quick --json: valid JSON alone on stdout, progress on stderr, exit 0", () => {
    const r = run("bench", "--quick", "--filter", "maximum-4d", "--json", "--max-time", "0.02", "--rounds", "1");
    expect(r.stderr).toMatch(/\[1\/1\] maximum-4d/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.environment.simdTensor).toBe(pkg.version);
    expect(report.results).toHaveLength(1);
    const [result] = report.results;
    expect(result).toMatchObject({ name: "maximum-4d", shape: "(64,3,32,10)+(32,10)", notes: [] });
    expect(result.error).toBeUndefined();
    expect(result.speedup).toBe(result.naive.medianMs / result.simd.medianMs);
    expect(result.check).toMatchObject({ reference: "naive JS", maxAbsError: 0 });
  });

  it("runs one real case with --threads 2: a threaded column and its speed-up, and the process exits once done", () => {
    const r = run("bench", "--quick", "--filter", "maximum-4d", "--json", "--max-time", "0.02", "--rounds", "1", "--threads", "2");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.environment.threads).toBe(2);
    const [result] = report.results;
    expect(result.error).toBeUndefined();
    expect(result.threaded.medianMs).toBeGreaterThan(0);
    expect(result.speedupOverOneThread).toBe(result.simd.medianMs / result.threaded.medianMs);
  });
});
