// The numpy-written fixtures of test/fixtures/npy/ (made by make.py there) and what numpy
// read from them (expected.json), with the comparisons the io tests share.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type * as st from "../../src/index.js";

export const FIXTURES = new URL("../fixtures/npy/", import.meta.url).pathname;

/** A value as expected.json writes it: a number, or "nan", "inf", "-inf". */
type JsonValue = number | "nan" | "inf" | "-inf";

export interface ArrayExpectation {
  dtype: st.DType;
  shape: number[];
  values: JsonValue[];
}

export interface FileExpectation extends Partial<ArrayExpectation> {
  /** The error class name a file that cannot load must throw, and parts of its message. */
  error?: string;
  contains?: string[];
  /** An archive's members. */
  members?: Record<string, ArrayExpectation>;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as { files: Record<string, FileExpectation> };

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export function npyFixtures(): [string, FileExpectation][] {
  return Object.entries(expected.files).filter(([name]) => name.endsWith(".npy"));
}

export function npzFixtures(): [string, FileExpectation][] {
  return Object.entries(expected.files).filter(([name]) => name.endsWith(".npz"));
}

/** A tensor's values as expected.json writes them (JSON has no NaN or infinities). */
export function valuesOf(t: st.Tensor): JsonValue[] {
  return Array.from(t.data(), (v) => (Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : v));
}

export function expectValues(t: st.Tensor, want: readonly JsonValue[], what: string): void {
  const got = valuesOf(t);
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    // JSON keeps no -0: compare -0 and 0 as equal here (the round trips compare bits).
    if (got[i] !== want[i]) expect.fail(`${what}: element ${i}: got ${got[i]}, numpy read ${want[i]}`);
  }
}

export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}
