// GradientTape semantics (TensorFlow's): what is recorded, watch, persistence, unconnected
// sources, stopRecording / stopGradient, nesting, and the error messages.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose } from "./helpers.js";

describe("what a tape records", () => {
  it("only ops inside record() on watched tensors", () => {
    st.tidy(() => {
      const x = st.tensor([1, 2, 3]);
      const tape = new st.GradientTape({ persistent: true });
      tape.watch(x);
      const before = st.mul(x, x); // outside record: not on the tape
      const y = tape.record(() => st.mul(x, 3));
      expect(tape.gradient(y, x)!.toArray()).toEqual([3, 3, 3]);
      expect(() => tape.gradient(before, x)).toThrow(st.GradientTapeError);
      tape.dispose();
    });
  });

  it("watch() may come before or inside record()", () => {
    st.tidy(() => {
      const x = st.tensor(2);
      const inside = new st.GradientTape();
      const y = inside.record(() => {
        inside.watch(x);
        return st.square(x);
      });
      expect(inside.gradient(y, x)!.item()).toBe(4);
      const before = new st.GradientTape();
      before.watch([x]);
      const z = before.record(() => st.square(x));
      expect(before.gradient(z, x)!.item()).toBe(4);
    });
  });

  it("an unwatched plain tensor is a constant: its gradient is null", () => {
    st.tidy(() => {
      const x = st.tensor(2);
      const c = st.tensor(5);
      const tape = new st.GradientTape();
      tape.watch(x);
      const y = tape.record(() => st.mul(x, c));
      const [dx, dc] = tape.gradient(y, [x, c]);
      expect(dx!.item()).toBe(5);
      expect(dc).toBeNull();
    });
  });

  it("trainable variables are watched automatically, non-trainable ones are not", () => {
    st.tidy(() => {
      const w = st.variable(3, { name: "w" });
      const frozen = st.variable(4, { trainable: false });
      const tape = new st.GradientTape();
      const y = tape.record(() => st.mul(w, frozen));
      expect(tape.watchedVariables()).toEqual([w]);
      const [dw, df] = tape.gradient(y, [w, frozen]);
      expect(dw!.item()).toBe(4);
      expect(df).toBeNull();
      w.dispose();
      frozen.dispose();
    });
  });

  it("watchAccessedVariables: false watches only what watch() is given", () => {
    st.tidy(() => {
      const w = st.variable(3);
      const v = st.variable(2);
      const tape = new st.GradientTape({ watchAccessedVariables: false });
      tape.watch(v);
      const y = tape.record(() => st.mul(w, v));
      const [dw, dv] = tape.gradient(y, [w, v]);
      expect(dw).toBeNull();
      expect(dv!.item()).toBe(3);
      w.dispose();
      v.dispose();
    });
  });

  it("a non-scalar target gives the gradient of its sum; outputGradients weights it", () => {
    st.tidy(() => {
      const x = st.tensor([1, 2, 3]);
      const tape = new st.GradientTape({ persistent: true });
      tape.watch(x);
      const y = tape.record(() => st.square(x));
      expect(tape.gradient(y, x)!.toArray()).toEqual([2, 4, 6]);
      expect(tape.gradient(y, x, { outputGradients: st.tensor([1, 0, -1]) })!.toArray()).toEqual([2, 0, -6]);
      tape.dispose();
    });
  });

  it("sources: a tensor gives a tensor, an array an array in the same order", () => {
    st.tidy(() => {
      const a = st.variable(2);
      const b = st.variable(3);
      const tape = new st.GradientTape({ persistent: true });
      const y = tape.record(() => st.mul(st.mul(a, b), b));
      expect(tape.gradient(y, a)).toBeInstanceOf(st.Tensor);
      const g = tape.gradient(y, [b, a, b]);
      expect(g.map((t) => t!.item())).toEqual([12, 9, 12]);
      expect(g[0]).not.toBe(g[2]); // each result is its own tensor
      tape.dispose();
      a.dispose();
      b.dispose();
    });
  });

  it("the gradient of a tensor with respect to itself is ones, a tensor of its own", () => {
    st.tidy(() => {
      const x = st.tensor([[1, 2]]);
      const tape = new st.GradientTape({ persistent: true });
      tape.watch(x);
      tape.record(() => st.mul(x, 2));
      expect(tape.gradient(x, x)!.toArray()).toEqual([[1, 1]]);
      const dy = st.tensor([[3, 4]]);
      const g = tape.gradient(x, x, { outputGradients: dy })!;
      expect(g).not.toBe(dy);
      expect(g.toArray()).toEqual([[3, 4]]);
      tape.dispose();
    });
  });

  it("gradients with respect to intermediate tensors", () => {
    st.tidy(() => {
      const x = st.tensor(3);
      const tape = new st.GradientTape();
      tape.watch(x);
      let h!: st.Tensor;
      const y = tape.record(() => {
        h = st.mul(x, 2);
        return st.square(h);
      });
      const [dh, dx] = tape.gradient(y, [h, x]);
      expect(dh!.item()).toBe(12);
      expect(dx!.item()).toBe(24);
    });
  });
});

