import { describe, expect, it } from "vitest";
import { parseArgs, parseSize, UsageError, type BenchOptions } from "../../bench/args.js";

const bench = (...argv: string[]) => parseArgs(["bench", ...argv]) as BenchOptions;

describe("simd-tensor argument parsing", () => {
  it("runs the default suite with no options", () => {
    expect(bench()).toEqual({ command: "bench", filters: [], quick: false, json: false, markdown: false, list: false });
  });

  it("reads every flag and option, in both --opt value and --opt=value forms", () => {
    const o = bench("--quick", "--json", "--filter", "seed", "--filter=relu,Max", "--sizes", "1e6,16M", "--svg=out.svg", "--vs", "tfjs", "--max-time", "0.5", "--rounds=4");
    expect(o).toMatchObject({
      quick: true,
      json: true,
      filters: ["seed", "relu", "max"],
      sizes: [1e6, 16e6],
      svg: "out.svg",
      vs: "tfjs",
      maxTime: 0.5,
      rounds: 4,
    });
    expect(bench("--markdown", "--list")).toMatchObject({ markdown: true, list: true });
  });

  it("reads --threads as a whole number of threads, 0 meaning one per core", () => {
    expect(bench("--threads", "2").threads).toBe(2);
    expect(bench("--threads=0").threads).toBe(0);
    expect(bench("--quick", "--threads", "4", "--json")).toMatchObject({ quick: true, threads: 4, json: true });
    expect(bench().threads).toBeUndefined();
  });

  it("reads sizes as positive whole numbers, with exponents, underscores and k/M/G suffixes", () => {
    expect(["1000", "1e6", "1.6e7", "1_000_000", "4k", "16M", "1G"].map(parseSize)).toEqual([1000, 1e6, 1.6e7, 1e6, 4000, 16e6, 1e9]);
    for (const bad of ["0", "-5", "1.5", "abc", "", "1e", "12x"]) expect(() => parseSize(bad), bad).toThrow(UsageError);
  });

  it("gives help and version without a bench run", () => {
    expect(parseArgs([])).toEqual({ command: "help" });
    expect(parseArgs(["--help"])).toEqual({ command: "help" });
    expect(parseArgs(["bench", "--quick", "-h"])).toEqual({ command: "help" });
    expect(parseArgs(["--version"])).toEqual({ command: "version" });
  });

  it.each([
    [["bench", "--bogus"], /unknown option --bogus/],
    [["bench", "stray"], /unexpected argument "stray"/],
    [["bench", "--filter"], /--filter needs a value/],
    [["bench", "--filter", "--json"], /--filter needs a value/],
    [["bench", "--sizes", "big"], /--sizes: "big" is not a positive whole number/],
    [["bench", "--vs", "numpy"], /--vs: unknown competitor "numpy"/],
    [["bench", "--max-time", "0"], /--max-time: expected a positive number/],
    [["bench", "--rounds", "1.5"], /--rounds: expected a positive whole number/],
    [["bench", "--threads"], /--threads needs a value/],
    [["bench", "--threads", "--quick"], /--threads needs a value/],
    [["bench", "--threads", "-1"], /--threads: expected a whole number of threads \(0 = one per core\), got "-1"/],
    [["bench", "--threads", "1.5"], /--threads: expected a whole number/],
    [["bench", "--threads=two"], /--threads: expected a whole number/],
    [["bench", "--threads", "2e0"], /--threads: expected a whole number/],
    [["bench", "--json", "--markdown"], /exclusive/],
    [["bench", "--quick=yes"], /--quick takes no value/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["--quick"], /expected a command before --quick/],
  ])("rejects %j with a clear message", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
