// The build's staleness rule (scripts/build-steps.mjs): content decides, per output.
import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildSteps, hashInputs, isStale, kernelTargets, root } from "../../scripts/build-steps.mjs";

const scratch = `test/scripts/.hash-probe-${process.pid}.txt`;
afterEach(() => rmSync(join(root, scratch), { force: true }));

describe("build steps", () => {
  const steps = buildSteps();
  const kernels = steps.filter((s) => s.name.startsWith("kernels "));
  const typescript = steps.find((s) => s.name === "typescript")!;

  it("one kernel step per asconfig.json target, and one TypeScript step", () => {
    const targets = Object.keys(JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")).targets);
    expect(kernelTargets()).toEqual(targets);
    expect(kernels.map((s) => s.name)).toEqual(targets.map((t) => `kernels ${t}`));
    expect(typescript).toBeDefined();
  });

  it("kernels depend only on assembly/ and asconfig.json; the TypeScript never on assembly/", () => {
    for (const s of kernels) {
      expect(s.inputs.length).toBeGreaterThan(10);
      for (const f of s.inputs) expect(f === "asconfig.json" || f.startsWith("assembly/"), f).toBe(true);
    }
    expect(typescript.inputs).toContain("src/index.ts");
    for (const f of typescript.inputs) expect(f.startsWith("assembly/"), f).toBe(false);
  });

  it("each step keeps its hash beside its own output", () => {
    const stamps = steps.map((s) => s.stamp);
    expect(new Set(stamps).size).toBe(steps.length);
    for (const s of kernels) expect(s.stamp).toBe(`${s.outputs[0]}.inputs`);
  });

  it("--wat adds the text output to each kernel step only", () => {
    for (const s of buildSteps({ wat: true })) {
      const target = s.name.replace("kernels ", "");
      if (s.name.startsWith("kernels ")) expect(s.outputs).toContain(`build/${target}.wat`);
      else expect(s.outputs.some((o: string) => o.endsWith(".wat"))).toBe(false);
    }
  });
});

describe("hashInputs", () => {
  it("changes with a file's content or name, or the extra string, not with its timestamp", () => {
    writeFileSync(join(root, scratch), "one");
    const h = hashInputs([scratch], "x");
    utimesSync(join(root, scratch), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(hashInputs([scratch], "x")).toBe(h);
    expect(hashInputs([scratch], "y")).not.toBe(h);
    writeFileSync(join(root, scratch), "two");
    expect(hashInputs([scratch], "x")).not.toBe(h);
    expect(hashInputs([], "x")).not.toBe(hashInputs([], "y"));
  });
});

describe("isStale", () => {
  const step = (stamp: string, outputs: string[]) => ({ name: "probe", inputs: [scratch], extra: "", outputs, stamp, commands: [] });

  it("is stale without a stamp, with a different hash, or with an output missing; fresh otherwise", () => {
    writeFileSync(join(root, scratch), "content");
    const stamp = `${scratch}.inputs`;
    try {
      const s = step(stamp, [scratch]);
      expect(isStale(s)).toBe(true); // never built
      writeFileSync(join(root, stamp), `${hashInputs([scratch], "")}\n`);
      expect(isStale(s)).toBe(false);
      expect(isStale(step(stamp, [scratch, "no/such/output"]))).toBe(true);
      writeFileSync(join(root, scratch), "changed");
      expect(isStale(s)).toBe(true);
    } finally {
      rmSync(join(root, stamp), { force: true });
    }
  });
});
