// The browser build's kernels against Node's, on this machine: the notebook's seed loop
// (1000 × relu(add(x, y)) on (20,100) float32) and relu(x + y) on 1e6 float32, in this Node
// process (dist/index.js) and in headless Chromium (dist/browser/, the same "simd" kernel
// build), on a cross-origin isolated page (a shared heap, as in Node) and on a plain page
// (an unshared heap). Rounds alternate between the runtimes; prints medians and ratios.
// A measurement, not a test: needs `npm run build` and Chromium (see browser-harness.mjs).
//
//   node scripts/browser-bench.mjs [--rounds 15]
import * as st from "../dist/index.js";
import { findChromium, launchChromium, openTestPage, startServer } from "./browser-harness.mjs";

const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 15;
const WARMUP = 3;

/**
 * One sample of each case, in ms per unit: the seed loop per 1000 iterations (5 loops per
 * sample) and relu(x + y) 1e6 per op (20 ops per sample), so a sample lasts long enough for
 * a browser's coarsened clock. Runs in Node and, from its source text, in the page.
 */
function sample(st) {
  const x = st.randomUniform([20, 100], { seed: 1 }), y = st.randomUniform([20, 100], { seed: 2 });
  const a = st.randomUniform([1_000_000], { seed: 3 }), b = st.randomUniform([1_000_000], { seed: 4 });
  let t = performance.now();
  for (let loop = 0; loop < 5; loop++) for (let i = 0; i < 1000; i++) st.tidy(() => void st.relu(st.add(x, y)));
  const seedLoop = (performance.now() - t) / 5;
  t = performance.now();
  for (let i = 0; i < 20; i++) st.tidy(() => void st.relu(st.add(a, b)));
  const relu1e6 = (performance.now() - t) / 20;
  for (const u of [x, y, a, b]) u.dispose();
  return { seedLoop, relu1e6 };
}

const chromium = findChromium();
if (chromium === undefined) {
  console.error("browser-bench: no Chromium found (install Debian's chromium, or set SIMD_TENSOR_CHROMIUM)");
  process.exit(1);
}
st.setBackend("simd");
const browser = await launchChromium(chromium);
const servers = [];
try {
  const pages = {};
  for (const [name, isolated] of [["browser, isolated (shared heap)", true], ["browser, not isolated (unshared heap)", false]]) {
    const server = await startServer({ isolated });
    servers.push(server);
    pages[name] = await openTestPage(browser, server.origin);
    await pages[name].evaluate(`simdTensor.st.setBackend("simd")`);
  }
  const runs = { node: [], ...Object.fromEntries(Object.keys(pages).map((n) => [n, []])) };
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const round = { node: sample(st) };
    for (const [name, page] of Object.entries(pages)) round[name] = await page.evaluate(`(${sample.toString()})(simdTensor.st)`);
    if (r >= WARMUP) for (const [name, s] of Object.entries(round)) runs[name].push(s);
  }
  const median = (xs) => xs.slice().sort((p, q) => p - q)[xs.length >> 1];
  const version = await browser.version();
  console.log(`Node ${process.version} vs ${version}, kernels "simd", ${ROUNDS} rounds (medians)`);
  const node = { seedLoop: median(runs.node.map((s) => s.seedLoop)), relu1e6: median(runs.node.map((s) => s.relu1e6)) };
  console.log(`| runtime | seed loop (1000 × relu(x+y), (20,100)) | relu(x+y), 1e6 f32 |`);
  console.log(`|---|---:|---:|`);
  console.log(`| node | ${node.seedLoop.toFixed(2)} ms | ${(node.relu1e6 * 1000).toFixed(0)} µs |`);
  for (const name of Object.keys(pages)) {
    const seedLoop = median(runs[name].map((s) => s.seedLoop)), relu1e6 = median(runs[name].map((s) => s.relu1e6));
    console.log(`| ${name} | ${seedLoop.toFixed(2)} ms (${(seedLoop / node.seedLoop).toFixed(2)}× node) | ${(relu1e6 * 1000).toFixed(0)} µs (${(relu1e6 / node.relu1e6).toFixed(2)}× node) |`);
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
