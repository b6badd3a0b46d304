// Which kernel build runs the ops. All builds share the one heap memory, so switching
// (the benchmark compares them, the tests run on each) never touches live tensors.
import type { KernelDType } from "../dtype.js";
import { InvalidArgumentError } from "../errors.js";
import { heap } from "../memory/heap.js";
import { platform } from "../platform/current.js";
import { defaultBuild, isBuildSupported, loadBuild } from "./wasm.js";
import { BUILD_NAMES, type BuildName } from "./build-name.js";
import type { KernelExports } from "./kernel-exports.js";

/** The element-wise kernels of one dtype. */
export interface ElementwiseKernels {
  binary: KernelExports["f32_binary"];
  binaryScalar: KernelExports["f32_binary_scalar"];
  binaryStrided: KernelExports["f32_binary_strided"];
  unary: KernelExports["f32_unary"];
  unaryStrided: KernelExports["f32_unary_strided"];
}

export interface ActiveKernels {
  readonly build: BuildName;
  readonly exports: KernelExports;
  readonly elementwise: Record<KernelDType, ElementwiseKernels>;
}

function tableFor(build: BuildName): ActiveKernels {
  const e = loadBuild(build);
  return {
    build,
    exports: e,
    elementwise: {
      float32: {
        binary: e.f32_binary,
        binaryScalar: e.f32_binary_scalar,
        binaryStrided: e.f32_binary_strided,
        unary: e.f32_unary,
        unaryStrided: e.f32_unary_strided,
      },
      float64: {
        binary: e.f64_binary,
        binaryScalar: e.f64_binary_scalar,
        binaryStrided: e.f64_binary_strided,
        unary: e.f64_unary,
        unaryStrided: e.f64_unary_strided,
      },
      int32: {
        binary: e.i32_binary,
        binaryScalar: e.i32_binary_scalar,
        binaryStrided: e.i32_binary_strided,
        unary: e.i32_unary,
        unaryStrided: e.i32_unary_strided,
      },
    },
  };
}

/** The kernels every op dispatches to. Reassigned by setBackend. */
export let kernels: ActiveKernels = tableFor(defaultBuild());

/** Runs every following op on the given kernel build. */
export function setBackend(build: BuildName): void {
  if (!BUILD_NAMES.includes(build)) {
    throw new InvalidArgumentError(`setBackend: unknown build "${String(build)}", expected one of ${BUILD_NAMES.join(", ")}`);
  }
  for (const hook of switchHooks) hook();
  kernels = tableFor(build);
}

const switchHooks: (() => void)[] = [];

/** Runs `hook` before every build switch (src/engine/fusion.ts runs its waiting calls). */
export function onBuildSwitch(hook: () => void): void {
  switchHooks.push(hook);
}

/** What {@link backendInfo} reports about the kernel builds and the runtime. */
export interface BackendInfo {
  /** The build running the ops now. */
  build: BuildName;
  /** The build chosen at load time (the fastest the runtime validates). */
  defaultBuild: BuildName;
  /** Builds this runtime can run. */
  available: BuildName[];
  /** Whether the runtime validates relaxed SIMD, i.e. the "relaxed" build can run (on Node 20 only with SIMD_TENSOR_RELAXED_SIMD=1). */
  relaxedSimd: boolean;
  /** Whether the runtime validates wasm SIMD128, i.e. the "simd" build can run. */
  simd: boolean;
  /**
   * Whether the heap is a shared WebAssembly.Memory, so worker threads can run kernels on live
   * tensors: always in Node; in a browser only on a cross-origin isolated page.
   */
  sharedMemory: boolean;
  /** Current size of the wasm heap memory in bytes, the same as {@link MemoryInfo.heapBytes}. */
  heapBytes: number;
}

/** A snapshot of which kernel build runs the ops, which builds this runtime supports, and the heap size. */
export function backendInfo(): BackendInfo {
  return {
    build: kernels.build,
    defaultBuild: defaultBuild(),
    available: BUILD_NAMES.filter(isBuildSupported),
    relaxedSimd: isBuildSupported("relaxed"),
    simd: isBuildSupported("simd"),
    sharedMemory: platform.sharedMemory,
    heapBytes: heap.stats().heapBytes,
  };
}
