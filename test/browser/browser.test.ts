// The browser entry (src/browser.ts, built into dist/browser/) in a real browser: headless
// Chromium (the system's, driven by puppeteer-core) loads a test page from a local server,
// runs the notebook's cells, and their values must equal the same cells run here in Node;
// once on a page without cross-origin isolation (one thread, an unshared heap) and once
// with it (Web Workers over the shared heap); and a Keras-style model (fit, predict, weights
// as bytes) against the same model in Node. Needs `npm run build` (npm test runs it).
// Without Chromium the browser half is skipped with its reason on stderr; .ci/run installs
// Chromium first and says so when it cannot.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium, openTestPage, startServer } from "../../scripts/browser-harness.mjs";
import { moduleSpecifiers } from "../../scripts/module-specifiers.mjs";
import * as st from "../../src/index.js";
import { modelCells } from "./model-cells.mjs";
import { largeOps, notebookCells } from "./notebook-cells.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

type Server = { origin: string; close(): Promise<void> };
type Page = { evaluate<T>(expression: string): Promise<T>; close(): Promise<void> };
type Browser = { newPage(): Promise<Page>; close(): Promise<void> };
type ModelCells = ReturnType<typeof modelCells>;

/** a and b (plain values, arrays, objects) equal, numbers within float32 tolerance. */
function expectClose(a: unknown, b: unknown, path = "value"): void {
  if (typeof a === "number" && typeof b === "number") {
    expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(b));
  } else if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, `${path}.length`).toBe(b.length);
    a.forEach((v, i) => expectClose(v, b[i], `${path}[${i}]`));
  } else if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    expect(Object.keys(a).sort(), `${path}'s keys`).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(b)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    expect(a, path).toEqual(b);
  }
}

describe("dist/browser (the browser entry's module graph)", () => {
  it("has only relative imports and no Node builtin, from dist/browser/index.js down", () => {
    const seen = new Set<string>();
    const queue = ["index.js"];
    while (queue.length > 0) {
      const f = queue.shift()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const file = join(repoRoot, "dist/browser", f);
      expect(existsSync(file), `dist/browser/${f}`).toBe(true);
      for (const fileName of moduleSpecifiers(readFileSync(file, "utf8")) as string[]) {
        expect(fileName, `dist/browser/${f} imports ${fileName}`).toMatch(/^\.\.?\//);
        queue.push(posix.normalize(posix.join(posix.dirname(f), fileName)));
      }
    }
    expect(seen.has("platform/browser.js")).toBe(true);
    expect(seen.has("platform/node.js")).toBe(false);
    expect(seen.size).toBeGreaterThan(50);
  });

  it("is what package.json's exports give a bundler or browser resolver (the browser condition, listed first)", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { exports: Record<string, Record<string, unknown>> };
    const conditions = pkg.exports["."];
    expect(Object.keys(conditions)[0]).toBe("browser");
    expect(conditions.browser).toEqual({ types: "./dist/browser.d.ts", default: "./dist/browser/index.js" });
  });
});

const skipReason = process.env.SIMD_TENSOR_BROWSER_SKIP || (findChromium() === undefined ? "no Chromium found (install Debian's `chromium`, or set SIMD_TENSOR_CHROMIUM to a Chromium binary)" : "");
if (skipReason !== "") {
  process.stderr.write(`\n*** test/browser: SKIPPING the real-browser tests: ${skipReason} ***\n\n`);
}

