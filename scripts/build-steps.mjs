// What the build makes and from what: one step per kernel build (the targets of
// asconfig.json) and one for the TypeScript. A step is stale when an output is missing or
// the hash of its inputs differs from the one stored beside its output after its last
// success: content decides, not timestamps, so a copied or restored build/ is reused and a
// change under src/ never recompiles the kernels.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export const root = new URL("..", import.meta.url).pathname;

/** Every file under `dir` (relative to root), sorted, so the hash is independent of listing order. */
function filesUnder(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

function toolVersion(name) {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
}

/** sha256 over each input's path and content, plus `extra` (tool versions, flags). */
export function hashInputs(files, extra) {
  const h = createHash("sha256");
  h.update(extra);
  for (const f of files) {
    h.update(`\0${f}\0`);
    h.update(readFileSync(join(root, f)));
  }
  return h.digest("hex");
}

/** The kernel targets, in asconfig.json's order (its targets are the one list of builds). */
export function kernelTargets() {
  return Object.keys(JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")).targets);
}

/**
 * The build steps. Each: name (printed), inputs (files), extra (hashed with them),
 * outputs (must exist), stamp (where the inputs' hash is kept), commands (argv lists, run in
 * order). `wat` adds the text format of each kernel build (for reading; off by default: it
 * costs time and nobody loads it).
 */
export function buildSteps({ wat = false } = {}) {
  const asc = join(root, "node_modules/assemblyscript/bin/asc.js");
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const kernelInputs = [...filesUnder("assembly"), "asconfig.json"];
  const kernels = kernelTargets().map((target) => ({
    name: `kernels ${target}`,
    inputs: kernelInputs,
    extra: `assemblyscript ${toolVersion("assemblyscript")} target ${target}`,
    outputs: [`build/${target}.wasm`, ...(wat ? [`build/${target}.wat`] : [])],
    stamp: `build/${target}.wasm.inputs`,
    commands: [[asc, "--config", "asconfig.json", "--target", target, ...(wat ? ["--textFile", `build/${target}.wat`] : [])]],
  }));
  const typescript = {
    name: "typescript",
    inputs: [...filesUnder("src"), ...filesUnder("bench"), "tsconfig.json", "tsconfig.bench.json", "scripts/build-browser.mjs"],
    extra: `typescript ${toolVersion("typescript")}`,
    outputs: ["dist/index.js", "dist/index.d.ts", "dist/bench/cli.js", "dist/browser/index.js"],
    stamp: "dist/.inputs",
    commands: [
      ["-e", "require('fs').rmSync('dist', { recursive: true, force: true })"], // no stale output of a moved or deleted source
      [tsc, "-p", "tsconfig.json"],
      [tsc, "-p", "tsconfig.bench.json"],
      ["-e", "require('fs').chmodSync('dist/bench/cli.js', 0o755)"], // the `simd-tensor` bin
      [join(root, "scripts/build-browser.mjs")], // dist/browser/: the browser entry's module graph
    ],
  };
  // The commands are inputs too (a changed flag rebuilds); paths relative, so a build/
  // copied from another checkout still matches.
  return [...kernels, typescript].map((step) => ({
    ...step,
    extra: `${step.extra} ${JSON.stringify(step.commands).replaceAll(root, "")}`,
  }));
}

/** The stored hash of a step's last successful build, or null. */
export function storedHash(step) {
  const f = join(root, step.stamp);
  return existsSync(f) ? readFileSync(f, "utf8").trim() : null;
}

export function isStale(step, hash = hashInputs(step.inputs, step.extra)) {
  return step.outputs.some((o) => !existsSync(join(root, o))) || storedHash(step) !== hash;
}
