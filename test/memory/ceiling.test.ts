// Requests of more than 2 GiB of bytes: past the wasm32 ceiling they must throw a
// RangeError before anything is allocated or written. (Runs on a small heap so that a
// runaway kernel loop, if any, ends quickly at the end of memory.)
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

const requests: [string, () => st.Tensor][] = [
  ["zeros([2**31 - 1]) (8 GiB: the longest axis allowed)", () => st.zeros([2 ** 31 - 1])],
  ["zeros([2**30]) (4 GiB)", () => st.zeros([2 ** 30])],
  ["ones([2**30, 4]) (16 GiB)", () => st.ones([2 ** 30, 4])],
  ["full([2**16, 2**16], 1) (16 GiB)", () => st.full([2 ** 16, 2 ** 16], 1)],
  ["zeros([2**29], 'float64') (4 GiB)", () => st.zeros([2 ** 29], "float64")],
  ["add(broadcastTo(1, [2**30]), 1): the output of an op (4 GiB)", () => st.add(st.broadcastTo(st.tensor(1), [2 ** 30]), 1)],
  ["relu(broadcastTo(1, [2**30]))", () => st.relu(st.broadcastTo(st.tensor(1), [2 ** 30]))],
  ["broadcastTo(1, [2**30]).contiguous()", () => st.broadcastTo(st.tensor(1), [2 ** 30]).contiguous()],
];

describe("allocations past the 4 GiB ceiling", () => {
  it.each(requests)("%s throws a RangeError and leaves every live tensor intact", (_name, make) => {
    // A freed small block (reused first by a small request) below a live tensor.
    const freed = st.tensor([1, 2]);
    const victim = st.tensor([5, 6, 7]);
    const victim2 = st.randomUniform([300], { seed: 1 });
    const values2 = Array.from(victim2.data());
    freed.dispose();
    const before = st.memory();
    let made: st.Tensor | undefined;
    let error: unknown;
    try {
      made = st.tidy(make);
    } catch (e) {
      error = e;
    }
    const shape = made?.shape;
    made?.dispose();
    // Other tensors first: a failed request must never have written anywhere.
    expect(Array.from(victim.data()), "a live tensor was overwritten").toEqual([5, 6, 7]);
    expect(Array.from(victim2.data()), "a live tensor was overwritten").toEqual(values2);
    expect(shape, "returned a tensor instead of throwing").toBeUndefined();
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/4 GiB/);
    expect(st.memory().tensors).toBe(before.tensors);
    expect(st.memory().bytes).toBe(before.bytes);
    victim.dispose();
    victim2.dispose();
  });
});