describe("unconnected sources", () => {
  it("give null by default and zeros with unconnectedGradients: 'zero'", () => {
    st.tidy(() => {
      const x = st.tensor([1, 2]);
      const z = st.tensor([[1, 2, 3]], undefined, "float64");
      const tape = new st.GradientTape({ persistent: true });
      tape.watch([x, z]);
      const y = tape.record(() => st.mul(x, 2));
      expect(tape.gradient(y, z)).toBeNull();
      const g = tape.gradient(y, [x, z], { unconnectedGradients: "zero" });
      expect(g[0]!.toArray()).toEqual([2, 2]);
      expect(g[1]!.toArray()).toEqual([[0, 0, 0]]);
      expect(g[1]!.dtype).toBe("float64");
      tape.dispose();
    });
  });

  it("a source that is only watched, never used, is unconnected", () => {
    st.tidy(() => {
      const x = st.tensor(1);
      const unused = st.tensor(2);
      const tape = new st.GradientTape();
      tape.watch([x, unused]);
      const y = tape.record(() => st.neg(x));
      expect(tape.gradient(y, [x, unused])).toEqual([expect.any(st.Tensor), null]);
    });
  });
});

describe("persistence", () => {
  it("a non-persistent tape answers once, then throws a clear error", () => {
    st.tidy(() => {
      const x = st.variable(2);
      const tape = new st.GradientTape();
      const y = tape.record(() => st.square(x));
      expect(tape.gradient(y, x)!.item()).toBe(4);
      expect(() => tape.gradient(y, x)).toThrow(/non-persistent tape already computed its gradients.*persistent: true/);
      expect(() => tape.record(() => st.square(x))).toThrow(st.GradientTapeError);
      x.dispose();
    });
  });

  it("a persistent tape answers many times and records several times into one graph", () => {
    st.tidy(() => {
      const x = st.variable(3);
      const tape = new st.GradientTape({ persistent: true });
      const y = tape.record(() => st.square(x));
      const z = tape.record(() => st.mul(y, y)); // x⁴, across two record() calls
      expect(tape.gradient(y, x)!.item()).toBe(6);
      expect(tape.gradient(z, x)!.item()).toBe(108);
      expect(tape.gradient(z, y)!.item()).toBe(18);
      tape.dispose();
      expect(tape.isDisposed).toBe(true);
      expect(() => tape.gradient(z, x)).toThrow(/the tape was disposed/);
      tape.dispose(); // idempotent
      x.dispose();
    });
  });
});

describe("stopRecording and stopGradient", () => {
  it("ops inside stopRecording are not recorded on that tape", () => {
    st.tidy(() => {
      const x = st.variable(2);
      const tape = new st.GradientTape();
      const y = tape.record(() => {
        const a = st.mul(x, 3);
        const b = tape.stopRecording(() => st.mul(x, 5));
        return st.add(a, b);
      });
      expect(tape.gradient(y, x)!.item()).toBe(3);
      x.dispose();
    });
  });

  it("stopRecording pauses only its own tape", () => {
    st.tidy(() => {
      const x = st.variable(2);
      const outer = new st.GradientTape();
      const inner = new st.GradientTape();
      const [yo, yi] = outer.record(() => inner.record(() => {
        const v = inner.stopRecording(() => st.square(x));
        return [v, st.mul(x, 1)];
      }));
      expect(outer.gradient(yo, x)!.item()).toBe(4);
      expect(() => inner.gradient(yo, x)).toThrow(/not computed on this tape/);
      x.dispose();
      void yi;
    });
  });

  it("stopGradient cuts the graph, keeping the values", () => {
    st.tidy(() => {
      const x = st.variable([1, 2]);
      const tape = new st.GradientTape();
      const y = tape.record(() => st.add(st.mul(x, x), st.mul(st.stopGradient(x), 10)));
      expect(tape.gradient(y, x)!.toArray()).toEqual([2, 4]);
      expect(st.stopGradient(x).toArray()).toEqual([1, 2]);
      x.dispose();
    });
  });
});

