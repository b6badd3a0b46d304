// The element-wise op codes come from the manifest (src/manifest.ts; the AssemblyScript
// constants are generated from it, test/manifest.test.ts checks they are current), and
// every kernel traps on a code it has no case for.
import { describe, expect, it } from "vitest";
import { ELEMENTWISE, THEN_RELU, opsOfArity } from "../../src/manifest.js";
import type { KernelExports } from "../../src/backend/kernel-exports.js";
import { isBuildSupported, loadBuild } from "../../src/backend/wasm.js";

describe("element-wise op codes", () => {
  it.each([1, 2] as const)("are distinct among the ops of arity %i, within the dispatch's 32-code mask; binary codes below the fused-relu flag", (arity) => {
    const codes = opsOfArity(arity).map((op) => ELEMENTWISE[op].code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code >= 0 && code < 32, `op code ${code}`).toBe(true);
    // Only binary codes take the flag (relu fuses into binary ops), so only they must leave its bit free.
    if (arity === 2) for (const code of codes) expect(code & THEN_RELU, `op code ${code} overlaps the flag`).toBe(0);
  });
});

describe("a kernel given an op code it has no case for traps (never computes another op)", () => {
  // Each switch traps on a code it has no case for (checked before the switch), and a float-only op (exp, div, pow, ...)
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
      [`${dt}_compare`, (op: number) => e[`${dt}_compare`](op, 0, 0, 0, 4)],
      [`${dt}_compare_scalar`, (op: number) => e[`${dt}_compare_scalar`](op, 0, 1, 0, 4)],
      [`${dt}_compare_strided`, (op: number) => e[`${dt}_compare_strided`](op, 0)],
    ] as [string, (op: number) => void][]).concat([
      ["bool_logical", (op: number) => e.bool_logical(op, 0, 0, 0, 4)],
      ["bool_logical_strided", (op: number) => e.bool_logical_strided(op, 0)],
      ["f32_test", (op: number) => e.f32_test(op, 0, 0, 4)],
      ["f64_test", (op: number) => e.f64_test(op, 0, 0, 4)],
    ]);

  it.each(builds)("%s build: an unknown code, in every family and dtype", (build) => {
    const exports = loadBuild(build);
    const names = families(exports).map(([name]) => name);
    expect(names.length).toBe(34);
    for (const [name, call] of families(exports)) {
      expect(() => call(UNKNOWN), name).toThrow(/unreachable/);
      expect(() => call(-1), `${name}, a negative code`).toThrow(/unreachable/);
    }
  });

  it.each(builds)("%s build: a float-only op on the int32 kernels", (build) => {
    const e = loadBuild(build);
    for (const op of ["div", "pow"] as const) {
      expect(() => e.i32_binary(ELEMENTWISE[op].code, 0, 0, 0, 4), op).toThrow(/unreachable/);
      expect(() => e.i32_binary_scalar(ELEMENTWISE[op].code, 0, 1, 0, 4, 0), op).toThrow(/unreachable/);
      expect(() => e.i32_binary_strided(ELEMENTWISE[op].code, 0), op).toThrow(/unreachable/);
    }
    expect(() => e.i32_binary(ELEMENTWISE.div.code | THEN_RELU, 0, 0, 0, 4)).toThrow(/unreachable/);
    for (const op of ["sqrt", "exp", "log", "tanh", "sigmoid"] as const) {
      expect(() => e.i32_unary(ELEMENTWISE[op].code, 0, 0, 4), op).toThrow(/unreachable/);
      expect(() => e.i32_unary_strided(ELEMENTWISE[op].code, 0), op).toThrow(/unreachable/);
    }
  });
});
