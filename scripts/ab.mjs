// A/B timing of two builds of the library in one process: `node --expose-gc scripts/ab.mjs
// <dirA> <dirB> [--rounds N]`, each dir holding a built package (dist/ and build/ side by side, e.g. a
// copy of this checkout made before a change). The workloads run interleaved A, B, A, B,
// ... and each round's B/A ratio is kept, so the machine's drift cancels out; the report
// gives per-workload medians and the median ratio with its spread (min–max over rounds).
// docs/benchmarks.md says when to use it; the bench CLI is for absolute numbers.
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const valueOf = (flag) => (args.indexOf(flag) >= 0 ? args[args.indexOf(flag) + 1] : undefined);
const rounds = Number(valueOf("--rounds") ?? 9);
const only = valueOf("--only"); // run only the workloads whose name contains this
const dirs = args.filter((a, i) => !a.startsWith("--") && !["--rounds", "--only"].includes(args[i - 1]));
if (dirs.length !== 2 || !(rounds >= 1)) {
  console.error("usage: node --expose-gc scripts/ab.mjs <dirA> <dirB> [--rounds N] [--only <text>]");
  process.exit(2);
}
const libs = await Promise.all(dirs.map((d) => import(pathToFileURL(path.resolve(d, "dist/index.js")).href)));

