import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as st from "../../src/index.js";

let base: st.MemoryInfo;
beforeEach(() => {
  base = st.memory();
});
afterEach(() => {
  // Every test leaves the heap as it found it.
  const now = st.memory();
  expect(now.tensors).toBe(base.tensors);
  expect(now.bytes).toBe(base.bytes);
  expect(now.storages).toBe(base.storages);
});

describe("memory()", () => {
  it("counts live tensors (views included), their bytes and storage blocks", () => {
    const a = st.zeros([10]); // 40 bytes
    expect(st.memory().tensors).toBe(base.tensors + 1);
    expect(st.memory().bytes).toBe(base.bytes + 40);
    expect(st.memory().storages).toBe(base.storages + 1);
    const v = a.reshape([2, 5]); // a view: a tensor, no bytes
    expect(st.memory().tensors).toBe(base.tensors + 2);
    expect(st.memory().bytes).toBe(base.bytes + 40);
    expect(st.memory().storages).toBe(base.storages + 1);
    const d = st.zeros([3], "float64"); // 24 bytes
    expect(st.memory().bytes).toBe(base.bytes + 64);
    const m = st.memory();
    expect(m.heapBytes).toBeGreaterThan(0);
    expect(m.heapBytes % 65536).toBe(0);
    expect(m.freeBytes).toBeGreaterThanOrEqual(0);
    for (const t of [a, v, d]) t.dispose();
  });
});