describe("nested tapes", () => {
  it("record() of different tapes nest; each sees what it watches", () => {
    st.tidy(() => {
      const x = st.tensor(2);
      const w = st.tensor(3);
      const outer = new st.GradientTape({ persistent: true });
      const inner = new st.GradientTape({ persistent: true });
      outer.watch(x);
      const y = outer.record(() => inner.record(() => {
        inner.watch(w);
        return st.mul(st.square(x), w);
      }));
      expect(outer.gradient(y, x)!.item()).toBe(12);
      expect(inner.gradient(y, w)!.item()).toBe(4);
      expect(outer.gradient(y, w)).toBeNull();
      outer.dispose();
      inner.dispose();
    });
  });

  it("record() inside record() of the same tape records once", () => {
    st.tidy(() => {
      const x = st.variable(3);
      const tape = new st.GradientTape();
      const y = tape.record(() => tape.record(() => st.square(x)));
      expect(tape.gradient(y, x)!.item()).toBe(6);
      x.dispose();
    });
  });

  it("an exception inside record() leaves no tape recording", () => {
    const x = st.variable(1);
    const tape = new st.GradientTape();
    expect(() => tape.record(() => {
      throw new Error("boom");
    })).toThrow("boom");
    const other = new st.GradientTape();
    st.tidy(() => {
      other.watch(x);
      const y = st.mul(x, 2); // not inside any record
      expect(() => other.gradient(y, x)).toThrow(st.GradientTapeError);
    });
    x.dispose();
    tape.dispose();
    other.dispose();
  });
});

describe("error messages", () => {
  it("a target not computed on the tape", () => {
    st.tidy(() => {
      const x = st.variable(1);
      const tape = new st.GradientTape();
      tape.record(() => st.mul(x, 2));
      const elsewhere = st.mul(x, 3);
      expect(() => tape.gradient(elsewhere, x)).toThrow(st.GradientTapeError);
      expect(() => tape.gradient(elsewhere, x)).toThrow(/target \(shape \(\), float32\) was not computed on this tape/);
      x.dispose();
    });
  });

  it("sources of the wrong kind", () => {
    st.tidy(() => {
      const x = st.variable(1);
      const tape = new st.GradientTape({ persistent: true });
      const y = tape.record(() => st.mul(x, 2));
      expect(() => tape.gradient(y, 3 as never)).toThrow(/sources must be a Tensor, a Variable or an array of them, got number 3/);
      expect(() => tape.gradient(y, [x, "w"] as never)).toThrow(/sources\[1\] must be a Tensor or a Variable, got string w/);
      expect(() => tape.gradient(y, [x, [x]] as never)).toThrow(st.InvalidArgumentError);
      expect(() => tape.gradient(y, st.tensor([1], undefined, "int32"))).toThrow(/int32; only float32 and float64 tensors have gradients/);
      expect(() => tape.gradient(5 as never, x)).toThrow(/target must be a Tensor/);
      expect(() => tape.gradient(y, x, { unconnectedGradients: "zeros" as never })).toThrow(/"none" or "zero"/);
      expect(() => tape.gradient(y, x, { outputGradients: st.ones([2]) })).toThrow(/outputGradients has shape \(2,\), the target has shape \(\)/);
      // A failed call leaves the tape usable.
      expect(tape.gradient(y, x)!.item()).toBe(2);
      tape.dispose();
      x.dispose();
    });
  });

  it("using a disposed tape", () => {
    const tape = new st.GradientTape();
    tape.dispose();
    expect(() => tape.record(() => 1)).toThrow(/GradientTape.record: the tape was disposed/);
    expect(() => tape.watch(st.tensor(1))).toThrow(/GradientTape.watch: the tape was disposed/);
    expect(() => tape.stopRecording(() => 1)).toThrow(st.GradientTapeError);
  });

  it("bad arguments to the constructor, watch and record", () => {
    expect(() => new st.GradientTape({ persistent: "yes" as never })).toThrow(/persistent must be a boolean/);
    const tape = new st.GradientTape();
    expect(() => tape.watch([st.tensor(1), 2 as never])).toThrow(/tensors\[1\] must be a Tensor, got number 2/);
    expect(() => tape.watch(st.tensor([1], undefined, "int32"))).toThrow(/int32/);
    expect(() => tape.record(5 as never)).toThrow(/expected a function/);
    expect(() => tape.record(async () => 1)).toThrow(/must be synchronous/);
    tape.dispose();
  });

  it("a rule bug is reported naming the op (via customGrad's checks)", () => {
    st.tidy(() => {
      const f = st.customGrad((x: st.Tensor) => ({ value: st.mul(x, 2), gradFunc: () => [st.ones([5])] }));
      const x = st.tensor([1, 2]);
      const tape = new st.GradientTape();
      tape.watch(x);
      const y = tape.record(() => f(x));
      expect(() => tape.gradient(y, x)).toThrow(/customGrad: gradFunc result 0 has shape \(5,\), input 0 has shape \(2,\)/);
    });
  });
});