/** Each workload: set-up from a library, returning the timed body and its clean-up. */
const WORKLOADS = {
  "seed loop ×5 (5000 × relu(x + y), (20,100))": (st) => {
    const x = st.randomUniform([20, 100], { seed: 1 }), y = st.randomUniform([20, 100], { seed: 2 });
    return [() => { for (let r = 0; r < 5; r++) for (let i = 0; i < 1000; i++) st.tidy(() => void st.relu(st.add(x, y))); }, () => { x.dispose(); y.dispose(); }];
  },
  "5000 × add (20,100)": (st) => {
    const x = st.randomUniform([20, 100], { seed: 1 }), y = st.randomUniform([20, 100], { seed: 2 });
    return [() => { for (let i = 0; i < 5000; i++) st.add(x, y).dispose(); }, () => { x.dispose(); y.dispose(); }];
  },
  "relu(x + y) 1e6": (st) => {
    const x = st.randomUniform([1000, 1000], { min: -1, max: 1, seed: 1 }), y = st.randomUniform([1000, 1000], { min: -1, max: 1, seed: 2 });
    return [() => { for (let i = 0; i < 10; i++) st.tidy(() => void st.relu(st.add(x, y))); }, () => { x.dispose(); y.dispose(); }];
  },
  "relu-chain 1e6": (st) => {
    const x = st.randomUniform([1000, 1000], { min: -1, max: 1, seed: 1 }), y = st.randomUniform([1000, 1000], { min: -1, max: 1, seed: 2 });
    return [() => { for (let i = 0; i < 5; i++) st.tidy(() => void st.mul(st.relu(st.sub(st.relu(st.add(x, y)), y)), 2)); }, () => { x.dispose(); y.dispose(); }];
  },
  "maximum 4-D broadcast": (st) => {
    const x = st.randomUniform([64, 3, 32, 10], { seed: 1 }), y = st.randomUniform([32, 10], { seed: 2 });
    return [() => { for (let i = 0; i < 20; i++) st.tidy(() => void st.maximum(x, y)); }, () => { x.dispose(); y.dispose(); }];
  },
  "matmul 256": (st) => {
    const a = st.randomUniform([256, 256], { seed: 1 }), b = st.randomUniform([256, 256], { seed: 2 });
    return [() => { for (let i = 0; i < 5; i++) st.matmul(a, b).dispose(); }, () => { a.dispose(); b.dispose(); }];
  },
  "matmul 512": (st) => {
    const a = st.randomUniform([512, 512], { seed: 1 }), b = st.randomUniform([512, 512], { seed: 2 });
    return [() => st.matmul(a, b).dispose(), () => { a.dispose(); b.dispose(); }];
  },
  // m a small multiple of 3: the 3-row register tile (assembly/linalg/gemm.ts).
  "matmul (9,784) @ (784,512)": (st) => {
    const a = st.randomUniform([9, 784], { seed: 1 }), b = st.randomUniform([784, 512], { seed: 2 });
    return [() => { for (let i = 0; i < 10; i++) st.matmul(a, b).dispose(); }, () => { a.dispose(); b.dispose(); }];
  },
  "matmul (30,512) @ (512,512)": (st) => {
    const a = st.randomUniform([30, 512], { seed: 1 }), b = st.randomUniform([512, 512], { seed: 2 });
    return [() => { for (let i = 0; i < 10; i++) st.matmul(a, b).dispose(); }, () => { a.dispose(); b.dispose(); }];
  },
  "dense forward+backward (128×784 @ 784×512)": (st) => {
    const x = st.randomUniform([128, 784], { seed: 1 });
    const w = st.variable(st.randomUniform([784, 512], { min: -0.05, max: 0.05, seed: 2 }));
    const b = st.variable(st.zeros([512]));
    return [() => st.tidy(() => {
      const tape = new st.GradientTape();
      const loss = tape.record(() => st.mean(st.relu(st.add(st.matmul(x, w), b))));
      tape.gradient(loss, [w, b]);
    }), () => { x.dispose(); w.dispose(); b.dispose(); }];
  },
  "matmul (7744,288) @ (288,64)": (st) => {
    const a = st.randomUniform([7744, 288], { seed: 1 }), b = st.randomUniform([288, 64], { seed: 2 });
    return [() => st.matmul(a, b).dispose(), () => { a.dispose(); b.dispose(); }];
  },
  // Convolution workloads need conv2d (#16): skipped when a library has none.
  "conv2d (64,28,28,1)*(3,3,1,32)": (st) => convWorkload(st, [64, 28, 28, 1], [3, 3, 1, 32], false),
  "conv2d (64,13,13,32)*(3,3,32,64)": (st) => convWorkload(st, [64, 13, 13, 32], [3, 3, 32, 64], false),
  "conv2d (64,5,5,64)*(3,3,64,128)": (st) => convWorkload(st, [64, 5, 5, 64], [3, 3, 64, 128], false),
  "conv2d fwd+bwd (64,28,28,1)*(3,3,1,32)": (st) => convWorkload(st, [64, 28, 28, 1], [3, 3, 1, 32], true),
  "conv2d fwd+bwd (64,13,13,32)*(3,3,32,64)": (st) => convWorkload(st, [64, 13, 13, 32], [3, 3, 32, 64], true),
  "conv2d fwd+bwd (64,5,5,64)*(3,3,64,128)": (st) => convWorkload(st, [64, 5, 5, 64], [3, 3, 64, 128], true),
  "linear+relu fwd+bwd (256×784 @ 784×512)": (st) => {
    if (st.linear === undefined) return undefined;
    const x = st.randomUniform([256, 784], { seed: 1 }), w = st.randomUniform([784, 512], { min: -0.05, max: 0.05, seed: 2 }), b = st.zeros([512]);
    const grads = st.grads((p, q, r) => st.sum(st.linear(p, q, r, { activation: "relu" })));
    return [() => st.tidy(() => void grads([x, w, b])), () => [x, w, b].forEach((t) => t.dispose())];
  },
  "sum 1e6 (all axes)": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 });
    return [() => { for (let i = 0; i < 10; i++) st.sum(x).dispose(); }, () => x.dispose()];
  },
  // Transcendental unary ops on 1e6 float32, the inputs of bench/cases/unary.ts (10 calls each).
  ...Object.fromEntries([["exp", -10, 10], ["expm1", -10, 10], ["softplus", -20, 20], ["log1p", -0.5, 1e3], ["log", 1e-3, 1e3],
    ["sin", -1e6, 1e6], ["cos", -1e6, 1e6], ["tanh", -5, 5], ["sigmoid", -10, 10]].map(([op, min, max]) => [`${op} 1e6 float32`, (st) => {
    const x = st.randomUniform([1000000], { min, max, seed: 41 });
    return [() => { for (let i = 0; i < 10; i++) st[op](x).dispose(); }, () => x.dispose()];
  }])),
  // Comparisons, logical ops and where over (1000,1000), 10 calls each: broadcast and transposed operands, and the contiguous equal-shape case.
  "compare: equal (1000,1000) == (1000,1000)": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), y = st.randomUniform([1000, 1000], { seed: 2 });
    return [() => { for (let i = 0; i < 10; i++) st.equal(x, y).dispose(); }, () => { x.dispose(); y.dispose(); }];
  },
  "compare: greater (1000,1000) > (1000,)": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), y = st.randomUniform([1000], { seed: 2 });
    return [() => { for (let i = 0; i < 10; i++) st.greater(x, y).dispose(); }, () => { x.dispose(); y.dispose(); }];
  },
  "compare: less (1000,1000) < (1000,1)": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), y = st.randomUniform([1000, 1], { seed: 2 });
    return [() => { for (let i = 0; i < 10; i++) st.less(x, y).dispose(); }, () => { x.dispose(); y.dispose(); }];
  },
  "compare: greater transpose(x) > 0.5": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), xt = st.transpose(x);
    return [() => { for (let i = 0; i < 10; i++) st.greater(xt, 0.5).dispose(); }, () => { xt.dispose(); x.dispose(); }];
  },
  "compare: logicalAnd (1000,1000) bool, contiguous": (st) => {
    const a = st.greater(st.randomUniform([1000, 1000], { seed: 1 }), 0.5), b = st.greater(st.randomUniform([1000, 1000], { seed: 2 }), 0.5);
    return [() => { for (let i = 0; i < 10; i++) st.logicalAnd(a, b).dispose(); }, () => { a.dispose(); b.dispose(); }];
  },
  "compare: logicalAnd transpose(a) & b, bool": (st) => {
    const a = st.greater(st.randomUniform([1000, 1000], { seed: 1 }), 0.5), b = st.greater(st.randomUniform([1000, 1000], { seed: 2 }), 0.5);
    const at = st.transpose(a);
    return [() => { for (let i = 0; i < 10; i++) st.logicalAnd(at, b).dispose(); }, () => { at.dispose(); a.dispose(); b.dispose(); }];
  },
  "compare: where(cond, x, y) (1000,1000) contiguous": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), y = st.randomUniform([1000, 1000], { seed: 2 }), cond = st.greater(x, 0.5);
    return [() => { for (let i = 0; i < 10; i++) st.where(cond, x, y).dispose(); }, () => { cond.dispose(); x.dispose(); y.dispose(); }];
  },
  "compare: where(cond, x, row (1000,))": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), row = st.randomUniform([1000], { seed: 2 }), cond = st.greater(x, 0.5);
    return [() => { for (let i = 0; i < 10; i++) st.where(cond, x, row).dispose(); }, () => { cond.dispose(); x.dispose(); row.dispose(); }];
  },
  "compare: where(cond, x, 0)": (st) => {
    const x = st.randomUniform([1000, 1000], { seed: 1 }), cond = st.greater(x, 0.5);
    return [() => { for (let i = 0; i < 10; i++) st.where(cond, x, 0).dispose(); }, () => { cond.dispose(); x.dispose(); }];
  },
  "astype f32→i32 1e6": (st) => {
    const x = st.randomUniform([1000, 1000], { min: -100, max: 100, seed: 1 });
    return [() => { for (let i = 0; i < 10; i++) st.astype(x, "int32").dispose(); }, () => x.dispose()];
  },
};

