// Builds (wasm kernels + TypeScript) when an output is missing or older than a source.
// `npm test` and `npm start` call it, so a fresh clone needs no separate build step.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const newest = (dir) => {
  let t = 0;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return t;
};
const outputs = ["build/simd.wasm", "build/relaxed.wasm", "build/scalar.wasm", "dist/index.js", "dist/bench/cli.js"].map((f) => join(root, f));
const oldestOutput = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
const newestSource = Math.max(newest("assembly"), newest("src"), newest("bench"), statSync(join(root, "asconfig.json")).mtimeMs);
if (oldestOutput < newestSource) {
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}
