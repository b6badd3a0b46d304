// The kernels compiled against an unshared memory (a browser page without cross-origin
// isolation): the patched build compiles, refuses a shared memory, and computes what the
// shared build computes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unshareMemoryImport } from "../../src/platform/wasm-binary.js";

const wasm = (name: string) => new Uint8Array(readFileSync(new URL(`../../build/${name}.wasm`, import.meta.url)));

describe("unshareMemoryImport", () => {
  it.each(["scalar", "simd"])("the %s build then imports an unshared memory and runs on it", (name) => {
    const bytes = wasm(name);
    const patched = unshareMemoryImport(bytes);
    expect(patched.length).toBe(bytes.length);
    expect(bytes.filter((b, i) => patched[i] !== b).length).toBe(1); // one flag byte
    const module = new WebAssembly.Module(patched);
    const shared = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    expect(() => new WebAssembly.Instance(module, { env: { memory: shared } })).toThrow();
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
    const e = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => number>;
    expect(typeof e.fill32).toBe("function");
    e.fill32(300_000, 7, 1000); // grows nothing; writes 1000 words
    memory.grow(1); // an unshared memory replaces its buffer: read the new one
    expect(Array.from(new Int32Array(memory.buffer, 300_000, 1000)).every((v) => v === 7)).toBe(true);
    // The original still wants a shared memory.
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })).toThrow();
  });
});
