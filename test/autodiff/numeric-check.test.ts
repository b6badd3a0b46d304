// checkGradients itself: it passes correct gradients and catches wrong ones.
import { describe, expect, it } from "vitest";
import * as st from "../../src/index.js";

describe("checkGradients", () => {
  it("reports per-input errors and passes a correct gradient", () => {
    st.tidy(() => {
      const r = st.checkGradients((a, b) => st.mul(a, b), [st.tensor([1, 2]), st.tensor([[3], [4]])]);
      expect(r.ok).toBe(true);
      expect(r.inputs).toHaveLength(2);
      // The outputs are weighted by R in [0.5, 1.5): d/da_j sum(R·a·b) = sum_i R_ij·b_i, between 3.5 and 10.5.
      for (const k of [0, 1]) {
        expect(r.inputs[0].analytic[k]).toBeGreaterThan(3.5);
        expect(r.inputs[0].analytic[k]).toBeLessThan(10.5);
        expect(r.inputs[0].numeric[k]).toBeCloseTo(r.inputs[0].analytic[k], 4);
      }
      expect(r.message).toMatch(/gradients match/);
    });
  });

  it("catches a wrong gradient, naming the element", () => {
    st.tidy(() => {
      const wrong = st.customGrad((x: st.Tensor) => ({ value: st.square(x), gradFunc: (dy: st.Tensor) => [st.mul(dy, x)] }));
      const r = st.checkGradients(wrong, [st.tensor([1, 2, 3])]);
      expect(r.ok).toBe(false);
      expect(r.inputs[0].ok).toBe(false);
      // The gradient given is half the true one (x instead of 2x): worst at the largest x.
      expect(r.message).toMatch(/^gradient mismatch: input 0 \(shape \[3\]\) element 2: tape gradient [\d.]+, central difference [\d.]+/);
      const { analytic, numeric } = r.inputs[0];
      for (let j = 0; j < 3; j++) expect(numeric[j] / analytic[j]).toBeCloseTo(2, 4);
    });
  });

  it("catches a gradient sent to the wrong element (the outputs are weighted, not summed)", () => {
    st.tidy(() => {
      // Forward: reverse; gradient: not reversed. sum() could not tell.
      const bad = st.customGrad((x: st.Tensor) => ({ value: st.stridedSlice(x, [], [], [-1]), gradFunc: (dy: st.Tensor) => [st.mul(dy, 1)] }));
      expect(st.checkGradients(bad, [st.tensor([1, 2, 3])]).ok).toBe(false);
    });
  });

  it("validates its arguments", () => {
    expect(() => st.checkGradients(st.neg, [st.tensor([1], undefined, "int32")])).toThrow(/int32/);
    expect(() => st.checkGradients(st.neg, [st.tensor([1])], { eps: 0 })).toThrow(/eps must be a positive number/);
    expect(() => st.checkGradients(() => 1 as never, [st.tensor([1])])).toThrow(/f must return a Tensor/);
  });
});
