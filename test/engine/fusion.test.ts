// relu fused into the binary op that feeds it (src/engine/fusion.ts): the fused
// result must be bit-identical to the two-pass one on every build, dtype, size and scalar
// side; the deferred intermediate must stay correct whatever happens before it is read
// (inputs disposed or assigned in place, views, build switches, threads); and the fusion
// must really skip the intermediate's pass, which only the kernel calls can show.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import * as st from "../../src/index.js";
import { kernels } from "../../src/backend/active-build.js";
import { ELEMENTWISE, THEN_RELU } from "../../src/manifest.js";
import { deferral } from "../../src/engine/fusion.js";
import { tuning } from "../../src/threads/tuning.js";
import { describeEachBuild } from "../helpers/builds.js";
import { fcParams } from "../helpers/fc.js";
import { float32Values, TestRng } from "../helpers/prng.js";
import { BINARY_OPS, BINARY_REF, expectSameValues, roundTo, type BinaryName } from "../helpers/reference.js";
import { SIZES } from "../helpers/elementwise-suite.js";

// Small operands run at once (deferral.minElements); here every size defers, so the
// kernels' tails and the lifetimes are tested on small tensors. The real threshold has
// its own test below.
const MIN_ELEMENTS = deferral.minElements;
beforeAll(() => {
  deferral.minElements = 1;
});
afterAll(() => {
  deferral.minElements = MIN_ELEMENTS;
});

const DTYPES: readonly st.DType[] = ["float32", "float64", "int32"];
/** Ops with an int32 kernel (int32 div runs in float32, through a cast, so it never defers). */
const INT_OPS: ReadonlySet<BinaryName> = new Set(["add", "sub", "mul", "maximum", "minimum"]);

function disposeAll(ts: readonly st.Tensor[]): void {
  for (const t of ts) t.dispose();
}

function valuesFor(dtype: st.DType, n: number, seed: number): number[] {
  if (dtype === "int32") {
    const rng = new TestRng(seed);
    return Array.from({ length: n }, () => rng.int(-50, 50));
  }
  return Array.from(float32Values(n, seed));
}

/** relu(a op b) in two passes: reading the intermediate runs its deferred call first. */
function twoPass(op: BinaryName, a: st.TensorLike, b: st.TensorLike): st.TypedArray {
  return st.tidy(() => {
    const t = st[op](a, b);
    t.data();
    return st.relu(t).data();
  });
}

function fused(op: BinaryName, a: st.TensorLike, b: st.TensorLike): st.TypedArray {
  return st.tidy(() => st.relu(st[op](a, b)).data());
}

/** relu(f(a, b)) in plain JS, rounded to the dtype after each step. */
function reference(op: BinaryName, dtype: st.DType, av: readonly number[], bv: readonly number[] | number, scalarOnLeft = false): number[] {
  const round = roundTo(dtype);
  return av.map((x, i) => {
    const y = typeof bv === "number" ? round(bv) : bv[i];
    const v = round(scalarOnLeft ? BINARY_REF[op](y, x) : BINARY_REF[op](x, y));
    return v < 0 ? 0 : v;
  });
}

describeEachBuild(st, st.backendInfo().available, (build) => {
  describe.each(DTYPES.map((d) => [d]))("%s", (dtype) => {
    const ops = BINARY_OPS.filter((op) => dtype !== "int32" || INT_OPS.has(op));

    it.each(ops.map((op) => [op]))("relu(a %s b): fused equals two passes and the reference at every size", (op) => {
      for (const n of SIZES) {
        st.tidy(() => {
          const av = valuesFor(dtype, n, 10 + n), bv = valuesFor(dtype, n, 20 + n);
          const a = st.tensor(av, [n], dtype), b = st.tensor(bv, [n], dtype);
          const ctx = `${build} ${dtype} relu(${op}) n=${n}`;
          const got = fused(op, a, b);
          expectSameValues(got, twoPass(op, a, b), `${ctx}: fused vs two passes`);
          expectSameValues(got, reference(op, dtype, av, bv), `${ctx}: vs reference`, true);
        });
      }
    });

    it.each(ops.map((op) => [op]))("relu(a %s s) and relu(s %s a) with a JS number", (op) => {
      const scalars = dtype === "int32" ? [3, -7, 0] : [2.5, -0.75, 0, -0, NaN, Infinity, -Infinity];
      for (const n of [1, 5, 17, 64, 131]) {
        st.tidy(() => {
          const av = valuesFor(dtype, n, 30 + n);
          const a = st.tensor(av, [n], dtype);
          for (const s of scalars) {
            const ctx = `${build} ${dtype} n=${n} s=${s}`;
            expectSameValues(fused(op, a, s), twoPass(op, a, s), `${ctx} relu(a ${op} s)`);
            expectSameValues(fused(op, a, s), reference(op, dtype, av, s), `${ctx} relu(a ${op} s) vs reference`, true);
            expectSameValues(fused(op, s, a), twoPass(op, s, a), `${ctx} relu(s ${op} a)`);
            expectSameValues(fused(op, s, a), reference(op, dtype, av, s, true), `${ctx} relu(s ${op} a) vs reference`, true);
          }
        });
      }
    });
  });
});

