// Loads the kernel builds, synchronously at import (no top-level await, so `require`
// works), over the one shared heap memory. Builds:
//   scalar   no SIMD (the benchmark's middle column)
//   simd     wasm SIMD128, the default
//   relaxed  SIMD128 + relaxed SIMD (FMA), chosen only when the runtime validates it
// Node 20 rejects relaxed SIMD unless V8's flag is set before compiling; the opt-in
// SIMD_TENSOR_RELAXED_SIMD=1 sets it with v8.setFlagsFromString (undocumented by Node).
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { heap } from "../memory/heap.js";
import { SimdTensorError } from "../errors.js";
import type { KernelExports } from "./kernel-exports.js";
import { BUILD_NAMES, type BuildName } from "./build-name.js";


// The smallest module using a relaxed-SIMD instruction (i8x16.relaxed_swizzle): whether
// the runtime validates it is the feature test. A build compiled with the feature
// enabled validates anywhere until it actually uses such an instruction, so the build
// itself is no test.
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0f, 0x01, 0x0d, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x80, 0x02, 0x0b,
]);

function wantsRelaxed(): boolean {
  const v = process.env.SIMD_TENSOR_RELAXED_SIMD;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

if (wantsRelaxed() && !WebAssembly.validate(RELAXED_PROBE)) {
  setFlagsFromString("--experimental-wasm-relaxed-simd");
}

function readBuild(name: BuildName): Uint8Array<ArrayBuffer> {
  const url = new URL(`../../build/${name}.wasm`, import.meta.url);
  try {
    return new Uint8Array(readFileSync(url));
  } catch (error) {
    throw new SimdTensorError(`simd-tensor: kernel build ${url.pathname} is missing; run \`npm run build\` (${String(error)})`);
  }
}

const supported: Record<BuildName, boolean> = { scalar: false, simd: false, relaxed: false };
const bytes: Partial<Record<BuildName, Uint8Array<ArrayBuffer>>> = {};
for (const name of BUILD_NAMES) {
  const b = readBuild(name);
  bytes[name] = b;
  supported[name] = WebAssembly.validate(b) && (name !== "relaxed" || WebAssembly.validate(RELAXED_PROBE));
}

const modules: Partial<Record<BuildName, WebAssembly.Module>> = {};
const instances: Partial<Record<BuildName, KernelExports>> = {};

/** A build's compiled module (compiled once; worker threads instantiate the same one). */
export function moduleFor(name: BuildName): WebAssembly.Module {
  if (!supported[name]) throw new SimdTensorError(`simd-tensor: the ${name} kernel build is not supported by this runtime`);
  return (modules[name] ??= new WebAssembly.Module(bytes[name]!));
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
