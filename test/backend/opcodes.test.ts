// The op codes the kernels switch on are written twice, once per language: the
// AssemblyScript constants and the TypeScript tables must agree name by name.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BinaryOp, THEN_RELU, UnaryOp } from "../../src/backend/opcodes.js";
import type { KernelExports } from "../../src/backend/kernel-exports.js";
import { isBuildSupported, loadBuild } from "../../src/backend/wasm.js";

const root = new URL("../../", import.meta.url);

/** `export const NAME: i32 = N;` lines of an AssemblyScript file, in blank-line separated groups. */
function asGroups(path: string): Map<string, number>[] {
  const text = readFileSync(new URL(path, root), "utf8");
  const groups: Map<string, number>[] = [];
  let current: Map<string, number> | undefined;
  for (const line of text.split("\n")) {
    const m = /^export const ([A-Z_0-9]+)\s*:\s*i32\s*=\s*(-?\d+)\s*;/.exec(line.trim());
    if (m) {
      if (current === undefined) groups.push((current = new Map()));
      expect(current.has(m[1]), `${m[1]} declared twice`).toBe(false);
      current.set(m[1], Number(m[2]));
    } else if (line.trim() === "") {
      current = undefined;
    } else if (/\bconst\b/.test(line)) {
      throw new Error(`${path}: unparsed constant line: ${line}`);
    }
  }
  return groups;
}

function expectSameTable(table: Record<string, number>, group: Map<string, number> | undefined, what: string): void {
  expect(group, `${what}: no matching group of constants`).toBeDefined();
  const fromAs = Object.fromEntries([...group!].map(([k, v]) => [k.toLowerCase(), v]));
  expect(fromAs, what).toEqual(table);
  // Distinct codes within a table (the kernels switch on them).
  expect(new Set(Object.values(table)).size, `${what}: duplicate codes`).toBe(Object.keys(table).length);
}

describe("element-wise op codes", () => {
  const groups = asGroups("assembly/elementwise/opcodes.ts");
  const find = (names: string[]) => groups.find((g) => names.every((n) => g.has(n.toUpperCase())));

  it("the AssemblyScript file has exactly the binary, unary and fused-relu groups", () => {
    expect(groups).toHaveLength(3);
  });

  it("the fused-relu flag agrees, and sits above every binary op code", () => {
    expect(groups.find((g) => g.has("THEN_RELU"))?.get("THEN_RELU")).toBe(THEN_RELU);
    for (const code of Object.values(BinaryOp)) expect(code & THEN_RELU, `op code ${code} overlaps the flag`).toBe(0);
  });

  it("binary op codes agree with src/backend/opcodes.ts", () => {
    expectSameTable(BinaryOp, find(Object.keys(BinaryOp)), "BinaryOp");
  });

  it("unary op codes agree with src/backend/opcodes.ts", () => {
    expectSameTable(UnaryOp, find(Object.keys(UnaryOp)), "UnaryOp");
  });

  it("every op the library exports has a code", async () => {
    const st = await import("../../src/index.js");
    for (const name of [...Object.keys(BinaryOp), ...Object.keys(UnaryOp)]) {
      expect(typeof (st as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

describe("a kernel given an op code it has no case for traps (never computes another op)", () => {
  // Each switch ends in `default: unreachable()`, and a float-only op (exp, div, pow, ...)
  // on the int32 kernels traps too: a new code without its case cannot silently run the
  // previous last case. The trap comes before any memory is touched, so null pointers do.
  const UNKNOWN = 99;
  const builds = (["scalar", "simd", "relaxed"] as const).filter((b) => isBuildSupported(b));
  const families = (e: KernelExports): [string, (op: number) => void][] =>
    (["f32", "f64", "i32"] as const).flatMap((dt) => [
      [`${dt}_binary`, (op: number) => e[`${dt}_binary`](op, 0, 0, 0, 4)],
      [`${dt}_binary_scalar`, (op: number) => e[`${dt}_binary_scalar`](op, 0, 1, 0, 4, 0)],
      [`${dt}_binary_strided`, (op: number) => e[`${dt}_binary_strided`](op, 0)],
      [`${dt}_unary`, (op: number) => e[`${dt}_unary`](op, 0, 0, 4)],
      [`${dt}_unary_strided`, (op: number) => e[`${dt}_unary_strided`](op, 0)],
      [`${dt}_reduce`, (op: number) => e[`${dt}_reduce`](op, 0, 1, 0)],
      [`${dt}_argreduce`, (op: number) => e[`${dt}_argreduce`](op, 0, 0, 1, 1, 0, 0)],
    ] as [string, (op: number) => void][]);

  it.each(builds)("%s build: an unknown code, in every family and dtype", (build) => {
    const exports = loadBuild(build);
    const names = families(exports).map(([name]) => name);
    expect(names.length).toBe(21);
    for (const [name, call] of families(exports)) {
      expect(() => call(UNKNOWN), name).toThrow(/unreachable/);
    }
  });

  it.each(builds)("%s build: a float-only op on the int32 kernels", (build) => {
    const e = loadBuild(build);
    for (const op of ["div", "pow"] as const) {
      expect(() => e.i32_binary(BinaryOp[op], 0, 0, 0, 4), op).toThrow(/unreachable/);
      expect(() => e.i32_binary_scalar(BinaryOp[op], 0, 1, 0, 4, 0), op).toThrow(/unreachable/);
      expect(() => e.i32_binary_strided(BinaryOp[op], 0), op).toThrow(/unreachable/);
    }
    expect(() => e.i32_binary(BinaryOp.div | THEN_RELU, 0, 0, 0, 4)).toThrow(/unreachable/);
    for (const op of ["sqrt", "exp", "log", "tanh", "sigmoid"] as const) {
      expect(() => e.i32_unary(UnaryOp[op], 0, 0, 4), op).toThrow(/unreachable/);
      expect(() => e.i32_unary_strided(UnaryOp[op], 0), op).toThrow(/unreachable/);
    }
  });
});
