// Tape memory: saved tensors outlive the tidy that made them while a tape needs them, and
// are freed when no tape does; training steps inside tidy leave memory() flat.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose } from "./helpers.js";

const snapshot = () => {
  const m = st.memory();
  return { tensors: m.tensors, bytes: m.bytes, storages: m.storages };
};

describe("saved tensors and tidy", () => {
  it("a tensor saved for backward survives the tidy that made it", () => {
    const x = st.variable([1, 2, 3]);
    const tape = new st.GradientTape();
    // square() saves its input h, which the inner tidy disposes.
    const y = tape.record(() => st.tidy(() => st.sum(st.square(st.mul(x, 3)))));
    const g = tape.gradient(y, x)!;
    expect(g.toArray()).toEqual([18, 36, 54]); // 2·(3x)·3
    g.dispose();
    y.dispose();
    x.dispose();
  });

  it("a non-persistent tape frees what it saved after gradient()", () => {
    const x = st.variable(st.randomUniform([50, 50], { seed: 1 }));
    const base = snapshot();
    const tape = new st.GradientTape();
    const y = tape.record(() => st.tidy(() => st.sum(st.relu(st.matmul(x, x)))));
    const during = snapshot();
    expect(during.bytes).toBeGreaterThan(base.bytes + 50 * 50 * 4); // matmul's result, saved by relu
    const g = tape.gradient(y, x)!;
    g.dispose();
    y.dispose();
    expect(snapshot()).toEqual(base);
    x.dispose();
  });

  it("a persistent tape holds what it saved until dispose()", () => {
    const x = st.variable(st.randomUniform([20, 20], { seed: 2 }));
    const base = snapshot();
    const tape = new st.GradientTape({ persistent: true });
    const y = tape.record(() => st.tidy(() => st.sum(st.square(st.matmul(x, x)))));
    for (let i = 0; i < 3; i++) tape.gradient(y, x)!.dispose();
    y.dispose();
    expect(snapshot().bytes).toBeGreaterThan(base.bytes);
    tape.dispose();
    expect(snapshot()).toEqual(base);
    x.dispose();
  });

  it("disposing a tape that was never asked frees what it saved", () => {
    const x = st.variable([1, 2]);
    const base = snapshot();
    const tape = new st.GradientTape();
    st.tidy(() => {
      tape.record(() => st.mul(st.mul(x, x), x));
    });
    expect(snapshot().bytes).toBeGreaterThan(base.bytes);
    tape.dispose();
    expect(snapshot()).toEqual(base);
    x.dispose();
  });

  it("an outer tape keeps what it needs when the inner tape lets go", () => {
    const x = st.variable([1, 2, 3]);
    const base = snapshot();
    const outer = new st.GradientTape();
    const dydx = outer.record(() =>
      st.tidy(() => {
        const inner = new st.GradientTape();
        const y = inner.record(() => st.sum(st.mul(st.square(x), x)));
        return inner.gradient(y, x)!; // the inner tape releases here
      }),
    );
    expectClose(dydx, [3, 12, 27]);
    const d2 = outer.gradient(dydx, x)!;
    expectClose(d2, [6, 12, 18]);
    d2.dispose();
    dydx.dispose();
    expect(snapshot()).toEqual(base);
    x.dispose();
  });

  it("the user disposing a saved tensor does not break the tape", () => {
    const x = st.tensor([1, 2, 3]);
    const tape = new st.GradientTape();
    tape.watch(x);
    let h!: st.Tensor;
    const y = tape.record(() => {
      h = st.mul(x, 2);
      return st.square(h);
    });
    h.dispose();
    expect(tape.gradient(y, x)!.toArray()).toEqual([8, 16, 24]);
  });
});

describe("training steps leave memory flat", () => {
  function setup() {
    const W1 = st.variable(st.randomNormal([8, 16], { std: 0.3, seed: 1 }), { name: "W1" });
    const b1 = st.variable(st.zeros([16]), { name: "b1" });
    const W2 = st.variable(st.randomNormal([16, 3], { std: 0.3, seed: 2 }), { name: "W2" });
    const b2 = st.variable(st.zeros([3]), { name: "b2" });
    const x = st.keep(st.randomUniform([32, 8], { seed: 3 }));
    const target = st.keep(st.randomUniform([32, 3], { seed: 4 }));
    const loss = () => {
      const h = st.relu(st.add(st.matmul(x, W1), b1));
      const out = st.add(st.matmul(h, W2), b2);
      return st.mean(st.square(st.sub(out, target)));
    };
    const vars = [W1, b1, W2, b2];
    const dispose = () => [...vars, x, target].forEach((t) => t.dispose());
    return { vars, loss, dispose };
  }

  it("1000 tidy'd steps with a tape and applyGradients", () => {
    const { vars, loss, dispose } = setup();
    const opt = st.optimizers.sgd({ learningRate: 0.05, momentum: 0.9 });
    const step = () =>
      st.tidy(() => {
        const tape = new st.GradientTape();
        const l = tape.record(loss);
        const grads = tape.gradient(l, vars);
        opt.applyGradients(grads.map((g, i) => [g, vars[i]] as const));
        return l.item();
      });
    const first = step(); // creates the optimizer's slots
    const base = snapshot();
    let last = first;
    for (let i = 0; i < 1000; i++) last = step();
    expect(snapshot()).toEqual(base);
    expect(last).toBeLessThan(first);
    opt.dispose();
    dispose();
  });

  it("1000 steps of optimizer.minimize", () => {
    const { loss, dispose } = setup();
    const opt = st.optimizers.adam({ learningRate: 0.01 });
    opt.minimize(loss).dispose();
    const base = snapshot();
    for (let i = 0; i < 1000; i++) st.tidy(() => void opt.minimize(loss));
    expect(snapshot()).toEqual(base);
    opt.dispose();
    dispose();
  });

  it("200 tidy'd steps with nested tapes (a gradient-norm penalty)", () => {
    const { vars, loss, dispose } = setup();
    const opt = st.optimizers.sgd({ learningRate: 0.01 });
    const step = () =>
      st.tidy(() => {
        const outer = new st.GradientTape();
        const total = outer.record(() => {
          const inner = new st.GradientTape();
          const l = inner.record(loss);
          const g = inner.gradient(l, vars[0])!;
          return st.add(l, st.mul(st.sum(st.square(g)), 0.1));
        });
        const grads = outer.gradient(total, vars);
        opt.applyGradients(grads.map((g, i) => [g, vars[i]] as const));
      });
    step();
    const base = snapshot();
    for (let i = 0; i < 200; i++) step();
    expect(snapshot()).toEqual(base);
    opt.dispose();
    dispose();
  });
});

describe("gradient() inside the tape's own record()", () => {
  it("a non-persistent tape asked inside record() records nothing more and holds nothing", () => {
    const x = st.variable([1, 2]);
    const base = snapshot();
    const tape = new st.GradientTape();
    st.tidy(() => {
      tape.record(() => {
        const y = st.sum(st.square(x));
        expect(tape.gradient(y, x)!.toArray()).toEqual([2, 4]);
        st.mul(st.square(x), x); // after the gradient: not recorded, nothing saved
      });
    });
    expect(snapshot()).toEqual(base);
    tape.dispose();
    x.dispose();
  });
});
