// What the browser test (test/browser/) and scripts/browser-bench.mjs share: a static
// server for the package's dist/ and build/ and the test page, and headless Chromium
// driven by puppeteer-core with the system's Chromium (nothing downloads a browser).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const SERVED = ["dist/", "build/", "test/browser/"];
const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".wasm": "application/wasm", ".json": "application/json" };

/** The Chromium to drive: $SIMD_TENSOR_CHROMIUM, else the first of the usual names on PATH; undefined if none. */
export function findChromium() {
  const fromEnv = process.env.SIMD_TENSOR_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const name of ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || undefined;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/**
 * Serves dist/, build/ and test/browser/ from 127.0.0.1 on a free port. `isolated` adds the
 * two headers that make a page cross-origin isolated (SharedArrayBuffer, shared memory
 * between workers). Resolves to { origin, close() }.
 */
export async function startServer({ isolated }) {
  const server = createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.writeHead(204); // the browser asks for it; none is needed
      res.end();
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^[/\\]+/, "");
    const file = join(root, path);
    const allowed = SERVED.some((dir) => path.startsWith(dir)) && file.startsWith(root) && !path.split(sep).includes("..");
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" };
    if (isolated) {
      headers["cross-origin-opener-policy"] = "same-origin";
      headers["cross-origin-embedder-policy"] = "require-corp";
    }
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Headless Chromium at `executablePath`. */
export async function launchChromium(executablePath) {
  const { default: puppeteer } = await import("puppeteer-core");
  return puppeteer.launch({
    executablePath,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

/**
 * Opens test/browser/page.html (which loads the browser entry through an import map) and
 * waits until it has loaded simd-tensor; rejects with the page's error if it could not.
 * Page errors and console lines are collected in `log`.
 */
export async function openTestPage(browser, origin, log = []) {
  const page = await browser.newPage();
  page.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) log.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${origin}/test/browser/page.html`);
  await page.waitForFunction("window.simdTensorLoaded !== undefined", { timeout: 60_000 });
  const failure = await page.evaluate("window.simdTensorLoaded === true ? null : String(window.simdTensorLoaded)");
  if (failure !== null) throw new Error(`the test page could not load simd-tensor: ${failure}\n${log.join("\n")}`);
  return page;
}
