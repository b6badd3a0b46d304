// SGD (plain, momentum, Nesterov) and Adam against hand-computed steps; minimize().
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose } from "./helpers.js";

describe("sgd", () => {
  it("plain: w -= lr·g", () => {
    const w = st.variable([1, 2]);
    const opt = st.optimizers.sgd({ learningRate: 0.1 });
    st.tidy(() => opt.applyGradients([[st.tensor([10, -10]), w]]));
    expectClose(w, [0, 3]);
    expect(opt.iterations).toBe(1);
    w.dispose();
  });

  it("momentum and nesterov (Keras's formulas)", () => {
    const w = st.variable([1]);
    const n = st.variable([1]);
    const opt = st.optimizers.sgd({ learningRate: 0.1, momentum: 0.9 });
    const nes = st.optimizers.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    // Constant gradient 1: velocity -0.1, -0.19; w 0.9, 0.71; nesterov: 1 + 0.9·(-0.1) - 0.1 = 0.81, then 0.81 + 0.9·(-0.19) - 0.1 = 0.539.
    for (let i = 0; i < 2; i++) {
      st.tidy(() => {
        opt.applyGradients([[st.tensor([1]), w]]);
        nes.applyGradients([[st.tensor([1]), n]]);
      });
    }
    expectClose(w, [0.71]);
    expectClose(n, [0.539]);
    opt.dispose();
    nes.dispose();
    w.dispose();
    n.dispose();
  });

  it("null gradients are skipped; mismatched ones are rejected", () => {
    const w = st.variable([1, 2], { name: "w" });
    const opt = st.optimizers.sgd();
    opt.applyGradients([[null, w]]);
    expect(w.toArray()).toEqual([1, 2]);
    expect(() => opt.applyGradients([[st.tensor([1]), w]])).toThrow(/gradient of shape \(1,\) does not fit variable 'w' of shape \(2,\)/);
    expect(() => opt.applyGradients([[st.tensor([1, 2]), st.tensor([1, 2]) as never]])).toThrow(/expected a Variable/);
    expect(() => st.optimizers.sgd({ learningRate: -1 })).toThrow(/learningRate must be a finite number >= 0/);
    expect(() => st.optimizers.sgd({ momentum: 1 })).toThrow(/momentum must be in \[0, 1\)/);
    w.dispose();
  });
});

describe("adam", () => {
  it("matches the bias-corrected update", () => {
    const w = st.variable([1, -1]);
    const opt = st.optimizers.adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const g = [0.5, -2];
    let m = [0, 0], v = [0, 0];
    const ref = [1, -1];
    for (let t = 1; t <= 3; t++) {
      st.tidy(() => opt.applyGradients([[st.tensor(g), w]]));
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] * g[i]);
      const rate = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      ref.forEach((_, i) => (ref[i] -= (rate * m[i]) / (Math.sqrt(v[i]) + 1e-7)));
    }
    expectClose(w, ref, 1e-5);
    opt.dispose();
    w.dispose();
  });
});

describe("minimize", () => {
  it("fits a line, using the trainable variables the loss touches", () => {
    const a = st.variable(0, { name: "a" });
    const b = st.variable(0, { name: "b" });
    const frozen = st.variable(1, { trainable: false });
    const x = st.linspace(-1, 1, 20);
    const y = st.add(st.mul(x, 3), -2);
    const opt = st.optimizers.sgd({ learningRate: 0.2, momentum: 0.5 });
    let loss = Infinity;
    for (let i = 0; i < 200; i++) {
      loss = st.tidy(() => opt.minimize(() => st.mean(st.square(st.sub(st.mul(st.add(st.mul(x, a), b), frozen), y)))).item());
    }
    expect(loss).toBeLessThan(1e-6);
    expect(a.item()).toBeCloseTo(3, 3);
    expect(b.item()).toBeCloseTo(-2, 3);
    expect(frozen.item()).toBe(1);
    [a, b, frozen, x, y].forEach((t) => t.dispose());
    opt.dispose();
  });

  it("an explicit variable list, including non-trainable variables", () => {
    const a = st.variable(5, { trainable: false });
    const opt = st.optimizers.sgd({ learningRate: 0.25 });
    st.tidy(() => opt.minimize(() => st.square(a), [a]));
    expect(a.item()).toBe(2.5);
    expect(() => st.tidy(() => opt.minimize(() => st.square(a)))).toThrow(/the loss uses no trainable variable/);
    expect(() => opt.minimize(() => 3 as never, [a])).toThrow(/must return a Tensor/);
    a.dispose();
    opt.dispose();
  });
});

