// The Node platform: the kernel builds read from build/ next to dist/ and compiled
// synchronously (no top-level await, so `require` works), worker_threads, process warnings,
// files by path (node:fs) and process.stdout/stderr.
// The only module of src/ that imports Node builtins besides the Node entry's own
// Node-only functions.
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { MessageChannel, Worker } from "node:worker_threads";
import { BUILD_NAMES, type BuildName } from "../backend/build-name.js";
import { SimdTensorError } from "../errors.js";
import type { FileHost, Platform, ThreadHost } from "./platform.js";
import { RELAXED_PROBE } from "./wasm-binary.js";

// Node 20 rejects relaxed SIMD unless V8's flag is set before compiling; the opt-in
// SIMD_TENSOR_RELAXED_SIMD=1 sets it with v8.setFlagsFromString (undocumented by Node).
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

const bytes = new Map<BuildName, Uint8Array<ArrayBuffer>>(BUILD_NAMES.map((name) => [name, readBuild(name)]));
const valid = new Map<BuildName, boolean>(BUILD_NAMES.map((name) => [name, WebAssembly.validate(bytes.get(name)!)]));
const modules = new Map<BuildName, WebAssembly.Module>();

/**
 * The Node flags minus those that describe the main script (-e/--eval, -p/--print,
 * --input-type, --test...): a worker inheriting them would not run its own source.
 */
export function workerExecArgv(args: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^(-e|--eval|-p|--print|--input-type|--test[\w-]*)(=|$)/.test(a)) {
      // A value in the next argument (-e CODE, --input-type module) goes with it.
      if (!a.includes("=") && /^(-e|--eval|-p|--print|--input-type)$/.test(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

const threads: ThreadHost = {
  cores: () => availableParallelism(),
  canBlock: true,
  // An `eval` worker, so the same source works from dist/ and from the TypeScript sources
  // under tsx and vitest (a worker cannot load a .ts file).
  prologue: `"use strict";
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const receive = () => receiveMessageOnPort(workerData.port)?.message;
const onExit = (fn) => process.on("exit", fn);
main(workerData);
`,
  start(source, data, name) {
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    const worker = new Worker(source, { eval: true, execArgv: workerExecArgv(), name, workerData: { ...data, port: port2 }, transferList: [port2] });
    worker.unref(); // a script that never calls setThreads(1) still exits
    return {
      post: (message) => port1.postMessage(message),
      onExit(listener) {
        worker.on("error", (error) => listener(error));
        worker.on("exit", () => listener());
      },
      terminate: () => worker.terminate(),
    };
  },
};

const files: FileHost = {
  read: (path) => readFileSync(path),
  write(path, chunks) {
    // Chunk by chunk: the caller's pieces are never joined into one more copy.
    const fd = openSync(path, "w");
    try {
      for (const c of chunks) for (let at = 0; at < c.length;) at += writeSync(fd, c, at, c.length - at);
    } finally {
      closeSync(fd);
    }
  },
};

export const platform: Platform = {
  name: "node",
  sharedMemory: true,
  kernelSupported: (build) => valid.get(build) === true,
  kernelModule(build) {
    let module = modules.get(build);
    if (module === undefined) modules.set(build, (module = new WebAssembly.Module(bytes.get(build)!)));
    return module;
  },
  threads,
  warn: (message, code) => process.emitWarning(message, { code }),
  files,
  // Getters: a caller (or a test) that replaces process.stdout is followed.
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};
