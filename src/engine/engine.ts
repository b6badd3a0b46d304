// The engine: run(op, inputs, attrs) is the one door every primitive op goes through
// (tfjs's runKernel is the model). It checks the operands, has the op plan its result,
// allocates, makes sure the operands' memory holds its values (access.ts), dispatches to
// the backend with the thread count it may use, and offers the op to the recording tapes.
// Element-wise ops of the manifest go to elementwise.ts, which also decides relu fusion.
import { InvalidArgumentError } from "../errors.js";
import { contiguousStrides } from "../shape/shape.js";
import { Tensor } from "../tensor.js";
import { availableThreads } from "../backend/threads.js";
import type { BinaryOpName, UnaryOpName } from "../manifest.js";
import { ELEMENTWISE } from "../manifest.js";
import { forRead } from "./access.js";
import { binary, unary } from "./elementwise.js";
import type { RecordedOp } from "../autodiff/gradients/index.js";
import type { ComputeOp, OpDef, ViewOp } from "./op.js";
import { expectTensor, type TensorLike } from "./operand.js";
import { isRecording, record, unrecorded } from "./recording.js";

/** Runs a binary element-wise op of the manifest: a (op) b, numpy broadcasting. */
export function run(op: BinaryOpName, inputs: readonly [TensorLike, TensorLike]): Tensor;
/** Runs a unary element-wise op of the manifest. */
export function run(op: UnaryOpName, inputs: readonly [TensorLike]): Tensor;
/** Runs a primitive op defined with computeOp or viewOp (op.ts). */
export function run<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor;
export function run<A>(op: BinaryOpName | UnaryOpName | OpDef<A>, inputs: readonly TensorLike[], attrs?: A): Tensor {
  if (typeof op === "string") {
    return ELEMENTWISE[op].arity === 2 ? binary(op as BinaryOpName, inputs[0], inputs[1]) : unary(op as UnaryOpName, inputs[0]);
  }
  const operands = checkOperands(op, inputs);
  const out = op.kind === "view" ? runView(op, operands[0], attrs as A) : runCompute(op, operands, attrs as A);
  if (op.differentiable && isRecording()) record(op.name as RecordedOp, operands, out.tensor, out.saved);
  return out.tensor;
}

function checkOperands<A>(op: OpDef<A>, inputs: readonly unknown[]): Tensor[] {
  if (op.operands === "variadic") {
    if (!Array.isArray(inputs) || inputs.length === 0) throw new InvalidArgumentError(`${op.name}: expected a non-empty array of tensors`);
    return inputs.map((t, i) => expectTensor(t, op.name, `tensors[${i}]`));
  }
  const names = op.operands;
  return names.map((what, i) => expectTensor(inputs[i], op.name, what));
}

interface Result {
  tensor: Tensor;
  saved: unknown;
}

function runCompute<A>(op: ComputeOp<A>, inputs: readonly Tensor[], attrs: A): Result {
  const plan = op.plan(inputs, attrs);
  const out = Tensor.empty(plan.shape, plan.dtype);
  if (out.size > 0) {
    try {
      for (const t of inputs) forRead(t);
      const threads = availableThreads();
      if (isRecording()) unrecorded(() => op.compute(inputs, out, plan, threads));
      else op.compute(inputs, out, plan, threads);
    } catch (error) {
      out.dispose();
      throw error;
    }
  }
  return { tensor: out, saved: plan.saved };
}

function runView<A>(op: ViewOp<A>, input: Tensor, attrs: A): Result {
  const plan = op.plan(input, attrs);
  if (plan.strides !== null) return { tensor: input.view(plan.shape, plan.strides, plan.offset ?? input.offset), saved: plan.saved };
  // No strides describe it over this layout: one packed copy, then the view of it (numpy's reshape does the same).
  const packed = input.contiguous();
  try {
    return { tensor: packed.view(plan.shape, contiguousStrides(plan.shape), 0), saved: plan.saved };
  } finally {
    packed.dispose();
  }
}