// Keras 3's update rules written out in plain JS over float64 arrays (keras/src/optimizers/
// sgd.py, adam.py, rmsprop.py, base_optimizer.py's clipping and weight decay), stepped
// beside the optimizers on gradients that change every step.
interface Reference {
  step(w: number[], g: number[], t: number): void;
}

function clipReference(g: number[], { clipNorm, clipValue }: st.optimizers.ClipOptions): number[] {
  if (clipNorm !== undefined) {
    const n = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
    return g.map((v) => (v * clipNorm) / Math.max(n, clipNorm));
  }
  if (clipValue !== undefined) return g.map((v) => Math.min(Math.max(v, -clipValue), clipValue));
  return g;
}

function sgdReference({ learningRate = 0.01, momentum = 0, nesterov = false }: st.optimizers.SGDOptions): Reference {
  let m: number[] | undefined;
  return {
    step(w, g) {
      if (momentum === 0) return g.forEach((gi, i) => (w[i] -= learningRate * gi));
      m ??= g.map(() => 0);
      m.forEach((mi, i) => (m![i] = mi * momentum - g[i] * learningRate));
      w.forEach((_, i) => (w[i] += nesterov ? m![i] * momentum - g[i] * learningRate : m![i]));
    },
  };
}

function adamReference({ learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weightDecay = 0 }: st.optimizers.AdamWOptions): Reference {
  let m: number[] | undefined, v: number[] | undefined;
  return {
    step(w, g, t) {
      w.forEach((wi, i) => (w[i] = wi - wi * weightDecay * learningRate));
      m ??= g.map(() => 0);
      v ??= g.map(() => 0);
      const alpha = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      g.forEach((gi, i) => {
        m![i] += (gi - m![i]) * (1 - beta1);
        v![i] += (gi * gi - v![i]) * (1 - beta2);
        w[i] -= (m![i] * alpha) / (Math.sqrt(v![i]) + epsilon);
      });
    },
  };
}

function rmspropReference({ learningRate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false }: st.optimizers.RMSpropOptions): Reference {
  let vel: number[] | undefined, mg: number[] | undefined, mom: number[] | undefined;
  return {
    step(w, g) {
      vel ??= g.map(() => 0);
      mg ??= g.map(() => 0);
      mom ??= g.map(() => 0);
      g.forEach((gi, i) => {
        vel![i] = rho * vel![i] + (1 - rho) * gi * gi;
        let denominator = vel![i] + epsilon;
        if (centered) {
          mg![i] = rho * mg![i] + (1 - rho) * gi;
          denominator = vel![i] - mg![i] ** 2 + epsilon;
        }
        const increment = (learningRate * gi) / Math.sqrt(denominator);
        if (momentum > 0) {
          mom![i] = momentum * mom![i] + increment;
          w[i] -= mom![i];
        } else {
          w[i] -= increment;
        }
      });
    },
  };
}

const CLIPS: st.optimizers.ClipOptions[] = [{}, { clipNorm: 0.5 }, { clipValue: 0.3 }];