describe.skipIf(skipReason !== "")("in headless Chromium", () => {
  let browser: Browser | undefined;
  const servers: Server[] = [];
  const log: string[] = [];
  const node = notebookCells(st);
  const nodeLarge = largeOps(st);
  const nodeBuild = st.backendInfo().build;

  beforeAll(async () => {
    browser = (await launchChromium(findChromium())) as Browser;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function open(isolated: boolean): Promise<Page> {
    const server = (await startServer({ isolated })) as Server;
    servers.push(server);
    return (await openTestPage(browser, server.origin, log)) as Page;
  }

  it("without cross-origin isolation: one thread on an unshared heap, the notebook's values equal Node's", async () => {
    const page = await open(false);
    try {
      const info = await page.evaluate<{ isolated: boolean; sab: string; shared: boolean; available: string[] }>(
        `({ isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer, shared: simdTensor.st.backendInfo().sharedMemory, available: simdTensor.st.backendInfo().available })`,
      );
      expect(info.isolated).toBe(false);
      expect(info.sab).toBe("undefined");
      expect(info.shared).toBe(false);
      expect(info.available).toContain(nodeBuild);
      // The same kernel build as Node's default, so values can be compared bit for bit
      // (Chromium also runs the relaxed build, whose fused multiply-adds round differently).
      await page.evaluate(`simdTensor.st.setBackend(${JSON.stringify(nodeBuild)})`);
      expect(await page.evaluate("simdTensor.cells.notebookCells(simdTensor.st)")).toEqual(node);
      expect(await page.evaluate("simdTensor.cells.largeOps(simdTensor.st)")).toEqual(nodeLarge);
      expect(nodeLarge.heapGrew).toBe(true);
      // Threads: 0 asks for what the page allows (1); more is a clear error naming the headers.
      const threads = await page.evaluate<{ zero: number; two: string; after: number }>(`(async () => {
        const { st } = simdTensor;
        const zero = await st.setThreads(0);
        const two = await st.setThreads(2).then(() => "resolved", (e) => e.name + ": " + e.message);
        return { zero, two, after: st.getThreads() };
      })()`);
      expect(threads.zero).toBe(1);
      expect(threads.two).toMatch(/^WorkerThreadError: setThreads\(2\): this page is not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
      expect(threads.after).toBe(1);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("a sequential dense model: fit for 2 epochs, evaluate, predict and the weights as bytes equal Node's; saveWeights(path) names the bytes methods", async () => {
    const nodeRun = modelCells(st, { verbose: 0 }) as ModelCells;
    // The same architecture's weights, deflated (numpy.savez_compressed): a browser has no codec.
    const compressed = (() => {
      const m = st.sequential([st.layers.dense(16, { activation: "relu", inputShape: [8] }), st.layers.dense(3, { activation: "softmax" })], { seed: 1 });
      try {
        return Array.from(st.toNpz(m.namedWeights(), { compress: true }));
      } finally {
        m.dispose();
      }
    })();
    const page = await open(false);
    const from = log.length;
    try {
      await page.evaluate(`simdTensor.st.setBackend(${JSON.stringify(nodeBuild)})`);
      const run = await page.evaluate<{ cells: ModelCells; save: string; load: string; compressed: string; summary: string }>(`(() => {
        const { st, models } = simdTensor;
        const cells = models.modelCells(st);
        const error = (f) => { try { f(); return "no error"; } catch (e) { return e.name + ": " + e.message; } };
        const m = st.sequential([st.layers.dense(16, { activation: "relu", inputShape: [8] }), st.layers.dense(3, { activation: "softmax" })], { seed: 1 });
        try {
          return {
            cells,
            save: error(() => m.saveWeights("model.weights.npz")),
            load: error(() => m.loadWeights("model.weights.npz")),
            compressed: error(() => m.loadWeightsBytes(new Uint8Array(${JSON.stringify(compressed)}))),
            summary: m.summary(),
          };
        } finally {
          m.dispose();
        }
      })()`);
      const { cells } = run;
      // Loss and accuracy per epoch, evaluation and predictions: Node's, within float tolerance.
      expect(cells.history.epoch).toEqual([0, 1]);
      expectClose(cells.history, nodeRun.history, "history");
      expectClose(cells.evaluate, nodeRun.evaluate, "evaluate");
      expectClose(cells.predictions, nodeRun.predictions, "predictions");
      // The bytes: a .npz Node reads, with Node's names and (within tolerance) values.
      const fromBrowser = st.fromNpz(new Uint8Array(cells.bytes));
      const fromNode = st.fromNpz(new Uint8Array(nodeRun.bytes));
      try {
        expect(Object.keys(fromBrowser)).toEqual(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]);
        expect(Object.keys(fromBrowser)).toEqual(Object.keys(fromNode));
        for (const k of Object.keys(fromNode)) {
          expect(fromBrowser[k].shape, k).toEqual(fromNode[k].shape);
          expectClose(Array.from(fromBrowser[k].data()), Array.from(fromNode[k].data()), k);
        }
      } finally {
        for (const t of [...Object.values(fromBrowser), ...Object.values(fromNode)]) t.dispose();
      }
      expect(cells.bytes.length).toBe(nodeRun.bytes.length);
      // The round trip in the browser: the second model now predicts as the first, and saves the same bytes.
      expect(cells.otherBefore).not.toEqual(cells.predictions);
      expect(cells.otherLoaded).toEqual(cells.predictions);
      expect(cells.otherBytes).toEqual(cells.bytes);
      // Paths: a clear error naming the bytes methods.
      expect(run.save).toBe(`SimdTensorError: saveWeights: a browser has no file system to write "model.weights.npz" to; model.saveWeightsBytes() returns the .npz file's bytes (to download or store)`);
      expect(run.load).toBe(`SimdTensorError: loadWeights: a browser has no file system to read "model.weights.npz" from; fetch the .npz file's bytes and pass them to model.loadWeightsBytes(bytes)`);
      expect(run.compressed).toMatch(/^FormatError: loadWeightsBytes: member "dense\/kernel.npy": is deflate-compressed and no ZipCodec is available to inflate it \(only Node installs one: pass \{ codec \}, or write the archive uncompressed, as numpy\.savez does\)$/);
      // Printing: fit's progress as one console.log per epoch, summary() as one console.log.
      const printed = log.slice(from).filter((l) => l.startsWith("console.log: "));
      const epochs = printed.filter((l) => l.startsWith("console.log: Epoch "));
      expect(epochs).toHaveLength(2);
      expect(epochs[0]).toMatch(/^console\.log: Epoch 1\/2  4\/4 \[={30}\] - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/);
      expect(epochs[1]).toContain(`Epoch 2/2  4/4 [`);
      expect(epochs[1]).toContain(`- loss: ${nodeRun.history.loss[1].toFixed(4)}`);
      expect(printed).toContain(`console.log: ${run.summary}`);
      expect(log.slice(from).filter((l) => /pageerror|console\.error/.test(l))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("with cross-origin isolation: setThreads(2) runs large ops on a Web Worker too, with Node's values", async () => {
    const page = await open(true);
    try {
      const info = await page.evaluate<{ isolated: boolean; shared: boolean }>(
        `({ isolated: crossOriginIsolated, shared: simdTensor.st.backendInfo().sharedMemory })`,
      );
      expect(info).toEqual({ isolated: true, shared: true });
      await page.evaluate(`simdTensor.st.setBackend(${JSON.stringify(nodeBuild)})`);
      const run = await page.evaluate<{ threads: number; started: number; cells: unknown; large: unknown; after: number }>(`(async () => {
        const { st, cells, pool } = simdTensor;
        const threads = await st.setThreads(2);
        // The calling thread may not take over the worker's share: each split op then
        // really runs half on the worker (or fails with WorkerThreadError).
        pool.stealing = false;
        try {
          return { threads, started: pool.started, cells: cells.notebookCells(st), large: cells.largeOps(st), after: await st.setThreads(1) };
        } finally {
          pool.stealing = true;
        }
      })()`);
      expect(run.threads).toBe(2);
      expect(run.started).toBe(2);
      expect(run.cells).toEqual(node);
      expect(run.large).toEqual(nodeLarge);
      expect(run.after).toBe(1);
      expect(log.filter((l) => /pageerror|console\.error/.test(l))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
