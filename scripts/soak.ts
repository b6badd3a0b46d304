// The soak test (#14): long runs that must leave memory exactly where they found it.
//   1. 10^6 ops in tidy on one thread: (20,100) operands, relu(x + y), x * 2, sum.
//   2. 10^6 ops in tidy on 2 threads: 2^17-element operands, large enough to split.
//   3. 10^4 training steps of the dense example (784 → 512 relu → 10, sgd with momentum).
// Each phase samples memory() and the process RSS 20 times. It passes when memory()
// (tensors, bytes, storages, heap size) is identical at every sample, and the RSS has no
// upward trend over the second half (least-squares slope × that span under 8 MiB, which
// is what the garbage collector's own swings leave). Not in CI (it takes minutes):
// `npm run soak` (docs/memory.md). `--scale 0.1` runs a tenth of each phase.
import * as st from "../src/index.js";

const scaleAt = process.argv.indexOf("--scale");
const scale = scaleAt >= 0 ? Number(process.argv[scaleAt + 1]) : 1;
if (!(scale > 0)) throw new Error("usage: tsx scripts/soak.ts [--scale S]");
const SAMPLES = 20;
const RSS_TREND_LIMIT = 8 * 2 ** 20;

interface Sample {
  memory: string;
  rss: number;
}

function sample(): Sample {
  const m = st.memory();
  return { memory: JSON.stringify({ tensors: m.tensors, bytes: m.bytes, storages: m.storages, heapBytes: m.heapBytes }), rss: process.memoryUsage().rss };
}

/** Least-squares slope of ys over their index, times the span: the rise the trend line makes. */
function trendRise(ys: readonly number[]): number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : (num / den) * (n - 1);
}

const MiB = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
let failed = false;

/** Runs `step` `iterations` times in tidy, sampling between; reports and checks the samples. */
function phase(name: string, iterations: number, opsPerStep: number, step: () => void): void {
  const t0 = performance.now();
  const samples: Sample[] = [sample()];
  const every = Math.max(1, Math.floor(iterations / SAMPLES));
  for (let i = 1; i <= iterations; i++) {
    st.tidy(step);
    if (i % every === 0) samples.push(sample());
  }
  const seconds = (performance.now() - t0) / 1000;
  const flat = samples.every((s) => s.memory === samples[0].memory);
  const secondHalf = samples.slice(Math.floor(samples.length / 2)).map((s) => s.rss);
  const rise = trendRise(secondHalf);
  const ok = flat && rise < RSS_TREND_LIMIT;
  failed ||= !ok;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${iterations * opsPerStep} ops in ${seconds.toFixed(1)} s`);
  console.log(`     memory() ${flat ? "identical at all" : "NOT flat across the"} ${samples.length} samples: ${samples[0].memory}${flat ? "" : ` → ${samples[samples.length - 1].memory}`}`);
  console.log(`     RSS ${MiB(samples[0].rss)} → ${MiB(samples[samples.length - 1].rss)}; trend over the second half ${rise >= 0 ? "+" : ""}${MiB(rise)} (limit ${MiB(RSS_TREND_LIMIT)})`);
}

const small = [st.randomUniform([20, 100], { min: -1, max: 1, seed: 1 }), st.randomUniform([20, 100], { min: -1, max: 1, seed: 2 })];
const large = [st.randomUniform([256, 512], { min: -1, max: 1, seed: 3 }), st.randomUniform([256, 512], { min: -1, max: 1, seed: 4 })];
const fourOps = ([x, y]: st.Tensor[]) => () => {
  st.relu(st.add(x, y));
  st.sum(st.mul(x, 2));
};

phase("ops, 1 thread, (20,100)", Math.round(250_000 * scale), 4, fourOps(small));
const threads = await st.setThreads(2);
phase(`ops, ${threads} threads, (256,512)`, Math.round(250_000 * scale), 4, fourOps(large));
await st.setThreads(1);

// The dense example's training step on random data (the data do not matter here).
const x = st.randomUniform([128, 784], { seed: 5 });
const labels = st.tidy(() => {
  const classes = st.astype(st.mul(st.randomUniform([128], { seed: 6 }), 10), "int32").data();
  const oneHot = new Float32Array(128 * 10);
  classes.forEach((c, r) => (oneHot[r * 10 + c] = 1));
  return st.tensor(oneHot, [128, 10]);
});
const W1 = st.variable(st.randomUniform([784, 512], { min: -0.07, max: 0.07, seed: 7 }));
const b1 = st.variable(st.zeros([512]));
const W2 = st.variable(st.randomUniform([512, 10], { min: -0.1, max: 0.1, seed: 8 }));
const b2 = st.variable(st.zeros([10]));
const optimizer = st.optimizers.sgd({ learningRate: 0.01, momentum: 0.9 });
optimizer.minimize(() => st.mean(st.softmaxCrossEntropy(labels, st.add(st.matmul(st.relu(st.add(st.matmul(x, W1), b1)), W2), b2)))).dispose(); // makes the momentum slots
phase("training steps, dense 784 → 512 → 10", Math.round(10_000 * scale), 1, () => {
  optimizer.minimize(() => st.mean(st.softmaxCrossEntropy(labels, st.add(st.matmul(st.relu(st.add(st.matmul(x, W1), b1)), W2), b2))));
});

for (const t of [...small, ...large, x, labels, W1, b1, W2, b2]) t.dispose();
console.log(failed ? "soak: FAILED" : "soak: passed");
process.exitCode = failed ? 1 : 0;
