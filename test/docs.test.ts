// Every ```ts block of README.md and docs/*.md is a program a reader may paste: each must
// type-check under `strict` against the built package (as a consumer imports it) and run
// to completion.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Inside the package, so `import * as st from "simd-tensor"` resolves to dist/ by self-reference.
const blockDir = join(repoRoot, "test", `.doc-blocks-${process.pid}`);

interface Block {
  source: string; // e.g. README.md:33
  file: string;
  code: string;
}

/** The ```ts blocks: code a consumer writes. Excerpts of the package's own source are fenced ```typescript and skipped. */
function blocksOf(markdown: string): Block[] {
  const text = readFileSync(join(repoRoot, markdown), "utf8");
  const blocks: Block[] = [];
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const line = text.slice(0, m.index).split("\n").length + 1;
    const name = `${markdown.replaceAll("/", "-")}-${line}.ts`;
    blocks.push({ source: `${markdown}:${line}`, file: join(blockDir, name), code: m[1] });
  }
  return blocks;
}

const markdowns = ["README.md", ...readdirSync(join(repoRoot, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const blocks = markdowns.flatMap(blocksOf);

beforeAll(() => {
  mkdirSync(blockDir, { recursive: true });
  for (const b of blocks) writeFileSync(b.file, b.code);
});
afterAll(() => rmSync(blockDir, { recursive: true, force: true }));

describe("the code blocks of the README and docs/", () => {
  it("there are some, and each imports the package itself", () => {
    expect(blocks.filter((b) => b.source.startsWith("README.md")).length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(b.code, b.source).toMatch(/from "simd-tensor"/);
  });

  it("type-check under strict, as a consumer's code", () => {
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      types: ["node"],
      strict: true,
      noEmit: true,
    };
    const program = ts.createProgram(blocks.map((b) => b.file), options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = blocks.find((b) => b.file === d.file?.fileName);
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
      return `${where?.source ?? d.file?.fileName ?? "?"} (+${line}): ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it.concurrent.for(blocks.map((b) => [b.source, b] as const))("%s runs to completion", async ([, block], { expect }) => {
    const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
    const result = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(process.execPath, [tsx, block.file], { cwd: repoRoot, timeout: 60_000 }, (error, _stdout, stderr) => {
        done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stderr });
      });
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
