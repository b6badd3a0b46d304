// The layering of src/ (DESIGN.md §7). Imports are checked by dependency-cruiser
// (.dependency-cruiser.cjs, `npm run layers` in CI); what an import rule cannot see is
// checked here: WebAssembly is touched only in backend/, memory/ and platform/ (which
// compiles the kernels for its host).
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../src/", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(src, join(e.parentPath ?? e.path, e.name)));
}

describe("layering", () => {
  it("WebAssembly is used only in src/backend/, src/memory/ and src/platform/", () => {
    const files = sources(src);
    expect(files.length).toBeGreaterThan(50);
    const outside = files.filter((f) => !/^(backend|memory|platform)\//.test(f) && /\bWebAssembly\b/.test(readFileSync(join(src, f), "utf8").replace(/\/\/.*$/gm, "")));
    expect(outside).toEqual([]);
  });
});