const OPTIMIZERS: { name: string; make: (clip: st.optimizers.ClipOptions) => [st.optimizers.Optimizer, Reference] }[] = [
  { name: "sgd", make: (c) => [st.optimizers.sgd({ learningRate: 0.1, ...c }), sgdReference({ learningRate: 0.1 })] },
  { name: "sgd momentum", make: (c) => [st.optimizers.sgd({ learningRate: 0.1, momentum: 0.9, ...c }), sgdReference({ learningRate: 0.1, momentum: 0.9 })] },
  { name: "sgd nesterov", make: (c) => [st.optimizers.sgd({ learningRate: 0.1, momentum: 0.8, nesterov: true, ...c }), sgdReference({ learningRate: 0.1, momentum: 0.8, nesterov: true })] },
  { name: "adam", make: (c) => [st.optimizers.adam({ learningRate: 0.05, ...c }), adamReference({ learningRate: 0.05 })] },
  { name: "adamw", make: (c) => [st.optimizers.adamw({ learningRate: 0.05, weightDecay: 0.1, ...c }), adamReference({ learningRate: 0.05, weightDecay: 0.1 })] },
  { name: "adamw defaults", make: (c) => [st.optimizers.adamw({ ...c }), adamReference({ weightDecay: 0.004 })] },
  { name: "rmsprop", make: (c) => [st.optimizers.rmsprop({ learningRate: 0.01, ...c }), rmspropReference({ learningRate: 0.01 })] },
  { name: "rmsprop momentum", make: (c) => [st.optimizers.rmsprop({ learningRate: 0.01, momentum: 0.9, ...c }), rmspropReference({ learningRate: 0.01, momentum: 0.9 })] },
  { name: "rmsprop centered", make: (c) => [st.optimizers.rmsprop({ learningRate: 0.01, centered: true, ...c }), rmspropReference({ learningRate: 0.01, centered: true })] },
  { name: "rmsprop centered momentum", make: (c) => [st.optimizers.rmsprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5, epsilon: 1e-4, centered: true, ...c }), rmspropReference({ learningRate: 0.01, rho: 0.8, momentum: 0.5, epsilon: 1e-4, centered: true })] },
];

describe("every optimizer against Keras's formulas in plain JS, five steps, two variables", () => {
  const cases = OPTIMIZERS.flatMap((o) => CLIPS.map((clip) => [`${o.name} ${JSON.stringify(clip)}`, o, clip] as const));
  it.each(cases)("%s", (_name, o, clip) => {
    for (const dtype of ["float32", "float64"] as const) {
      const [opt, ref1] = o.make(clip);
      const [, ref2] = o.make(clip);
      const w1 = [0.5, -1.5, 2, 0.25], w2 = [[1, -2], [0.3, 0.7]].flat();
      const v1 = st.variable(st.tensor(w1, undefined, dtype)), v2 = st.variable(st.tensor(w2, [2, 2], dtype));
      const before = st.memory().tensors;
      for (let t = 1; t <= 5; t++) {
        // Gradients that change sign and size from step to step (and a large one, for the clipping).
        const g1 = w1.map((_, i) => Math.sin(3 * t + i) * (i === 2 ? 4 : 1));
        const g2 = w2.map((_, i) => Math.cos(2 * t - i) * 0.2);
        st.tidy(() => opt.applyGradients([[st.tensor(g1, undefined, dtype), v1], [st.tensor(g2, [2, 2], dtype), v2]]));
        ref1.step(w1, clipReference(g1, clip), t);
        ref2.step(w2, clipReference(g2, clip), t);
        if (t === 1) expect(st.memory().tensors, "the slots made on the first step").toBeGreaterThanOrEqual(before);
      }
      expect(opt.iterations).toBe(5);
      const tol = dtype === "float32" ? 2e-5 : 1e-12;
      expectClose(v1, w1, tol);
      expectClose(v2, [[w2[0], w2[1]], [w2[2], w2[3]]], tol);
      // Nothing but the optimizer's state outlives a step: one more step leaves memory() as it was.
      const settled = st.memory().tensors;
      st.tidy(() => opt.applyGradients([[st.ones([4], dtype), v1], [st.ones([2, 2], dtype), v2]]));
      expect(st.memory().tensors).toBe(settled);
      opt.dispose();
      v1.dispose();
      v2.dispose();
    }
  });
});