describe("higher-order gradients through nested tapes", () => {
  it("d²/dx² x³ = 6x", () => {
    st.tidy(() => {
      const x = st.tensor([-1, 0.5, 2]);
      const outer = new st.GradientTape();
      outer.watch(x);
      const dydx = outer.record(() => {
        const inner = new st.GradientTape();
        inner.watch(x);
        const y = inner.record(() => st.mul(st.mul(x, x), x));
        return inner.gradient(y, x)!;
      });
      expectClose(dydx, [3, 0.75, 12]);
      expectClose(outer.gradient(dydx, x), [-6, 3, 12]);
    });
  });

  it("third derivative with three tapes, and one persistent tape for mixed partials", () => {
    st.tidy(() => {
      const x = st.variable(2);
      const t1 = new st.GradientTape();
      const d2 = t1.record(() => {
        const t2 = new st.GradientTape();
        const d1 = t2.record(() => {
          const t3 = new st.GradientTape();
          const y = t3.record(() => st.mul(st.square(st.square(x)), 1)); // x⁴
          return t3.gradient(y, x)!; // 4x³
        });
        return t2.gradient(d1, x)!; // 12x²
      });
      expect(d2.item()).toBeCloseTo(48);
      expect(t1.gradient(d2, x)!.item()).toBeCloseTo(48); // 24x
      x.dispose();
    });
  });

  it("d/dy (d/dx x²y) = 2x", () => {
    st.tidy(() => {
      const x = st.variable(3);
      const y = st.variable(5);
      const outer = new st.GradientTape();
      const dx = outer.record(() => {
        const inner = new st.GradientTape();
        const f = inner.record(() => st.mul(st.square(x), y));
        return inner.gradient(f, x)!; // 2xy
      });
      expect(dx.item()).toBe(30);
      expect(outer.gradient(dx, y)!.item()).toBe(6);
      x.dispose();
      y.dispose();
    });
  });

  it("second derivatives of the smooth ops match central differences", () => {
    st.tidy(() => {
      const smooth: [string, (x: st.Tensor) => st.Tensor][] = [
        ["x³", (x) => st.mul(st.square(x), x)],
        ["1/x", (x) => st.div(1, x)],
        ["sqrt", st.sqrt],
        ["x·sum(x²)", (x) => st.mul(x, st.sum(st.square(x)))],
        ["matmul(x, xᵀ)", (x) => st.matmul(x, st.transpose(x))],
        ["mean(x²) over rows", (x) => st.mean(st.square(x), 1)],
        ["concat/slice", (x) => st.square(st.concat([st.slice(x, [0, 1]), x], 1))],
      ];
      const x = st.add(st.randomUniform([2, 3], { seed: 4 }), 0.5);
      for (const [name, f] of smooth) {
        const r = st.checkGradients((t) => st.grad(f)(t), [x]);
        expect(r.ok, `${name}: ${r.message}`).toBe(true);
      }
    });
  });
});
