// The backward pass (reverse-mode accumulation, as micrograd's backward()): one walk over
// a tape's nodes in reverse recording order — a topological order, since an op is recorded
// after its operands exist. Each node's rule turns the gradient of its result into
// gradients of its operands; gradients of a tensor used several times are summed.
//
// Only what leads from the sources to the target is computed: a forward sweep first marks
// the tensors that depend on a source, and a rule's thunk for an operand that depends on
// none is never called (e.g. the gradient of x in x @ W when only W is asked for).
import { SimdTensorError } from "../errors.js";
import { add } from "../ops/elementwise.js";
import { formatShape, shapesEqual } from "../shape/shape.js";
import type { Tensor } from "../tensor.js";
import { contextOf, enterBackward, exitBackward, type TapeNode } from "./tape.js";

/** Gradients of `target` (seeded with `seed`) for each source; undefined where unconnected. Run it inside tidy. */
export function backprop(nodes: readonly TapeNode[], target: Tensor, seed: Tensor, sources: readonly Tensor[], onTape: ReadonlySet<Tensor>): (Tensor | undefined)[] {
  const needed = new Set<Tensor>();
  for (const s of sources) if (onTape.has(s)) needed.add(s);
  for (const node of nodes) {
    for (const x of node.inputs) {
      if (typeof x !== "number" && needed.has(x)) {
        needed.add(node.output);
        break;
      }
    }
  }
  if (!needed.has(target)) return sources.map(() => undefined);

  const grads = new Map<Tensor, Tensor>([[target, seed]]);
  enterBackward();
  try {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (!needed.has(node.output)) continue;
      const dy = grads.get(node.output);
      if (dy === undefined) continue;
      const thunks = node.rule.grad(dy, contextOf(node));
      for (let j = 0; j < node.inputs.length; j++) {
        const x = node.inputs[j];
        if (typeof x === "number" || !needed.has(x)) continue;
        const thunk = thunks[j];
        if (thunk === null || thunk === undefined) continue;
        const g = thunk();
        checkGradient(node, j, x, g);
        const sum = grads.get(x);
        grads.set(x, sum === undefined ? g : add(sum, g));
      }
    }
  } finally {
    exitBackward();
  }
  return sources.map((s) => grads.get(s));
}

/** A rule must give each operand a gradient of its own shape and dtype; anything else is a bug in the rule. */
function checkGradient(node: TapeNode, index: number, x: Tensor, g: Tensor): void {
  if (shapesEqual(g._shape, x._shape) && g.dtype === x.dtype) return;
  throw new SimdTensorError(
    `gradient rule of ${node.op} returned a ${g.dtype} gradient of shape ${formatShape(g._shape)} for operand ${index}, ` +
      `which is ${x.dtype} of shape ${formatShape(x._shape)} (a bug in the rule)`,
  );
}