describe("clipping, defaults and options", () => {
  it("clipNorm scales each gradient by its own norm (not the global one); clipValue clips element-wise", () => {
    const a = st.variable([0, 0]), b = st.variable([0]);
    const opt = st.optimizers.sgd({ learningRate: 1, clipNorm: 1 });
    st.tidy(() => opt.applyGradients([[st.tensor([3, 4]), a], [st.tensor([0.5]), b]]));
    expectClose(a, [-0.6, -0.8]);
    expectClose(b, [-0.5]); // below the norm: unchanged
    const c = st.variable([0, 0, 0]);
    const byValue = st.optimizers.adam({ clipValue: 0.1 });
    expect(byValue.clipValue).toBe(0.1);
    st.tidy(() => st.optimizers.sgd({ learningRate: 1, clipValue: 0.1 }).applyGradients([[st.tensor([-3, 0.05, 7]), c]]));
    expectClose(c, [0.1, -0.05, -0.1]);
    [a, b, c].forEach((v) => v.dispose());
    opt.dispose();
  });

  it("Keras 3's defaults", () => {
    const r = st.optimizers.rmsprop();
    expect([r.learningRate, r.rho, r.momentum, r.epsilon, r.centered]).toEqual([0.001, 0.9, 0, 1e-7, false]);
    const w = st.optimizers.adamw();
    expect([w.learningRate, w.weightDecay, w.beta1, w.beta2, w.epsilon]).toEqual([0.001, 0.004, 0.9, 0.999, 1e-7]);
    expect(w).toBeInstanceOf(st.optimizers.Adam);
    expect(r.clipNorm).toBeUndefined();
  });

  it("bad options are InvalidArgumentErrors naming the option", () => {
    const bad: [() => unknown, RegExp][] = [
      [() => st.optimizers.rmsprop({ rho: 1 }), /^rmsprop: rho must be in \[0, 1\)/],
      [() => st.optimizers.rmsprop({ momentum: -0.1 }), /^rmsprop: momentum must be in \[0, 1\)/],
      [() => st.optimizers.rmsprop({ epsilon: NaN }), /^rmsprop: epsilon must be a finite number >= 0/],
      [() => st.optimizers.rmsprop({ learningRate: -1 }), /^rmsprop: learningRate/],
      [() => st.optimizers.adamw({ weightDecay: -1 }), /^adamw: weightDecay must be a finite number >= 0/],
      [() => st.optimizers.adamw({ beta1: 1 }), /^adamw: beta1 must be in \[0, 1\)/],
      [() => st.optimizers.sgd({ clipNorm: 0 }), /^sgd: clipNorm must be a finite number > 0, got (number )?0/],
      [() => st.optimizers.adam({ clipNorm: Infinity }), /^adam: clipNorm must be a finite number > 0/],
      [() => st.optimizers.rmsprop({ clipValue: -1 }), /^rmsprop: clipValue must be a finite number > 0/],
      [() => st.optimizers.adamw({ clipValue: "1" as never }), /^adamw: clipValue must be a finite number > 0/],
      [() => st.optimizers.sgd({ clipNorm: 1, clipValue: 1 }), /^sgd: set clipNorm or clipValue, not both/],
    ];
    for (const [f, message] of bad) {
      expect(f).toThrow(st.InvalidArgumentError);
      expect(f).toThrow(message);
    }
  });

  it("rmsprop and adamw minimize a quadratic through minimize()", () => {
    for (const opt of [st.optimizers.rmsprop({ learningRate: 0.05 }), st.optimizers.adamw({ learningRate: 0.1, weightDecay: 0 }), st.optimizers.rmsprop({ learningRate: 0.02, centered: true, momentum: 0.5, clipNorm: 1 })]) {
      const w = st.variable([3, -2]);
      for (let i = 0; i < 300; i++) st.tidy(() => opt.minimize(() => st.sum(st.square(st.sub(w, st.tensor([1, 1]))))));
      expectClose(w, [1, 1], 0.05);
      w.dispose();
      opt.dispose();
    }
  });

  it("a step keeps every variable's storage (the updates are written in place), small or large", () => {
    // 20000 elements: above the relu fusion's deferral threshold, so mul(v, c) may still wait to read v.
    for (const n of [64, 20_000]) {
      for (const opt of [st.optimizers.sgd(), st.optimizers.sgd({ momentum: 0.9 }), st.optimizers.adam(), st.optimizers.adamw(), st.optimizers.rmsprop({ centered: true, momentum: 0.5 })]) {
        const w = st.variable(st.randomNormal([n], { seed: 1 }));
        st.tidy(() => opt.applyGradients([[st.ones([n]), w]])); // makes the slots
        const block = w.storage;
        st.tidy(() => opt.applyGradients([[st.ones([n]), w]]));
        expect(w.storage, `${opt.name}, ${n} elements`).toBe(block);
        w.dispose();
        opt.dispose();
      }
    }
  });
});