describe("the fused pass replaces two passes", () => {
  afterEach(() => vi.restoreAllMocks());

  function spies() {
    const f32 = kernels.elementwise.float32;
    return { binary: vi.spyOn(f32, "binary"), scalar: vi.spyOn(f32, "binaryScalar"), unary: vi.spyOn(f32, "unary") };
  }
  const x = st.keep(st.randomUniform([64, 64], { min: -1, max: 1, seed: 1 }));
  const y = st.keep(st.randomUniform([64, 64], { min: -1, max: 1, seed: 2 }));

  it("relu(x + y) makes one kernel call, the fused one, and never writes x + y", () => {
    const k = spies();
    st.tidy(() => void st.relu(st.add(x, y)));
    expect(k.binary.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.add.code | THEN_RELU]);
    expect(k.unary).not.toHaveBeenCalled();
  });

  it("relu(x * 0.5) makes one fused scalar call", () => {
    const k = spies();
    st.tidy(() => void st.relu(st.mul(x, 0.5)));
    expect(k.scalar.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.mul.code | THEN_RELU]);
    expect(k.unary).not.toHaveBeenCalled();
  });

  it("an add nobody reads still runs (once) before its memory is freed", () => {
    const k = spies();
    st.tidy(() => void st.add(x, y));
    expect(k.binary.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.add.code]);
  });

  it("reading x + y after relu fused it runs the add then, and only then", () => {
    const k = spies();
    st.tidy(() => {
      const t = st.add(x, y);
      const z = st.relu(t);
      expect(k.binary).toHaveBeenCalledTimes(1);
      const tv = t.data(), zv = z.data();
      expect(k.binary.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.add.code | THEN_RELU, ELEMENTWISE.add.code]);
      const xv = x.data(), yv = y.data();
      expectSameValues(tv, Array.from(xv, (v, i) => Math.fround(v + yv[i])), "x + y");
      expectSameValues(zv, Array.from(tv, (v) => (v < 0 ? 0 : v)), "relu(x + y)");
    });
  });

  it("another op on the intermediate runs it first; relu then takes the two-pass road", () => {
    const k = spies();
    st.tidy(() => {
      const t = st.add(x, y);
      st.neg(t);
      st.relu(t);
    });
    expect(k.binary.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.add.code]);
    expect(k.unary).toHaveBeenCalledTimes(2);
  });

  it("at the shipped threshold: below it the add runs at once, from it the pass is fused", () => {
    deferral.minElements = MIN_ELEMENTS;
    try {
      for (const n of [MIN_ELEMENTS - 1, MIN_ELEMENTS, MIN_ELEMENTS + 5]) {
        const k = spies();
        st.tidy(() => {
          const a = st.randomUniform([n], { min: -1, max: 1, seed: 3 }), b = st.randomUniform([n], { min: -1, max: 1, seed: 4 });
          const t = st.add(a, b);
          expect(k.binary, `n=${n}: calls before relu`).toHaveBeenCalledTimes(n < MIN_ELEMENTS ? 1 : 0);
          const z = st.relu(t);
          expect(k.binary.mock.calls.map((c) => c[0]), `n=${n}`).toEqual([n < MIN_ELEMENTS ? ELEMENTWISE.add.code : ELEMENTWISE.add.code | THEN_RELU]);
          const av = a.data(), bv = b.data();
          expectSameValues(z.data(), Array.from(av, (v, i) => Math.max(0, Math.fround(v + bv[i]))), `n=${n} relu(a + b)`, true);
        });
        vi.restoreAllMocks();
      }
    } finally {
      deferral.minElements = 1;
    }
  });

  it("a chain relu(relu(x + y) - y) * 2 ... in one tidy fuses every link", () => {
    const k = spies();
    const z = st.tidy(() => st.relu(st.mul(st.relu(st.sub(st.relu(st.add(x, y)), y)), 2)));
    expect(k.binary.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.add.code | THEN_RELU, ELEMENTWISE.sub.code | THEN_RELU]);
    expect(k.scalar.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.mul.code | THEN_RELU]);
    expect(k.unary).not.toHaveBeenCalled();
    const xv = x.data(), yv = y.data();
    const r = (v: number) => (v < 0 ? 0 : v);
    expectSameValues(z.data(), Array.from(xv, (v, i) => r(Math.fround(2 * r(Math.fround(r(Math.fround(v + yv[i])) - yv[i]))))), "the chain");
    z.dispose();
  });

  it("at most 8 fused intermediates wait; past that the oldest is written, and every one stays readable", () => {
    const k = spies();
    st.tidy(() => {
      const hs: st.Tensor[] = [];
      for (let i = 0; i < 11; i++) {
        const h = st.add(x, i);
        st.relu(h);
        hs.push(h);
      }
      expect(k.scalar.mock.calls.map((c) => c[0])).toEqual([
        ...new Array(11).fill(ELEMENTWISE.add.code | THEN_RELU).flatMap((c, i) => (i >= 8 ? [c, ELEMENTWISE.add.code] : [c])),
      ]);
      const xv = x.data();
      hs.forEach((h, i) => expectSameValues(h.data(), Array.from(xv, (v) => Math.fround(v + i)), `intermediate ${i}`));
    });
  });

  it("under a tape nothing waits: relu's gradient reads x + y anyway, so it runs once, at once", () => {
    const w = st.variable(x);
    const k = spies();
    const tape = new st.GradientTape();
    const loss = tape.record(() => {
      const h = st.add(w, y);
      expect(k.binary.mock.calls.map((c) => c[0])).toEqual([ELEMENTWISE.add.code]);
      return st.sum(st.relu(h));
    });
    const [g] = tape.gradient(loss, [w]);
    const codes = k.binary.mock.calls.map((c) => c[0]);
    expect(codes.filter((c) => c === ELEMENTWISE.add.code)).toHaveLength(1);
    expect(codes).not.toContain(ELEMENTWISE.add.code | THEN_RELU);
    const xv = x.data(), yv = y.data();
    expectSameValues(g!.data(), Array.from(xv, (v, i) => (Math.fround(v + yv[i]) > 0 ? 1 : 0)), "d sum(relu(w + y)) / dw");
    tape.dispose();
    disposeAll([w, loss, g!]);
  });

  it("pow is never deferred (no fused form); int32 div casts and runs at once", () => {
    const k = spies();
    st.tidy(() => {
      st.pow(x, y);
      expect(k.binary).toHaveBeenCalledTimes(1);
      const i = st.tensor([1, 2, 3], [3], "int32");
      const d = st.div(i, st.tensor([2, 2, 2], [3], "int32"));
      expect(Array.from(st.relu(d).data())).toEqual([0.5, 1, 1.5]);
    });
  });
});

