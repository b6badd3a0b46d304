// Builds what is stale (see build-steps.mjs), as many steps at once as there are cores,
// printing a line as each step starts and ends with its time, and a line every 10 s while
// any runs, so a first build never sits silent. `npm start` and `npm test` run it first.
//
//   node scripts/build.mjs            build what changed
//   node scripts/build.mjs --force    rebuild everything
//   node scripts/build.mjs --wat      also write build/<target>.wat (the kernels as text)
//   node scripts/build.mjs kernels    only the kernel builds (or: typescript, "kernels simd")
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { buildSteps, hashInputs, isStale, root } from "./build-steps.mjs";

// Progress goes to stderr, so `npm run -s bench -- --json > out.json` stays pure JSON.
const log = (...lines) => console.error(...lines);
const args = process.argv.slice(2);
const force = args.includes("--force");
const wat = args.includes("--wat");
const only = args.filter((a) => !a.startsWith("--"));
const unknown = args.filter((a) => a.startsWith("--") && a !== "--force" && a !== "--wat");
if (unknown.length > 0) {
  console.error(`build: unknown option ${unknown.join(" ")} (options: --force, --wat; steps: kernels, typescript)`);
  process.exit(2);
}

const steps = buildSteps({ wat }).filter((s) => only.length === 0 || only.some((o) => s.name === o || s.name.startsWith(`${o} `)));
if (steps.length === 0) {
  console.error(`build: no step matches ${only.join(" ")} (steps: ${buildSteps().map((s) => s.name).join(", ")})`);
  process.exit(2);
}
const work = steps.map((step) => ({ step, hash: hashInputs(step.inputs, step.extra) })).filter((w) => force || isStale(w.step, w.hash));
if (work.length === 0) {
  log(`build: up to date (${steps.map((s) => s.name).join(", ")})`);
  process.exit(0);
}

const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const started = performance.now();
const running = new Map();
const heartbeat = setInterval(() => {
  const now = performance.now();
  const list = [...running].map(([name, t0]) => `${name} ${seconds(now - t0)}`).join(", ");
  log(`  … still running: ${list}`);
}, 10_000);

/** Runs a step's commands in order; resolves to their output, rejects with it on failure. */
function run(step) {
  return step.commands.reduce(
    (previous, [command, ...argv]) =>
      previous.then(
        (output) =>
          new Promise((resolve, reject) => {
            const child = spawn(process.execPath, [command, ...argv], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
            let text = output;
            child.stdout.on("data", (d) => (text += d));
            child.stderr.on("data", (d) => (text += d));
            child.on("error", (e) => reject(`${text}${e}`));
            child.on("close", (code) => (code === 0 ? resolve(text) : reject(`${text}(exit code ${code})`)));
          }),
      ),
    Promise.resolve(""),
  );
}

let failed = false;
async function worker(queue) {
  for (let w = queue.shift(); w !== undefined && !failed; w = queue.shift()) {
    const { step, hash } = w;
    const stamp = join(root, step.stamp);
    rmSync(stamp, { force: true }); // an interrupted build must not look finished
    for (const o of step.outputs) mkdirSync(dirname(join(root, o)), { recursive: true });
    log(`  ${step.name} …`);
    const t0 = performance.now();
    running.set(step.name, t0);
    try {
      const output = await run(step);
      writeFileSync(stamp, `${hash}\n`);
      log(`  ${step.name} … ${seconds(performance.now() - t0)}`);
      if (output.trim() !== "") log(output.trimEnd());
    } catch (output) {
      failed = true;
      throw `${step.name}:\n${output}`;
    } finally {
      running.delete(step.name);
    }
  }
}

const queue = [...work];
const parallel = Math.max(1, Math.min(availableParallelism(), queue.length));
log(`build: ${work.map((w) => w.step.name).join(", ")} (${parallel} at a time)`);
try {
  await Promise.all(Array.from({ length: parallel }, () => worker(queue)));
  log(`build: done in ${seconds(performance.now() - started)}`);
} catch (output) {
  console.error(`build failed:\n${output}`);
  process.exitCode = 1;
} finally {
  clearInterval(heartbeat);
}