function convWorkload(st, xs, fs, backward) {
  if (st.conv2d === undefined) return undefined;
  const x = st.randomUniform(xs, { seed: 1 }), f = st.randomUniform(fs, { min: -0.5, max: 0.5, seed: 2 });
  const grads = st.grads((a, b) => st.sum(st.conv2d(a, b)));
  const body = backward ? () => st.tidy(() => void grads([x, f])) : () => st.conv2d(x, f).dispose();
  return [body, () => { x.dispose(); f.dispose(); }];
}

function time(body) {
  globalThis.gc?.(); // run with node --expose-gc: a collection inside a timing is most of the noise
  const t0 = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`A = ${dirs[0]}\nB = ${dirs[1]}\n${rounds} interleaved rounds per workload\n`);
console.log(`${"workload".padEnd(46)} ${"A ms".padStart(9)} ${"B ms".padStart(9)}   B/A (min–max)`);
for (const [name, setup] of Object.entries(WORKLOADS)) {
  if (only !== undefined && !name.includes(only)) continue;
  const cases = libs.map((st) => setup(st));
  if (cases.some((c) => c === undefined)) {
    for (const c of cases) c?.[1]();
    console.log(`${name.padEnd(46)} (skipped: not in both libraries)`);
    continue;
  }
  for (const [body] of cases) body(); // warm-up
  const ms = [[], []], ratios = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    const t = [0, 0];
    for (const i of order) t[i] = time(cases[i][0]);
    ms[0].push(t[0]);
    ms[1].push(t[1]);
    ratios.push(t[1] / t[0]);
  }
  for (const [, cleanup] of cases) cleanup();
  const spread = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
  console.log(`${name.padEnd(46)} ${median(ms[0]).toFixed(3).padStart(9)} ${median(ms[1]).toFixed(3).padStart(9)}   ${median(ratios).toFixed(3)} (${spread})`);
}
