// grad, grads, valueAndGrad, valueAndGrads, customGrad.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { expectClose, expectGradientsMatch } from "./helpers.js";

const cube = (x: st.Tensor) => st.mul(st.square(x), x);

describe("grad and friends", () => {
  it("grad(f)(x) = f'(x), grad(grad(f)) = f''", () => {
    st.tidy(() => {
      const x = st.tensor([1, -2, 0.5]);
      expectClose(st.grad(cube)(x), [3, 12, 0.75]);
      expectClose(st.grad(st.grad(cube))(x), [6, -12, 3]);
      expectClose(st.grad(st.grad(st.grad(cube)))(x), [6, 6, 6]);
    });
  });

  it("dy weights the outputs of a non-scalar f", () => {
    st.tidy(() => {
      const x = st.tensor([1, 2]);
      expectClose(st.grad(st.square)(x, st.tensor([10, -1])), [20, -4]);
    });
  });

  it("grads(f) differentiates with respect to every argument", () => {
    st.tidy(() => {
      const [da, db] = st.grads((a, b) => st.sum(st.mul(a, b)))([st.tensor([1, 2]), st.tensor([3, 4])]);
      expect(da.toArray()).toEqual([3, 4]);
      expect(db.toArray()).toEqual([1, 2]);
    });
  });

  it("valueAndGrad and valueAndGrads return the value too", () => {
    st.tidy(() => {
      const { value, grad } = st.valueAndGrad(cube)(st.tensor(2));
      expect(value.item()).toBe(8);
      expect(grad.item()).toBe(12);
      const r = st.valueAndGrads((a, b) => st.div(a, b))([st.tensor(1), st.tensor(2)]);
      expect(r.value.item()).toBe(0.5);
      expect(r.grads.map((g) => g.item())).toEqual([0.5, -0.25]);
    });
  });

  it("an argument f ignores gets zeros", () => {
    st.tidy(() => {
      const [da, db] = st.grads((a) => st.square(a))([st.tensor(3), st.tensor([1, 2])]);
      expect(da.item()).toBe(6);
      expect(db.toArray()).toEqual([0, 0]);
    });
  });

  it("frees f's temporaries: only the results stay", () => {
    const x = st.tensor([1, 2, 3]);
    const before = st.memory().tensors;
    const g = st.grad((t) => st.sum(st.square(st.mul(t, 2))))(x);
    expect(st.memory().tensors).toBe(before + 1);
    const { value, grad } = st.valueAndGrad((t) => st.sum(st.square(t)))(x);
    expect(st.memory().tensors).toBe(before + 3);
    [g, value, grad, x].forEach((t) => t.dispose());
  });

  it("rejects what is not a function or a tensor", () => {
    expect(() => st.grad(5 as never)(st.tensor(1))).toThrow(/grad: expected a function/);
    expect(() => st.grad(cube)([1] as never)).toThrow(/grad: x must be a Tensor/);
    expect(() => st.grad(() => 3 as never)(st.tensor(1))).toThrow(/f must return a Tensor, got number 3/);
    expect(() => st.grads(cube)(st.tensor(1) as never)).toThrow(/grads: expected an array of tensors/);
  });
});

describe("customGrad", () => {
  it("uses the supplied gradient instead of the recorded ops", () => {
    st.tidy(() => {
      // Forward: x²; gradient deliberately 10·dy, to show which one is used.
      const f = st.customGrad((x: st.Tensor) => ({ value: st.square(x), gradFunc: (dy: st.Tensor) => [st.mul(dy, 10)] }));
      const x = st.tensor([1, 2]);
      expect(f(x).toArray()).toEqual([1, 4]);
      expect(st.grad(f)(x).toArray()).toEqual([10, 10]);
    });
  });

  it("a numerically stable log(1 + exp-like) function with saved tensors, checked numerically", () => {
    st.tidy(() => {
      // softplus-ish: f(x) = x·|x| with gradient 2|x|, saving |x|.
      const f = st.customGrad((x: st.Tensor, save: st.SaveFunction) => {
        const a = st.abs(x);
        save([a]);
        return { value: st.mul(x, a), gradFunc: (dy: st.Tensor, [s]: st.Tensor[]) => [st.mul(dy, st.mul(s, 2))] };
      });
      const x = st.tensor([-1.5, 0.3, 2]);
      expectGradientsMatch(f, [x]);
      // The saved tensor survives the tidy that made it.
      const tape = new st.GradientTape();
      tape.watch(x);
      const y = tape.record(() => st.tidy(() => f(x)));
      expect(tape.gradient(y, x)!.toArray()).toEqual([3, expect.closeTo(0.6, 6), 4]);
    });
  });

  it("several inputs, and a gradFunc written with public ops nests", () => {
    st.tidy(() => {
      const mulC = st.customGrad((a: st.Tensor, b: st.Tensor) => ({
        value: st.mul(a, b),
        gradFunc: (dy: st.Tensor) => [st.mul(dy, b), st.mul(dy, a)],
      }));
      const a = st.tensor([2, 3]);
      const b = st.tensor([5, 7]);
      expectGradientsMatch(mulC, [a, b]);
      // d²/da² of a·a·a via the custom mul = 6a.
      expectClose(st.grad(st.grad((t) => mulC(mulC(t, t), t)))(a), [12, 18]);
    });
  });

  it("returns the input itself as value: still a distinct, connected tensor", () => {
    st.tidy(() => {
      const identity = st.customGrad((x: st.Tensor) => ({ value: x, gradFunc: (dy: st.Tensor) => [dy] }));
      const x = st.tensor([1, 2]);
      const y = identity(x);
      expect(y).not.toBe(x);
      expect(st.grad((t) => st.mul(identity(t), 3))(x).toArray()).toEqual([3, 3]);
    });
  });

  it("rejects a malformed result", () => {
    st.tidy(() => {
      const bad = st.customGrad(() => ({ value: 3 }) as never);
      expect(() => bad(st.tensor(1))).toThrow(/f must return \{ value: Tensor, gradFunc/);
      const wrongCount = st.customGrad((x: st.Tensor) => ({ value: st.neg(x), gradFunc: (dy: st.Tensor) => [dy, dy] }));
      expect(() => st.grad(wrongCount)(st.tensor(1))).toThrow(/one gradient per input \(1\), got 2/);
    });
  });
});
