// The FinalizationRegistry safety net: tensors nobody disposed are freed after garbage
// collection, exactly once (never a double free, never a free of a block a live view
// still reads). gc() is exposed at run time (v8 flag + a fresh context), so this file
// needs no special vitest configuration.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Full GCs with turns of the event loop between them, so finalization callbacks run. */
async function collect(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Made in a separate function so that no stack slot keeps them alive. */
function makeGarbage(n: number, shape: number[]): void {
  for (let i = 0; i < n; i++) st.full(shape, i);
}

describe("FinalizationRegistry safety net", () => {
  it("frees tensors made outside tidy and dropped without dispose()", async () => {
    await collect();
    const before = st.memory();
    makeGarbage(200, [64]);
    expect(st.memory().tensors).toBe(before.tensors + 200);
    expect(st.memory().bytes).toBe(before.bytes + 200 * 256);
    await collect();
    const after = st.memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
    expect(after.storages).toBe(before.storages);
  });

  it("frees tidy results and keep()'d tensors that were dropped", async () => {
    await collect();
    const before = st.memory();
    (() => {
      for (let i = 0; i < 50; i++) st.tidy(() => st.add(st.ones([16]), i));
      st.tidy(() => {
        for (let i = 0; i < 50; i++) st.keep(st.zeros([16]));
      });
    })();
    expect(st.memory().tensors).toBe(before.tensors + 100);
    await collect();
    expect(st.memory().tensors).toBe(before.tensors);
    expect(st.memory().bytes).toBe(before.bytes);
  });

  it("a collected base does not free the block a live view still reads", async () => {
    await collect();
    const before = st.memory();
    const view = (() => {
      const base = st.arange(12);
      return st.transpose(st.reshape(base, [3, 4]));
    })();
    // The intermediate reshape view and the base are garbage now; the transposed view is not.
    await collect();
    expect(st.memory().storages).toBe(before.storages + 1);
    expect(st.memory().tensors).toBe(before.tensors + 1);
    // Reuse every free block of that class: none of them may be the view's block.
    const fillers = Array.from({ length: 50 }, (_, i) => st.full([12], 100 + i));
    expect(view.toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    for (const f of fillers) f.dispose();
    view.dispose();
    expect(st.memory().storages).toBe(before.storages);
  });

  it("never double-frees: disposed tensors are not freed again when collected, and survivors dispose normally", async () => {
    await collect();
    const before = st.memory();
    const survivors: st.Tensor[] = [];
    const survivorValues: number[] = [];
    (() => {
      for (let i = 0; i < 100; i++) {
        const t = st.full([32], i);
        if (i % 3 === 0) t.dispose(); // disposed, then dropped
        else if (i % 3 === 1) {
          survivors.push(t); // kept alive
          survivorValues.push(i);
        }
        // else: dropped undisposed
      }
    })();
    await collect();
    expect(st.memory().tensors).toBe(before.tensors + survivors.length);
    expect(st.memory().storages).toBe(before.storages + survivors.length);
    // A double free would put a block on its free list twice, and two live tensors would
    // then share memory: allocate many of that class and check each keeps its value.
    const fresh = Array.from({ length: 120 }, (_, i) => st.full([32], 1000 + i));
    fresh.forEach((t, i) => expect(t.data()[31], `fresh ${i}`).toBe(1000 + i));
    survivors.forEach((t, i) => expect(Array.from(t.data()), `survivor ${i}`).toEqual(new Array(32).fill(survivorValues[i])));
    for (const t of [...fresh, ...survivors]) t.dispose();
    await collect();
    const after = st.memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
    expect(after.storages).toBe(before.storages);
  });
});
