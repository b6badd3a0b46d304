// The differential fuzzer (scripts/fuzz.ts) in-process: a few cases of every family (compare
// included) agree with the references, and a wrong reference (element-wise, comparison or
// logical) is caught, reported with its case seed, and reproduced from that seed alone.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { FAMILIES, caseSeedOf, parseArgs, rerunCommand, runFuzz, type ReferenceOverrides } from "../../scripts/fuzz.js";

describe("fuzz", () => {
  it.each(FAMILIES.map((f) => [f]))("%s: 50 cases of seed 1, no mismatch and no leak", (family) => {
    const lines: string[] = [];
    const before = st.memory().tensors;
    const report = runFuzz({ family, cases: 50, seed: 1, log: (l) => lines.push(l) });
    expect(report.mismatches, lines.join("\n")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.families).toHaveLength(1);
    expect(report.families[0]).toMatchObject({ family, cases: 50, mismatches: 0 });
    expect(st.memory().tensors).toBe(before);
    expect(lines.some((l) => l.startsWith(family) && l.includes("50 cases"))).toBe(true);
  });

  it("catches a wrong reference, names the case seed, and reruns that case from its seed", () => {
    const wrong: ReferenceOverrides = { add: (a, b) => a + b + 1 };
    const lines: string[] = [];
    const report = runFuzz({ family: "elementwise", cases: 300, seed: 1, references: wrong, log: (l) => lines.push(l) });
    expect(report.ok).toBe(false);
    expect(report.families[0].mismatches).toBeGreaterThan(0);
    expect(report.families[0].mismatches).toBe(report.families[0].byOp.add);
    const m = report.mismatches[0];
    expect(m.op).toBe("add");
    expect(m.rerun).toBe(`npm run fuzz -- --family elementwise --case-seed ${m.caseSeed}`);
    expect(m.report).toMatch(/values differ; first at flat index \d+.*expected .*, got /);
    const printed = lines.join("\n");
    expect(printed).toContain(`MISMATCH elementwise case-seed ${m.caseSeed} op add`);
    expect(printed).toContain(m.rerun);
    // The case seed alone reproduces the case; with the true reference it passes.
    const again = runFuzz({ family: "elementwise", caseSeed: m.caseSeed, references: wrong, log: () => {} });
    expect(again.mismatches.map((x) => x.report)).toEqual([m.report]);
    expect(runFuzz({ family: "elementwise", caseSeed: m.caseSeed, log: () => {} }).ok).toBe(true);
  });

  it("a wrong transcendental reference is caught too (the tolerance is not too loose)", () => {
    // exp off by one part in 10^5: about 80 float32 ulps.
    const report = runFuzz({ family: "elementwise", cases: 300, seed: 2, references: { exp: (x) => Math.exp(x) * (1 + 1e-5) }, log: () => {} });
    expect(report.families[0].byOp.exp ?? 0).toBeGreaterThan(0);
  });

  it("a wrong comparison or logical reference is caught in the compare family, and its case reruns from its seed", () => {
    // less as <=: the pool makes ties common, so equal operands expose it.
    const report = runFuzz({ family: "compare", cases: 200, seed: 1, references: { less: (a, b) => a <= b }, log: () => {} });
    expect(report.families[0].byOp.less ?? 0).toBeGreaterThan(0);
    expect(report.families[0].mismatches).toBe(report.families[0].byOp.less);
    const m = report.mismatches[0];
    expect(m.rerun).toBe(`npm run fuzz -- --family compare --case-seed ${m.caseSeed}`);
    expect(runFuzz({ family: "compare", caseSeed: m.caseSeed, log: () => {} }).ok).toBe(true);
    // NaN taken as false instead of true (numpy: bool(nan) is True).
    const truth = (x: number) => x !== 0 && !Number.isNaN(x);
    const nan = runFuzz({ family: "compare", cases: 1000, seed: 1, references: { logicalAnd: (a, b) => truth(a) && truth(b) }, log: () => {} });
    expect(nan.families[0].byOp.logicalAnd ?? 0).toBeGreaterThan(0);
  });

  it("bool neg and sub count as invalid cases that threw (a DTypeError), not as mismatches", () => {
    const report = runFuzz({ family: "elementwise", cases: 1000, seed: 1, log: () => {} });
    // neg has no other way to be invalid: these are bool operands.
    expect(report.families[0].invalidByOp.neg ?? 0).toBeGreaterThan(0);
    expect(report.families[0].invalidByOp.sub ?? 0).toBeGreaterThan(0);
    expect(report.mismatches.filter((m) => m.op === "sub" || m.op === "neg")).toEqual([]);
  });

  it("case seeds depend on the seed, the family and the index", () => {
    const seeds = new Set<number>();
    for (const family of FAMILIES) for (const seed of [1, 2]) for (let i = 0; i < 100; i++) seeds.add(caseSeedOf(seed, family, i));
    expect(seeds.size).toBe(FAMILIES.length * 2 * 100);
    expect(caseSeedOf(7, "reduce", 3)).toBe(caseSeedOf(7, "reduce", 3));
    expect(rerunCommand("join", 42)).toBe("npm run fuzz -- --family join --case-seed 42");
  });

  it("parses its command line", () => {
    expect(parseArgs(["--cases", "10", "--seed=3", "--family", "linalg"])).toEqual({ cases: 10, seed: 3, family: "linalg" });
    expect(parseArgs(["--family", "join", "--case-seed", "123"])).toEqual({ family: "join", caseSeed: 123 });
    expect(parseArgs(["--family", "compare"])).toEqual({ family: "compare" });
    expect(() => parseArgs(["--case-seed", "123"])).toThrow(/needs --family/);
    expect(() => parseArgs(["--family", "nope"])).toThrow(/unknown family/);
    expect(() => parseArgs(["--cases", "x"])).toThrow(/non-negative integer/);
  });
});