describe("tidy", () => {
  it("disposes every tensor made inside except the returned one", () => {
    const x = st.tensor([1, -2, 3]);
    const y = st.tensor([1, 1, 1]);
    const inner: st.Tensor[] = [];
    const out = st.tidy(() => {
      const s = st.add(x, y);
      const r = st.relu(s);
      inner.push(s, r, st.zeros([100]));
      return r;
    });
    expect(out.isDisposed).toBe(false);
    expect(Array.from(out.data())).toEqual([2, 0, 4]);
    expect(inner[0].isDisposed).toBe(true);
    expect(inner[2].isDisposed).toBe(true);
    expect(x.isDisposed).toBe(false); // made outside: untouched
    expect(st.memory().tensors).toBe(base.tensors + 3);
    for (const t of [x, y, out]) t.dispose();
  });

  it("returns arrays and plain objects of tensors (nested), and plain values", () => {
    const r = st.tidy(() => {
      const a = st.ones([2]);
      const b = st.zeros([2]);
      st.zeros([5]); // garbage
      return { a, list: [b, { deep: st.full([1], 3) }], n: 42, s: "x" };
    });
    expect(r.n).toBe(42);
    expect(r.a.isDisposed).toBe(false);
    expect((r.list[0] as st.Tensor).isDisposed).toBe(false);
    const deep = (r.list[1] as { deep: st.Tensor }).deep;
    expect(deep.item()).toBe(3);
    expect(st.memory().tensors).toBe(base.tensors + 3);
    r.a.dispose();
    (r.list[0] as st.Tensor).dispose();
    deep.dispose();
    expect(st.tidy(() => 5)).toBe(5);
    expect(st.tidy(() => undefined)).toBeUndefined();
    const arr = st.tidy(() => [st.zeros([1]), st.ones([1])]);
    expect(arr.map((t) => t.item())).toEqual([0, 1]);
    arr.forEach((t) => t.dispose());
  });

  it("nests: an inner result moves to the outer scope and is disposed there unless returned", () => {
    let innerResult!: st.Tensor;
    let innerGarbage!: st.Tensor;
    const outer = st.tidy(() => {
      innerResult = st.tidy(() => {
        innerGarbage = st.zeros([3]);
        return st.ones([3]);
      });
      expect(innerGarbage.isDisposed).toBe(true);
      expect(innerResult.isDisposed).toBe(false);
      const kept = st.tidy(() => st.tidy(() => st.full([2], 7)));
      expect(kept.isDisposed).toBe(false);
      return kept;
    });
    expect(innerResult.isDisposed).toBe(true); // the outer scope did not return it
    expect(outer.isDisposed).toBe(false);
    expect(Array.from(outer.data())).toEqual([7, 7]);
    outer.dispose();
  });

  it("keep() exempts a tensor from every scope", () => {
    let kept!: st.Tensor;
    st.tidy(() => {
      st.tidy(() => {
        kept = st.keep(st.ones([4]));
        st.zeros([4]);
      });
      expect(kept.isDisposed).toBe(false);
    });
    expect(kept.isDisposed).toBe(false);
    expect(st.keep(kept)).toBe(kept);
    kept.dispose();
    expect(() => st.keep(kept)).toThrow(st.DisposedTensorError);
    expect(() => st.keep(3 as unknown as st.Tensor)).toThrow(st.InvalidArgumentError);
  });

  it("dispose() inside tidy is fine (no double free)", () => {
    const before = st.memory();
    st.tidy(() => {
      const a = st.zeros([8]);
      a.dispose();
      a.dispose();
      const b = st.ones([8]);
      b.dispose();
    });
    expect(st.memory().freeBytes).toBeGreaterThanOrEqual(before.freeBytes);
    // Two allocations of the same class after this must not share memory.
    const x = st.full([8], 1);
    const y = st.full([8], 2);
    expect(Array.from(x.data())).toEqual(new Array(8).fill(1));
    expect(Array.from(y.data())).toEqual(new Array(8).fill(2));
    x.dispose();
    y.dispose();
  });

  it("rethrows when fn throws and still disposes what fn made (except keep'd tensors)", () => {
    let made!: st.Tensor;
    let kept!: st.Tensor;
    const error = new Error("boom");
    expect(() =>
      st.tidy(() => {
        made = st.zeros([10]);
        kept = st.keep(st.zeros([10]));
        st.tidy(() => {
          st.ones([3]);
          throw error;
        });
      }),
    ).toThrow(error);
    expect(made.isDisposed).toBe(true);
    expect(kept.isDisposed).toBe(false);
    kept.dispose();
    // An op error inside tidy: the error propagates with its class, the scope is cleaned.
    expect(() => st.tidy(() => st.add(st.zeros([2]), st.zeros([3])))).toThrow(st.BroadcastError);
    // The scope stack is intact afterwards: a new tidy works normally.
    const r = st.tidy(() => st.ones([1]));
    expect(r.isDisposed).toBe(false);
    r.dispose();
  });

  it("views returned from tidy keep their storage alive after the base is disposed", () => {
    const v = st.tidy(() => st.transpose(st.arange(6).reshape([2, 3])));
    expect(v.toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(st.memory().storages).toBe(base.storages + 1);
    v.dispose();
  });

  it("returning a tensor made outside the scope leaves it alone", () => {
    const x = st.ones([2]);
    const r = st.tidy(() => x);
    expect(r).toBe(x);
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it("rejects a non-function and an async function (cleaning up what the promise's sync part made)", () => {
    expect(() => st.tidy(3 as unknown as () => void)).toThrow(st.InvalidArgumentError);
    let made!: st.Tensor;
    expect(() =>
      st.tidy((async () => {
        made = st.zeros([2]);
      }) as unknown as () => void),
    ).toThrow(st.InvalidArgumentError);
    expect(made.isDisposed).toBe(true);
  });

  it("10,000 iterations of relu(add(x, y)) in tidy leave memory() flat", () => {
    const x = st.randomUniform([20, 100], { seed: 1 });
    const y = st.randomUniform([20, 100], { seed: 2, min: -1 });
    // Warm up: the first iterations may populate the free lists.
    for (let i = 0; i < 10; i++) {
      st.tidy(() => {
        st.relu(st.add(x, y));
      });
    }
    const before = st.memory();
    for (let i = 0; i < 10_000; i++) {
      st.tidy(() => {
        st.relu(st.add(x, y));
      });
    }
    const after = st.memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
    expect(after.storages).toBe(before.storages);
    expect(after.heapBytes).toBe(before.heapBytes);
    expect(after.freeBytes).toBe(before.freeBytes);
    // The same with broadcasting, scalars, views and a returned result.
    const b = st.randomUniform([100], { seed: 3 });
    const before2 = st.memory();
    for (let i = 0; i < 10_000; i++) {
      const r = st.tidy(() => st.maximum(st.mul(st.transpose(x).reshape([100, 20]), 2), st.sub(1, b.reshape([100, 1]))));
      r.dispose();
    }
    expect(st.memory().tensors).toBe(before2.tensors);
    expect(st.memory().bytes).toBe(before2.bytes);
    expect(st.memory().heapBytes).toBe(before2.heapBytes);
    for (const t of [x, y, b]) t.dispose();
  });

  it("disposed memory is reused: a loop of allocate/dispose does not grow the heap", () => {
    st.tidy(() => st.zeros([1 << 20]).dispose()); // warm the size class
    const before = st.memory();
    for (let i = 0; i < 200; i++) {
      const t = st.zeros([1 << 20]); // 4 MiB
      t.dispose();
      const u = st.tidy(() => st.add(st.ones([5000]), 1));
      u.dispose();
    }
    expect(st.memory().heapBytes).toBe(before.heapBytes);
  });
});

describe("the finalizer safety net stays off the hot path", () => {
  // Internal flag: registered with the FinalizationRegistry (DESIGN §3: register only
  // tensors that outlive their tidy scope).
  const registered = (t: st.Tensor) => (t as unknown as { finalizable: boolean }).finalizable;

  it("registers tensors made outside tidy and tidy results that leave the outermost scope, nothing else", () => {
    const outside = st.zeros([1]);
    expect(registered(outside)).toBe(true);
    let inner!: st.Tensor;
    let innerResult!: st.Tensor;
    const result = st.tidy(() => {
      inner = st.zeros([1]);
      expect(registered(inner)).toBe(false);
      innerResult = st.tidy(() => st.ones([1]));
      expect(registered(innerResult)).toBe(false); // moved to the outer scope, not yet out
      return st.add(inner, 1);
    });
    expect(registered(result)).toBe(true);
    outside.dispose();
    result.dispose();
    expect(registered(outside)).toBe(false);
    expect(registered(result)).toBe(false);
    let k!: st.Tensor;
    st.tidy(() => {
      k = st.keep(st.zeros([1]));
    });
    expect(registered(k)).toBe(true);
    k.dispose();
  });
});

describe("tidy never leaves its scope open", () => {
  /** Tensors made after the tidy are reclaimed by an enclosing tidy: the scope stack is intact. */
  function expectScopesIntact(): void {
    const before = st.memory().tensors;
    st.tidy(() => {
      st.add(st.ones([3]), 1);
    });
    expect(st.memory().tensors).toBe(before);
  }

  it("a result holding a cycle keeps its tensors and closes the scope", () => {
    const before = st.memory().tensors;
    const out = st.tidy(() => {
      const o: Record<string, unknown> = { t: st.ones([2]) };
      o.self = o;
      o.list = [o, { back: o, u: st.zeros([1]) }];
      st.ones([5]); // not in the result: freed
      return o;
    });
    expect((out.t as st.Tensor).isDisposed).toBe(false);
    expect(((out.list as unknown[])[1] as { u: st.Tensor }).u.isDisposed).toBe(false);
    expect(st.memory().tensors).toBe(before + 2);
    (out.t as st.Tensor).dispose();
    ((out.list as unknown[])[1] as { u: st.Tensor }).u.dispose();
    expectScopesIntact();
  });

  it("a getter that throws while the result is searched: the error comes through, everything made inside is freed", () => {
    const before = st.memory().tensors;
    expect(() =>
      st.tidy(() => {
        const t = st.ones([2]);
        return { t, get broken(): never { throw new Error("getter failed"); } };
      }),
    ).toThrow("getter failed");
    expect(st.memory().tensors).toBe(before);
    expectScopesIntact();
  });

  it("tensors in null-prototype objects and Maps survive; in other class instances they do not", () => {
    const before = st.memory().tensors;
    const out = st.tidy(() => {
      const bare = Object.create(null) as Record<string, st.Tensor>;
      bare.a = st.ones([1]);
      const map = new Map<string, st.Tensor>([["b", st.ones([1])]]);
      class Box { constructor(readonly c: st.Tensor) {} }
      return { bare, map, box: new Box(st.ones([1])) };
    });
    expect(out.bare.a.isDisposed).toBe(false);
    expect(out.map.get("b")!.isDisposed).toBe(false);
    expect(out.box.c.isDisposed).toBe(true);
    expect(st.memory().tensors).toBe(before + 2);
    out.bare.a.dispose();
    out.map.get("b")!.dispose();
    expectScopesIntact();
  });

  it("an async fn is an error, its tensors are freed, and no unhandled rejection follows", async () => {
    const before = st.memory().tensors;
    expect(() => st.tidy(async () => st.ones([2]))).toThrow(/synchronous/);
    expect(() => st.tidy(async () => { throw new Error("later"); })).toThrow(/synchronous/);
    await new Promise((r) => setTimeout(r, 0));
    expect(st.memory().tensors).toBe(before);
    expectScopesIntact();
  });

  it("withThreads refuses an async body instead of silently uncapping after its first await", async () => {
    expect(() => st.withThreads(1, async () => 1)).toThrow(st.InvalidArgumentError);
    expect(() => st.withThreads(1, async () => 1)).toThrow(/synchronous/);
    expect(st.withThreads(1, () => 7)).toBe(7);
    await new Promise((r) => setTimeout(r, 0));
  });
});

describe("tensors left outside tidy are visible", () => {
  it("memory().untidied counts live tensors no tidy will free: made outside, or returned from the outermost tidy; not kept ones", () => {
    const start = st.memory().untidied;
    const a = st.ones([2]); // outside tidy
    expect(st.memory().untidied).toBe(start + 1);
    const b = st.tidy(() => {
      st.ones([3]); // freed by the tidy
      return st.zeros([4]); // escapes it
    });
    expect(st.memory().untidied).toBe(start + 2);
    const v = st.tidy(() => st.variable(st.ones([2]))); // kept: not counted (its init is freed)
    const k = st.keep(st.ones([1])); // kept outside tidy: no longer counted
    expect(st.memory().untidied).toBe(start + 2);
    for (const t of [a, b, v, k]) t.dispose();
    expect(st.memory().untidied).toBe(start);
  });

  it("past the threshold a one-time warning names the count and tidy", async () => {
    const { UNTIDIED_WARNING } = await import("../../src/memory/scope.js");
    const saved = { ...UNTIDIED_WARNING };
    const emitted: string[] = [];
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(((w: string | Error) => {
      emitted.push(String(w));
    }) as typeof process.emitWarning);
    try {
      UNTIDIED_WARNING.tensors = st.memory().untidied + 50;
      const made = Array.from({ length: 60 }, () => st.ones([1]));
      const more = Array.from({ length: 60 }, () => st.ones([1]));
      expect(emitted).toHaveLength(1);
      expect(emitted[0]).toMatch(/\d+ tensors \(\d+ MiB\) are live outside any tidy\(\).*st\.tidy/);
      for (const t of [...made, ...more]) t.dispose();
    } finally {
      Object.assign(UNTIDIED_WARNING, saved);
      spy.mockRestore();
    }
  });
});