describe("a deferred result stays correct until it is read", () => {
  const n = 37;
  const av = Array.from(float32Values(n, 5, false)), bv = Array.from(float32Values(n, 6, false));
  const sum = av.map((v, i) => Math.fround(v + bv[i]));
  const relu = (vs: number[]) => vs.map((v) => (v < 0 ? 0 : v));

  it("its inputs may be disposed first", () => {
    const before = st.memory();
    const a = st.tensor(av), b = st.tensor(bv);
    const t = st.add(a, b);
    a.dispose();
    b.dispose();
    const z = st.relu(t);
    expectSameValues(z.data(), relu(sum), "relu after the inputs were disposed");
    expectSameValues(t.data(), sum, "the intermediate after the inputs were disposed");
    t.dispose();
    z.dispose();
    expect(st.memory().bytes).toBe(before.bytes);
    expect(st.memory().storages).toBe(before.storages);
  });

  it("an input variable assigned in place afterwards does not change it, fused or not", () => {
    const v = st.variable(st.tensor(av));
    const b = st.tensor(bv);
    const t = st.add(v, b);
    v.assign(st.zeros([n]));
    expectSameValues(t.data(), sum, "deferred add, then assign");
    const t2 = st.add(v, b); // v is zeros now
    const z2 = st.relu(t2);
    v.assign(st.tensor(av));
    expectSameValues(t2.data(), bv, "fused, then assign, then read the intermediate");
    expectSameValues(z2.data(), relu(bv), "the fused result");
    disposeAll([v, b, t, t2, z2]);
  });

  it("disposing the intermediate before relu computes it no later than its free, and relu cannot see it", () => {
    const a = st.tensor(av), b = st.tensor(bv);
    const t = st.add(a, b);
    t.dispose();
    expect(() => st.relu(t)).toThrow(st.DisposedTensorError);
    disposeAll([a, b]);
  });

  it("views: a reshape fuses, a transpose or a slice reads the intermediate", () => {
    st.tidy(() => {
      const a = st.tensor(av.slice(0, 36), [6, 6]), b = st.tensor(bv.slice(0, 36), [6, 6]);
      const s = sum.slice(0, 36);
      expectSameValues(st.relu(st.add(a, b).reshape([36])).data(), relu(s), "relu(reshape(a + b))");
      const tt = st.relu(st.transpose(st.add(a, b))).data();
      const want = relu(Array.from({ length: 36 }, (_, k) => s[(k % 6) * 6 + Math.floor(k / 6)]));
      expectSameValues(tt, want, "relu(transpose(a + b))");
      expectSameValues(st.relu(st.slice(st.add(a, b), [1, 0], [5, 6])).data(), relu(s.slice(6)), "relu(slice(a + b))");
    });
  });

  it("chains, self-operands and a second relu of the same intermediate", () => {
    st.tidy(() => {
      const a = st.tensor(av), b = st.tensor(bv);
      const t = st.add(a, b);
      const u = st.add(t, t);
      const z1 = st.relu(u), z2 = st.relu(u);
      const want = relu(sum.map((v) => Math.fround(v + v)));
      expectSameValues(z1.data(), want, "relu(t + t), first");
      expectSameValues(z2.data(), want, "relu(t + t), second");
      expectSameValues(st.relu(st.sub(st.relu(st.add(a, b)), b)).data(), relu(relu(sum).map((v, i) => Math.fround(v - bv[i]))), "relu(relu(a + b) - b)");
    });
  });

  it("a build switch in between runs it on the build it was made on", () => {
    const a = st.tensor(av), b = st.tensor(bv);
    const t = st.mul(a, b);
    st.setBackend("scalar");
    try {
      const z = st.relu(t);
      expectSameValues(z.data(), relu(av.map((v, i) => Math.fround(v * bv[i]))), "relu after setBackend");
      expectSameValues(t.data(), av.map((v, i) => Math.fround(v * bv[i])), "the intermediate after setBackend");
      disposeAll([z, t]);
    } finally {
      st.setBackend(st.backendInfo().defaultBuild);
      disposeAll([a, b]);
    }
  });

  it("the same result with gradients recorded through it", () => {
    const w = st.variable(st.tensor(av));
    const b = st.tensor(bv);
    const tape = new st.GradientTape();
    const loss = tape.record(() => st.sum(st.relu(st.add(w, b))));
    const [g] = tape.gradient(loss, [w]);
    if (g === null) throw new Error("no gradient for w");
    expectSameValues(g.data(), sum.map((v) => (v > 0 ? 1 : 0)), "d sum(relu(w + b)) / dw");
    expect(loss.item()).toBeCloseTo(relu(sum).reduce((p, v) => p + v, 0), 3);
    disposeAll([w, b, loss, g]);
    tape.dispose();
  });

  it("10,000 fused iterations in tidy leave memory flat", () => {
    const a = st.tensor(av), b = st.tensor(bv);
    st.tidy(() => void st.relu(st.add(a, b))); // warm the free lists
    const before = st.memory();
    for (let i = 0; i < 10_000; i++) st.tidy(() => void st.relu(st.add(a, b)));
    expect(st.memory()).toEqual(before);
    disposeAll([a, b]);
  });
});

