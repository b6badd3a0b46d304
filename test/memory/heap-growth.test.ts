// Tensors across wasm memory growth, addresses above 2 GiB, and the 4 GiB ceiling.
// The tests run in order and share the process-wide heap. Big blocks that only need to
// exist (not be written) come from Tensor.empty, which leaves their pages untouched:
// filling gigabytes would cost seconds of page faults and prove nothing more.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { makeTensor, LAYOUTS } from "../helpers/layouts.js";
import { float32Values } from "../helpers/prng.js";
import { BINARY_OPS, UNARY_OPS, ZERO_SIGN_FREE, binaryRef, expectSameValues, unaryRef } from "../helpers/reference.js";

const GiB = 2 ** 30;
const MiB = 2 ** 20;

function ptrOf(t: st.Tensor): number {
  return t.storage!.ptr;
}

/** An uninitialised tensor (internal API: no fill, so its pages stay untouched). */
function empty(shape: number[], dtype: st.DType = "float32"): st.Tensor {
  return st.Tensor.empty(shape, dtype);
}

// Small tensors made before any growth; checked after every step.
const early = st.randomUniform([1000], { seed: 11, min: -5, max: 5 });
const earlyValues = Array.from(early.data());
const earlyView = st.transpose(st.reshape(early, [40, 25]));
function expectEarlyIntact(): void {
  expect(Array.from(early.data())).toEqual(earlyValues);
  expect(earlyView.data()[1]).toBe(earlyValues[25]);
  st.tidy(() => expect(Array.from(st.add(early, 0).data())).toEqual(earlyValues));
}

/**
 * Every element-wise op on every build and layout, on tensors allocated now (at the top
 * of the heap); returns the lowest storage address used.
 */
function opsWorkHere(): number {
  let lowest = Infinity;
  const builds = st.backendInfo().available;
  try {
    for (const build of builds) {
      st.setBackend(build);
      st.tidy(() => {
        for (const layout of LAYOUTS) {
          const shape = [3, 37];
          const av = float32Values(111, 1);
          const bv = float32Values(37, 2);
          const a = makeTensor(st, av, shape, layout);
          const b = makeTensor(st, bv, [37], layout);
          lowest = Math.min(lowest, ptrOf(a), ptrOf(b));
          for (const op of BINARY_OPS) {
            const ctx = `${build} ${op} ${layout}`;
            expectSameValues(st[op](a, b).data(), binaryRef(op, av, shape, bv, [37]).values, ctx, ZERO_SIGN_FREE.has(op));
            expectSameValues(st[op](a, 1.5).data(), binaryRef(op, av, shape, [1.5], []).values, `${ctx} scalar`, ZERO_SIGN_FREE.has(op));
          }
          for (const op of UNARY_OPS) expectSameValues(st[op](a).data(), unaryRef(op, av), `${build} ${op} ${layout}`, ZERO_SIGN_FREE.has(op));
          expectSameValues(a.contiguous().data(), av, `${build} contiguous() ${layout}`);
          expectSameValues(st.transpose(a).contiguous().transpose().data(), av, `${build} transpose copy ${layout}`);
          expectSameValues(st.reshape(a, [-1]).data(), av, `${build} reshape ${layout}`);
        }
      });
    }
  } finally {
    st.setBackend(st.backendInfo().defaultBuild);
  }
  return lowest;
}

describe("memory growth", () => {
  it("several 64 MB tensors grow the heap; earlier tensors keep their values; new ones compute correctly", () => {
    const startHeap = st.memory().heapBytes;
    const bigs = [st.zeros([16 * MiB]), st.full([16 * MiB], 1.5), st.full([16 * MiB], -2)];
    expect(st.memory().heapBytes).toBeGreaterThan(startHeap);
    expect(st.memory().heapBytes).toBeGreaterThanOrEqual(3 * 64 * MiB);
    expectEarlyIntact();
    const sum = st.add(bigs[1], bigs[2]); // another 64 MB: another growth
    const d = sum.data();
    expect(d.length).toBe(16 * MiB);
    for (const i of [0, 1, 4095, 4096, d.length >> 1, d.length - 5, d.length - 1]) expect(d[i]).toBe(-0.5);
    const z = bigs[0].data();
    expect(z[z.length - 1]).toBe(0);
    expectEarlyIntact();
    opsWorkHere();
    for (const t of [...bigs, sum]) t.dispose();
  });

  it("disposed memory is reused: allocating and disposing 64 MB in a loop does not grow the heap", () => {
    st.zeros([16 * MiB]).dispose();
    const heap = st.memory().heapBytes;
    for (let i = 0; i < 20; i++) {
      const t = st.zeros([16 * MiB]);
      const u = st.tidy(() => st.mul(st.ones([1000]), i));
      t.dispose();
      u.dispose();
    }
    expect(st.memory().heapBytes).toBe(heap);
    expectEarlyIntact();
  });
});

