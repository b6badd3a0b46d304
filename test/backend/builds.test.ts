// The kernel builds: feature detection, switching, and the one shared memory.
import { readdirSync, readFileSync } from "node:fs";
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { KERNEL_NAMES } from "../../src/backend/kernel-exports.js";

const buildDir = new URL("../../build/", import.meta.url);
const BUILDS = ["scalar", "simd", "relaxed"] as const;

describe("backendInfo", () => {
  it("reports the build in use, the default, the builds on offer and the heap", () => {
    const info = st.backendInfo();
    expect(BUILDS).toContain(info.build);
    expect(info.available).toContain(info.defaultBuild);
    expect(info.available).toContain("scalar");
    expect(info.simd).toBe(WebAssembly.validate(new Uint8Array(readFileSync(new URL("simd.wasm", buildDir)))));
    expect(info.available.includes("relaxed")).toBe(info.relaxedSimd);
    // The default is the fastest build the runtime validates.
    expect(info.defaultBuild).toBe(info.relaxedSimd ? "relaxed" : info.simd ? "simd" : "scalar");
    expect(info.sharedMemory).toBe(true);
    expect(info.heapBytes).toBe(st.memory().heapBytes);
  });
});

describe("setBackend", () => {
  it("switches every following op; live tensors made under one build are used under another", () => {
    const x = st.randomUniform([7, 33], { seed: 3, min: -1 });
    const y = st.randomUniform([33], { seed: 4, min: -1 });
    const results: Float32Array[] = [];
    try {
      for (const b of st.backendInfo().available) {
        st.setBackend(b);
        expect(st.backendInfo().build).toBe(b);
        const r = st.tidy(() => st.relu(st.sub(st.transpose(x).transpose(), st.mul(y, 0.5))));
        results.push(r.data() as Float32Array);
        r.dispose();
      }
    } finally {
      st.setBackend(st.backendInfo().defaultBuild);
    }
    for (const r of results) expect(Array.from(r)).toEqual(Array.from(results[0]));
    x.dispose();
    y.dispose();
  });

  it("rejects an unknown build name with an InvalidArgumentError, leaving the build unchanged", () => {
    const before = st.backendInfo().build;
    expect(() => st.setBackend("gpu" as st.BuildName)).toThrow(st.InvalidArgumentError);
    expect(() => st.setBackend("gpu" as st.BuildName)).toThrow(/gpu/);
    expect(st.backendInfo().build).toBe(before);
  });

  it("refuses a build the runtime cannot run, with a SimdTensorError, leaving the build unchanged", () => {
    const info = st.backendInfo();
    for (const b of BUILDS) {
      if (info.available.includes(b)) continue;
      expect(() => st.setBackend(b)).toThrow(st.SimdTensorError);
      expect(() => st.setBackend(b)).toThrow(new RegExp(b));
      expect(st.backendInfo().build).toBe(info.build);
    }
  });
});

describe("the wasm builds", () => {
  // The text format, disassembled here rather than read from a .wat the build no longer
  // writes by default (`npm run build -- --wat` does).
  const texts = new Map<string, string>();
  const text = (b: string): string => {
    let t = texts.get(b);
    if (t === undefined) {
      const module = binaryen.readBinaryWithFeatures(readFileSync(new URL(`${b}.wasm`, buildDir)), binaryen.Features.All);
      t = module.emitText();
      module.dispose();
      texts.set(b, t);
    }
    return t;
  };

  it.each(BUILDS)("%s exports exactly the kernels of KERNEL_NAMES (the TypeScript interface is checked against that list when it compiles)", (b) => {
    // Besides the kernels, AssemblyScript re-exports the imported heap as "memory".
    const exported = [...text(b).matchAll(/\(export "([^"]+)"/g)].map((m) => m[1]).filter((name) => name !== "memory").sort();
    expect(exported).toEqual([...KERNEL_NAMES].sort());
  });

  it("there is a .wasm for each of the three builds", () => {
    for (const b of BUILDS) expect(readdirSync(buildDir)).toContain(`${b}.wasm`);
  });

  it.each(BUILDS)("%s has no data segments (every build is instantiated over the one shared memory at any time)", (b) => {
    expect(text(b)).not.toContain("(data");
    // ...and no start function that could write memory when instantiated.
    expect(text(b)).not.toMatch(/\(start\b/);
  });

  it.each(BUILDS)("%s imports a shared memory of up to 65536 pages (4 GiB)", (b) => {
    expect(text(b)).toMatch(/\(import "env" "memory" \(memory \$\S+ \d+ 65536 shared\)\)/);
    if (b === "relaxed" && !st.backendInfo().relaxedSimd) return; // this runtime cannot compile it
    const module = new WebAssembly.Module(readFileSync(new URL(`${b}.wasm`, buildDir)));
    const imports = WebAssembly.Module.imports(module);
    expect(imports).toEqual([{ module: "env", name: "memory", kind: "memory" }]);
  });

  it("the SIMD builds use SIMD; the scalar build does not", () => {
    expect(text("simd")).toMatch(/f32x4\./);
    expect(text("relaxed")).toMatch(/relaxed/);
    expect(text("scalar")).not.toMatch(/v128|f32x4/);
  });
});
