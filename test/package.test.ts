// The package as a consumer sees it: `require` and `import` from another directory,
// the shipped types under a strict tsconfig without skipLibCheck, the `files` list, and
// the built wasm. Needs `npm run build` (dist/ and build/), which `npm test` runs first.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  name: string;
  main: string;
  types: string;
  exports: Record<string, unknown>;
  bin: Record<string, string>;
  files: string[];
  type: string;
};

let work: string;
let consumer: string;

function node(args: string[], cwd: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A consumer directory whose node_modules/simd-tensor is `target`. */
function makeConsumer(name: string, target: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(target, join(dir, "node_modules", "simd-tensor"), "dir");
  return dir;
}

const CJS = `
const st = require("simd-tensor");
const x = st.tensor([[1, -2], [3, -4]]);
const y = st.relu(st.add(x, 1));
const z = st.tidy(() => x.add(st.tensor([10, 20])).relu());
console.log(JSON.stringify({
  y: y.toArray(), z: z.toArray(), str: y.toString(), isTensor: y instanceof st.Tensor,
  build: st.backendInfo().build, tensors: st.memory().tensors, naive: typeof st.naive.relu,
}));
`;

const ESM = `
import * as st from "simd-tensor";
import { createRequire } from "node:module";
const x = st.tensor([[1, -2], [3, -4]]);
const y = st.relu(st.add(x, 1));
// require() and import() in one process must share one module instance (one heap).
const required = createRequire(import.meta.url)("simd-tensor");
const dynamic = await import("simd-tensor");
console.log(JSON.stringify({
  y: y.toArray(), str: y.toString(), sameInstance: required.tensor === st.tensor && dynamic.tensor === st.tensor,
  crossInstance: required.add(y, 1).toArray(), pkgName: createRequire(import.meta.url)("simd-tensor/package.json").name,
}));
`;

const CONSUMER_TS = `
import * as st from "simd-tensor";

declare function use(...values: unknown[]): void;

const x: st.Tensor = st.tensor([[1, 2], [3, 4]]);
const y: st.Tensor = st.relu(st.add(x, 1)).reshape([4]);
const shape: readonly number[] = y.shape;
const strides: readonly number[] = y.strides;
const dtype: st.DType = y.dtype;
const nested: st.NestedArray = y.toArray();
const values: st.TypedArray = y.data();
const one: number = st.tensor(3).item();
const mem: st.MemoryInfo = st.memory();
const kept: st.Tensor = st.keep(st.zeros([2], "int32"));
const result = st.tidy(() => ({ a: st.zeros([2]), b: [st.ones([1])] }));
const n: number = result.a.size + result.b[0].size + kept.rank;
const info: st.BackendInfo = st.backendInfo();
const build: st.BuildName = info.build;
st.setBackend(build);
const like: st.TensorLike = 2;
const m: st.Tensor = x.maximum(like).minimum(st.tensor([1, 2])).sub(1).mul(2).div(3).neg().abs().square().sqrt();
const moved: st.Tensor = st.squeeze(st.expandDims(st.transpose(st.broadcastTo(x, [2, 2, 2]), [2, 1, 0]), -1));
const copy: st.Tensor = st.astype(moved.contiguous().clone(), "float64");
const made: st.Tensor[] = [st.full([2], 1.5), st.arange(0, 1, 0.25), st.randomUniform([2], { seed: 1, min: -1, max: 1 })];
try {
  st.add(x, st.zeros([3]));
} catch (error) {
  if (error instanceof st.BroadcastError || error instanceof st.ShapeError || error instanceof st.SimdTensorError) {
    use(error.message);
  }
}
const naive: st.Tensor = st.naive.addMatrixAndVector(st.naive.add(x, st.naive.relu(x)), st.zeros([2]));
// @ts-expect-error a string is not a TensorLike
st.add(x, "1");
// @ts-expect-error "float16" is not a DType
st.zeros([2], "float16");
// @ts-expect-error shape is read-only
y.shape.push(1);
use(shape, strides, dtype, nested, values, one, mem.tensors, n, m.size, copy.dtype, made.length, naive.shape);
x.dispose();
`;

beforeAll(() => {
  for (const f of ["dist/index.js", "dist/index.d.ts", "build/simd.wasm", "build/scalar.wasm", "build/relaxed.wasm"]) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  work = mkdtempSync(join(tmpdir(), "simd-tensor-consumer-"));
  consumer = makeConsumer("symlinked", repoRoot);
});

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("package.json", () => {
  it("names the package, is an ES module, and points main/types/exports/bin at dist", () => {
    expect(pkg.name).toBe("simd-tensor");
    expect(pkg.type).toBe("module");
    expect(existsSync(join(repoRoot, pkg.main))).toBe(true);
    expect(existsSync(join(repoRoot, pkg.types))).toBe(true);
    expect(pkg.exports["."]).toBeDefined();
    expect(pkg.bin["simd-tensor"]).toMatch(/^(\.\/)?dist\/.+\.js$/);
    expect(existsSync(join(repoRoot, pkg.bin["simd-tensor"]))).toBe(true);
  });

  it("the CLI runs", () => {
    const r = node([join(repoRoot, pkg.bin["simd-tensor"]), "--help"], repoRoot);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage/i);
  });
});