describe("tensors of 2 GiB and more", () => {
  it("a 2 GiB float32 tensor gets a 2 GiB block (its bytes are accounted, other tensors do not overlap it)", () => {
    const before = st.memory();
    const big = empty([2 ** 29]); // 2^31 bytes
    try {
      expect(st.memory().bytes - before.bytes).toBe(2 ** 31);
      expect(st.memory().heapBytes).toBeGreaterThanOrEqual(2 ** 31);
      const small = st.full([4], 9);
      const p = ptrOf(small);
      expect(p >= ptrOf(big) + 2 ** 31 || p + 16 <= ptrOf(big)).toBe(true);
      // Its last elements are addressable and distinct from `small`.
      const tail = big.view([4], [1], 2 ** 29 - 4);
      st.tidy(() => expect(Array.from(st.add(tail, 1).data())).toEqual([1, 1, 1, 1]));
      expect(Array.from(small.data())).toEqual([9, 9, 9, 9]);
      tail.dispose();
      small.dispose();
    } finally {
      big.dispose();
    }
    expectEarlyIntact();
  });

  it("float64 elements past byte offset 2^31 are addressed correctly", () => {
    const big = empty([2 ** 28 + 8], "float64"); // 2 GiB + 64 bytes
    try {
      expect(st.memory().heapBytes).toBeGreaterThanOrEqual(2 ** 31 + 64);
      // Element 2^28 sits at byte offset 2^31 inside the block. The block is uninitialised
      // (it may hold bytes of earlier, freed tensors): compare ops with what data() reads there.
      const tail = big.view([8], [1], 2 ** 28);
      try {
        const before = Array.from(tail.data());
        expect(before).toHaveLength(8);
        st.tidy(() => {
          const r = st.add(tail, 2.5);
          expect(r.dtype).toBe("float64");
          expect(Array.from(r.data())).toEqual(before.map((v) => v + 2.5));
          const s = st.add(st.tensor(new Float64Array(8)), tail);
          expect(Array.from(s.data())).toEqual(before.map((v) => v + 0));
        });
      } finally {
        tail.dispose();
      }
    } finally {
      big.dispose();
    }
    expectEarlyIntact();
  });
});

describe("addresses above 2 GiB", () => {
  let fillers: st.Tensor[] = [];

  it("every element-wise op, copy and view works on tensors stored above 2 GiB, on every build", () => {
    fillers = [empty([Math.round(1.125 * GiB) / 4]), empty([Math.round(1.125 * GiB) / 4])];
    const lowest = opsWorkHere();
    expect(lowest).toBeGreaterThanOrEqual(2 ** 31); // the test really ran up there
    expectEarlyIntact();
  });

  it("an allocation past the 4 GiB ceiling throws a RangeError that says so; every live tensor stays intact", () => {
    expect(fillers).toHaveLength(2);
    const high = st.randomUniform([257], { seed: 5 });
    const highValues = Array.from(high.data());
    expect(ptrOf(high)).toBeGreaterThanOrEqual(2 ** 31);
    const before = st.memory();
    const request = Math.floor((1.9 * GiB) / 4); // < 2 GiB of bytes, but the heap holds 2.25 GiB already
    let error: unknown;
    try {
      st.zeros([request]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/4 GiB/);
    // ...and who holds the heap, with the usual cause.
    expect((error as Error).message).toMatch(/\d+ tensors are live, \d+ tensors \(\d+ MiB\) of them outside any tidy\(\).*st\.tidy/);
    expect(st.memory().tensors).toBe(before.tensors);
    expect(st.memory().bytes).toBe(before.bytes);
    expect(Array.from(high.data())).toEqual(highValues);
    expectEarlyIntact();
    // The heap still serves small requests and ops.
    st.tidy(() => expect(Array.from(st.add(high, 1).data())).toEqual(highValues.map((v) => Math.fround(v + 1))));
    expect(() => st.ones([request])).toThrow(RangeError);
    // An op whose output would not fit (1.8 GiB, on top of the 2.25 GiB in use).
    expect(() => st.tidy(() => st.add(st.broadcastTo(high.reshape([257, 1]), [257, 1_900_000]), 1))).toThrow(RangeError);
    expect(st.memory().tensors).toBe(before.tensors);
    high.dispose();
  });

  it("after the failures, ops on every build still work up there", () => {
    opsWorkHere();
    for (const f of fillers) f.dispose();
    expectEarlyIntact();
  });
});
