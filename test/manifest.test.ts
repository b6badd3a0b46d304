// The op manifest (src/manifest.ts) is the one list of element-wise ops: what is generated
// from it is current, and every op has what it needs elsewhere.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as st from "../src/index.js";
import { GRADIENTS } from "../src/autodiff/gradients/index.js";
import { ELEMENTWISE, opsOfArity, specOf, type ElementwiseOp } from "../src/manifest.js";
import { generatedFiles } from "../scripts/generate-ops.js";
import { REFERENCE } from "./helpers/reference.js";

const OPS = Object.keys(ELEMENTWISE) as ElementwiseOp[];
const root = new URL("../", import.meta.url);

describe("the op manifest", () => {
  it.each(Object.entries(generatedFiles()))("%s is generated from it and current (else: npm run generate)", (path, content) => {
    expect(readFileSync(new URL(path, root), "utf8")).toBe(content);
  });

  it("every op is a public function and a Tensor method of its arity", () => {
    const x = st.tensor([0.5, 2]);
    for (const op of OPS) {
      const fn = (st as unknown as Record<string, unknown>)[op];
      expect(typeof fn, op).toBe("function");
      const method = (x as unknown as Record<string, (...args: unknown[]) => st.Tensor>)[op];
      expect(typeof method, `Tensor.${op}`).toBe("function");
      const args = ELEMENTWISE[op].arity === 2 ? [x, 3] : [x];
      const viaFunction = (fn as (...a: unknown[]) => st.Tensor)(...args);
      const viaMethod = method.apply(x, args.slice(1));
      expect(Array.from(viaMethod.data()), op).toEqual(Array.from(viaFunction.data()));
    }
  });

  it("every op has a test reference, and every differentiable op a gradient rule", () => {
    for (const op of OPS) {
      expect(typeof REFERENCE[op], `reference of ${op}`).toBe("function");
      expect(REFERENCE[op].length, `reference of ${op} takes its arity`).toBe(ELEMENTWISE[op].arity);
      const rule = (GRADIENTS as Record<string, { grad?: unknown } | undefined>)[op];
      if (ELEMENTWISE[op].differentiable) expect(typeof rule?.grad, `gradient rule of ${op}`).toBe("function");
    }
  });

  it("the bench's unary family times every transcendental unary op (bench/cases/unary.ts)", async () => {
    const { cases } = await import("../bench/cases/unary.js");
    const transcendental = opsOfArity(1).filter((op) => specOf(op).transcendental === true);
    expect(cases.map((c) => c.name).filter((name) => name in ELEMENTWISE).sort()).toEqual([...transcendental].sort());
  });

  it("splits into binary and unary ops by arity, in manifest order", () => {
    expect([...opsOfArity(2), ...opsOfArity(1)].sort()).toEqual([...OPS].sort());
    expect(opsOfArity(2).every((op) => ELEMENTWISE[op].arity === 2)).toBe(true);
  });
});