describe("a consumer project", () => {
  it("require('simd-tensor') works from CommonJS (no top-level await anywhere)", () => {
    const file = join(consumer, "consumer.cjs");
    writeFileSync(file, CJS);
    const r = node([file], consumer);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.y).toEqual([[2, 0], [4, 0]]);
    expect(out.z).toEqual([[11, 18], [13, 16]]);
    expect(out.str).toBe("[[2. 0.]\n [4. 0.]]");
    expect(out.isTensor).toBe(true);
    expect(["simd", "relaxed"]).toContain(out.build);
    expect(out.naive).toBe("function");
  });

  it("import('simd-tensor') works from an ES module, sharing one instance with require()", () => {
    const file = join(consumer, "consumer.mjs");
    writeFileSync(file, ESM);
    const r = node([file], consumer);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.y).toEqual([[2, 0], [4, 0]]);
    expect(out.str).toBe("[[2. 0.]\n [4. 0.]]");
    expect(out.sameInstance).toBe(true);
    expect(out.crossInstance).toEqual([[3, 1], [5, 1]]);
    expect(out.pkgName).toBe("simd-tensor");
  });

  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  /** Runs the repo's tsc on CONSUMER_TS (asynchronously, so the two checks below run side by side). */
  async function typeCheck(name: string, types: string[], typeRoots?: string[]): Promise<{ status: number | null; output: string }> {
    const dir = join(consumer, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "consumer.ts"), CONSUMER_TS);
    const compilerOptions: Record<string, unknown> = {
      module: "NodeNext",
      moduleResolution: "NodeNext",
      target: "ES2022",
      lib: ["ES2022"],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types,
    };
    if (typeRoots) compilerOptions.typeRoots = typeRoots;
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
    return new Promise((done) => {
      execFile(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
        done({ status: error === null ? 0 : typeof error.code === "number" ? error.code : 1, output: stdout + stderr });
      });
    });
  }

  it.concurrent("type-checks against the shipped .d.ts under a strict NodeNext tsconfig without skipLibCheck (a project without @types/node)", async ({ expect }) => {
    const r = await typeCheck("ts-plain", []);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });

  it.concurrent("type-checks the same in a project that has @types/node", async ({ expect }) => {
    const r = await typeCheck("ts-node", ["node"], [join(repoRoot, "node_modules", "@types")]);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("the published tarball", () => {
  let files: string[];

  beforeAll(() => {
    const json = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot, encoding: "utf8" });
    files = (JSON.parse(json) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  });

  it("ships dist and the wasm builds, and no sources, tests or benchmarks", () => {
    const bin = pkg.bin["simd-tensor"].replace(/^\.\//, "");
    for (const f of ["package.json", "README.md", "dist/index.js", "dist/index.d.ts", bin, "build/simd.wasm", "build/scalar.wasm", "build/relaxed.wasm"]) {
      expect(files).toContain(f);
    }
    for (const f of files) {
      expect(f, f).not.toMatch(/^(src|test|assembly|bench|examples|scripts|node_modules)\//);
      expect(f.endsWith(".d.ts") || !/\.(wat|map|ts)$/.test(f), `${f} should not be shipped`).toBe(true);
    }
  });

  it("ships no test hooks that make workers fail (fault injection lives in test/helpers)", () => {
    for (const f of files.filter((p) => p.endsWith(".js"))) {
      expect(readFileSync(join(repoRoot, f), "utf8"), f).not.toMatch(/injected fault|injectFault|slow_wake/i);
    }
  });

  it("declares only the documented API: nothing marked @internal reaches the shipped .d.ts (#14, class 2)", () => {
    const tensor = readFileSync(join(repoRoot, "dist/tensor.d.ts"), "utf8");
    for (const internal of ["view", "storage", "offset", "live", "_shape", "_strides", "isContiguousLayout", "releaseStorage", "storageFor", "empty"]) {
      expect(tensor, `Tensor.${internal}`).not.toMatch(new RegExp(`^\\s*(static |readonly )?${internal}\\b`, "m"));
    }
    for (const f of files.filter((p) => p.endsWith(".d.ts"))) {
      expect(readFileSync(join(repoRoot, f), "utf8"), f).not.toMatch(/@internal/);
    }
  });

  it("is self-contained: every relative import of a shipped file is shipped", () => {
    const shipped = new Set(files);
    for (const f of files.filter((p) => p.endsWith(".js") || p.endsWith(".d.ts"))) {
      const text = readFileSync(join(repoRoot, f), "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = relative(repoRoot, resolve(repoRoot, dirname(f), m[1])).replaceAll("\\", "/");
        const candidates = f.endsWith(".d.ts") ? [target, target.replace(/\.js$/, ".d.ts")] : [target];
        expect(candidates.some((c) => shipped.has(c)), `${f} imports ${m[1]}`).toBe(true);
      }
    }
  });

  it("installed from the packed tarball, it works with require and import", () => {
    const out = join(work, "packed");
    mkdirSync(out, { recursive: true });
    const tgz = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", out, "--silent"], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n").pop()!;
    const unpack = join(out, "unpacked");
    mkdirSync(unpack);
    execFileSync("tar", ["-xzf", join(out, tgz), "-C", unpack]);
    expect(readdirSync(unpack)).toEqual(["package"]);
    const dir = makeConsumer("from-tarball", join(unpack, "package"));
    writeFileSync(join(dir, "c.cjs"), CJS);
    writeFileSync(join(dir, "e.mjs"), ESM);
    for (const f of ["c.cjs", "e.mjs"]) {
      const r = node([join(dir, f)], dir);
      expect(r.stderr, f).not.toMatch(/Error/);
      expect(r.status, f).toBe(0);
      expect(JSON.parse(r.stdout).y, f).toEqual([[2, 0], [4, 0]]);
    }
  });
});
