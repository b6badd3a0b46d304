// What an op tells the engine about itself (engine.ts runs it). Two kinds of primitive:
// - compute: the result is new memory. plan() checks the operands against the attrs and
//   says what to allocate; compute() fills it through the backend.
// - view: the result shares its operand's memory (transpose, slice, ...): plan() gives the
//   new shape, strides and offset.
// Composite ops (softmax, dot, stack, ...) are plain functions of primitives and need no
// definition: every primitive they call goes through the engine.
import type { DType } from "../dtype.js";
import type { RecordedOp } from "../autodiff/gradients/index.js";
import type { Tensor } from "../tensor.js";

interface OpBase {
  /** The op's name: in errors, and, when it is differentiable, the key of its gradient rule. */
  readonly name: RecordedOp | "argmax" | "argmin" | "stopGradient" | "fill" | "fromValues" | "fromBytes" | "compare" | "logical" | "valueTest" | "scatterAdd" | "argsort" | "topk";
  /** Whether a tape records it (false for argmax, stopGradient, ...). */
  readonly differentiable: boolean;
  /** What each operand is called in errors ("first operand", ...); variadic ops name theirs `tensors[i]`. */
  readonly operands: readonly string[] | "variadic";
}

/** What a compute op's plan says to allocate. */
export interface Plan {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** What the gradient rule reads, recorded as the op's attrs (axes, permutation, ...). */
  readonly saved?: unknown;
}

export interface ComputeOp<A, P extends Plan = Plan> extends OpBase {
  readonly kind: "compute";
  /** Checks the operands (live tensors, already checked) against the attrs; throws a named error on bad input. */
  plan(inputs: readonly Tensor[], attrs: A): P;
  /** Fills `out` (contiguous, plan.shape and plan.dtype, size > 0) using at most `threads` threads. */
  compute(inputs: readonly Tensor[], out: Tensor, plan: P, threads: number): void;
}

/** Where a view op's result sits in its operand's block. */
export interface ViewPlan {
  readonly shape: readonly number[];
  /** null when no strides describe the result over this layout (reshape of a transpose): the engine packs a copy first. */
  readonly strides: readonly number[] | null;
  /** Element offset; the operand's own when omitted. */
  readonly offset?: number;
  readonly saved?: unknown;
}

export interface ViewOp<A> extends OpBase {
  readonly kind: "view";
  plan(input: Tensor, attrs: A): ViewPlan;
}

export type OpDef<A> = ComputeOp<A, any> | ViewOp<A>;

/** Declares a compute op (keeps its plan type). Creation ops have no operands (`operands: []`). */
export function computeOp<A, P extends Plan>(def: Omit<ComputeOp<A, P>, "kind">): ComputeOp<A, P> {
  return { kind: "compute", ...def };
}

/** Declares a view op. */
export function viewOp<A>(def: Omit<ViewOp<A>, "kind" | "operands">): ViewOp<A> {
  return { kind: "view", operands: ["argument"], ...def };
}
