// Loads the kernel builds over the one heap memory. The platform (src/platform/) supplies
// the compiled modules: in Node read and compiled synchronously at import (no top-level
// await, so `require` works), in a browser compiled at load by the browser entry. Builds:
//   scalar   no SIMD (the benchmark's middle column)
//   simd     wasm SIMD128, the default
//   relaxed  SIMD128 + relaxed SIMD (FMA), chosen only when the runtime validates it
// Node 20 validates relaxed SIMD only with the opt-in SIMD_TENSOR_RELAXED_SIMD=1 (src/platform/node.ts).
import { heap } from "../memory/heap.js";
import { SimdTensorError } from "../errors.js";
import { platform } from "../platform/current.js";
import { RELAXED_PROBE } from "../platform/wasm-binary.js";
import type { KernelExports } from "./kernel-exports.js";
import { BUILD_NAMES, type BuildName } from "./build-name.js";

const relaxedValid = WebAssembly.validate(RELAXED_PROBE);
const supported = Object.fromEntries(
  BUILD_NAMES.map((name) => [name, platform.kernelSupported(name) && (name !== "relaxed" || relaxedValid)]),
) as Record<BuildName, boolean>;

const instances: Partial<Record<BuildName, KernelExports>> = {};

/** A build's compiled module (compiled once; worker threads instantiate the same one). */
export function moduleFor(name: BuildName): WebAssembly.Module {
  if (!supported[name]) throw new SimdTensorError(`simd-tensor: the ${name} kernel build is not supported by this runtime`);
  return platform.kernelModule(name);
}

/** Instantiates a build on first use. Safe at any time: the builds have no data segments. */
export function loadBuild(name: BuildName): KernelExports {
  let exports = instances[name];
  if (exports === undefined) {
    const instance = new WebAssembly.Instance(moduleFor(name), { env: { memory: heap.memory } });
    exports = instance.exports as unknown as KernelExports;
    instances[name] = exports;
  }
  return exports;
}

export function isBuildSupported(name: BuildName): boolean {
  return supported[name];
}

/** The build loaded by default: the fastest the runtime validates. */
export function defaultBuild(): BuildName {
  if (supported.relaxed) return "relaxed";
  if (supported.simd) return "simd";
  return "scalar";
}
