// The browser platform: the kernel builds fetched from build/ next to the package's dist/
// and compiled asynchronously at load (this module's top-level await; a browser's main
// thread may refuse to compile a large module synchronously), Web Workers, console
// warnings and output, no files. No Node builtin, no bare specifier: a page loads the
// browser entry as it is.
import { BUILD_NAMES, type BuildName } from "../backend/build-name.js";
import { SimdTensorError } from "../errors.js";
import type { Platform, TextOutput, ThreadHost } from "./platform.js";
import { unshareMemoryImport } from "./wasm-binary.js";

// Sharing a memory with workers needs a cross-origin isolated page (COOP same-origin +
// COEP require-corp); Chromium creates a shared memory without isolation, other browsers
// do not, and none lets workers have it, so without isolation the heap is unshared.
const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === "function";

// This module runs as dist/browser/platform/browser.js (see scripts/build-browser.mjs);
// the kernel builds ship in build/ at the package root.
const KERNELS = new URL("../../../build/", import.meta.url);

async function compileBuild(name: BuildName): Promise<WebAssembly.Module | undefined> {
  const url = new URL(`${name}.wasm`, KERNELS);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new SimdTensorError(`simd-tensor: could not fetch the kernel build ${url.href} (${String(error)})`);
  }
  if (!response.ok) throw new SimdTensorError(`simd-tensor: could not fetch the kernel build ${url.href}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    return await WebAssembly.compile(isolated ? bytes : unshareMemoryImport(bytes));
  } catch {
    return undefined; // this browser lacks a feature the build uses (relaxed SIMD, or SIMD itself)
  }
}

// Every build is compiled now: setBackend is synchronous, and workers get every module at start.
const modules = new Map<BuildName, WebAssembly.Module | undefined>(
  await Promise.all(BUILD_NAMES.map(async (name) => [name, await compileBuild(name)] as const)),
);

/** Whether this thread may sleep in Atomics.wait (a window's main thread may not). */
function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

const threads: ThreadHost = {
  cores: () => navigator.hardwareConcurrency || 1,
  canBlock: isolated && mayBlock(),
  prologue: `"use strict";
const receive = () => undefined;
const onExit = () => {};
self.onmessage = (event) => { self.onmessage = null; main(event.data); };
`,
  start(source, data, name) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const worker = new Worker(url, { name });
    URL.revokeObjectURL(url);
    // Every compiled build goes with the start-up data: a worker busy in its loop never
    // reads later messages, so it instantiates a build it meets later from these.
    worker.postMessage({ ...data, modules: BUILD_NAMES.map((b) => modules.get(b)) });
    let exited = false;
    const listeners: ((error?: unknown) => void)[] = [];
    const exit = (error?: unknown): void => {
      if (exited) return;
      exited = true;
      for (const l of listeners) l(error);
    };
    worker.addEventListener("error", (event) => exit(new Error(event.message || "the worker failed to load")));
    return {
      post: () => {}, // every module went with the start-up data
      onExit: (listener) => { listeners.push(listener); },
      terminate: () => {
        worker.terminate();
        exit();
        return Promise.resolve();
      },
    };
  },
};

/**
 * Text output as console.log calls: text is held until a newline ends it, then everything
 * up to the last newline goes out as one call (a summary table is one call, each of fit's
 * epoch lines another). Not a TTY, so fit writes finished lines only.
 */
function consoleOutput(): TextOutput {
  let pending = "";
  return {
    isTTY: false,
    write(text: string) {
      pending += text;
      const end = pending.lastIndexOf("\n");
      if (end < 0) return true;
      console.log(pending.slice(0, end));
      pending = pending.slice(end + 1);
      return true;
    },
  };
}

export const platform: Platform = {
  name: "browser",
  sharedMemory: isolated,
  kernelSupported: (build) => modules.get(build) !== undefined,
  kernelModule(build) {
    const module = modules.get(build);
    if (module === undefined) throw new SimdTensorError(`simd-tensor: the ${build} kernel build is not supported by this browser`);
    return module;
  },
  threads: isolated
    ? threads
    : {
        unavailable:
          "this page is not cross-origin isolated, so it cannot share memory with Web Workers and simd-tensor runs on 1 thread; " +
          "serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp",
      },
  warn: (message, code) => console.warn(`${message} (${code})`),
  files: { unavailable: "a browser has no file system" },
  stdout: consoleOutput(),
  stderr: consoleOutput(),
};