describe("on worker threads", () => {
  it("the fused kernel split across threads equals one thread, bit for bit", async () => {
    const grain = tuning.elementwisePerThread;
    tuning.elementwisePerThread = 64;
    try {
      await st.setThreads(2);
      for (const n of [127, 128, 1000, 4099]) {
        st.tidy(() => {
          const a = st.tensor(float32Values(n, 7)), b = st.tensor(float32Values(n, 8));
          const many = fused("add", a, b);
          const manyScalar = fused("sub", a, 0.25);
          const one = st.withThreads(1, () => fused("add", a, b));
          const oneScalar = st.withThreads(1, () => fused("sub", a, 0.25));
          expectSameValues(many, one, `n=${n} relu(a + b)`);
          expectSameValues(manyScalar, oneScalar, `n=${n} relu(a - 0.25)`);
        });
      }
    } finally {
      tuning.elementwisePerThread = grain;
      await st.setThreads(1);
    }
  });
});

// Random programs of adds, relus, reads, assigns and disposes, against plain arrays.
describe("random programs (property)", () => {
  type Cmd =
    | { kind: "binary"; op: BinaryName; i: number; j: number }
    | { kind: "scalar"; op: BinaryName; i: number; s: number; left: boolean }
    | { kind: "relu"; i: number }
    | { kind: "read"; i: number }
    | { kind: "assign"; i: number }
    | { kind: "dispose"; i: number };
  const op = fc.constantFrom(...BINARY_OPS);
  const idx = fc.nat(50);
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    fc.record({ kind: fc.constant("binary" as const), op, i: idx, j: idx }),
    fc.record({ kind: fc.constant("scalar" as const), op, i: idx, s: fc.constantFrom(-1.5, 0, 0.5, 2), left: fc.boolean() }),
    fc.record({ kind: fc.constant("relu" as const), i: idx }),
    fc.record({ kind: fc.constant("relu" as const), i: idx }),
    fc.record({ kind: fc.constant("read" as const), i: idx }),
    fc.record({ kind: fc.constant("assign" as const), i: idx }),
    fc.record({ kind: fc.constant("dispose" as const), i: idx }),
  );

  it("every live tensor always holds what eager evaluation gives", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 4, 19, 64), fc.array(cmd, { maxLength: 40 }), (n, cmds) => {
        const before = st.memory();
        const init = st.tensor(float32Values(n, 1, false));
        const v = st.variable(init);
        init.dispose();
        const live: { t: st.Tensor; ref: number[] }[] = [
          { t: v, ref: Array.from(v.data()) },
          { t: st.tensor(float32Values(n, 2, false)), ref: Array.from(float32Values(n, 2, false)) },
        ];
        const pick = (i: number) => live[i % live.length];
        for (const c of cmds) {
          if (c.kind === "binary") {
            const a = pick(c.i), b = pick(c.j);
            live.push({ t: st[c.op](a.t, b.t), ref: a.ref.map((x, k) => Math.fround(BINARY_REF[c.op](x, b.ref[k]))) });
          } else if (c.kind === "scalar") {
            const a = pick(c.i);
            const f = (x: number) => Math.fround(c.left ? BINARY_REF[c.op](c.s, x) : BINARY_REF[c.op](x, c.s));
            live.push({ t: c.left ? st[c.op](c.s, a.t) : st[c.op](a.t, c.s), ref: a.ref.map(f) });
          } else if (c.kind === "relu") {
            const a = pick(c.i);
            live.push({ t: st.relu(a.t), ref: a.ref.map((x) => (x < 0 ? 0 : x)) });
          } else if (c.kind === "read") {
            const a = pick(c.i);
            expectSameValues(a.t.data(), a.ref, "read in the middle", true);
          } else if (c.kind === "assign") {
            const src = pick(c.i);
            v.assign(src.t);
            live[0].ref = src.ref.slice();
          } else if (live.length > 2) {
            const k = 2 + (c.i % (live.length - 2));
            live[k].t.dispose();
            live.splice(k, 1);
          }
        }
        for (const { t, ref } of live) expectSameValues(t.data(), ref, "at the end", true);
        disposeAll(live.map((l) => l.t));
        expect(st.memory().storages).toBe(before.storages);
      }),
      fcParams(300),
    );
  });
});
