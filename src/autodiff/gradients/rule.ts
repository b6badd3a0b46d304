// What a gradient rule is. One rule per primitive op (the op's name is its key in
// gradients/index.ts). A rule is written with public ops only, so that when an outer tape
// is recording while an inner tape computes gradients, the rule's own ops are recorded
// too and nested tapes give higher-order gradients.
import type { Tensor } from "../../tensor.js";

/** An op operand as recorded: a tensor, or a plain JS number (a constant: never differentiated). */
export type Operand = Tensor | number;

/** Computes the gradient for one input; only called when that input leads to a requested source. */
export type GradientThunk = (() => Tensor) | null;

export interface GradientContext<A = unknown> {
  /**
   * The op's operands. Those listed in the rule's `saveInputs` are live tensors holding
   * the forward values; the others may already be disposed: read only their shape and dtype.
   */
  readonly inputs: readonly Operand[];
  /** The op's result: live when the rule sets `saveOutput`, else only its shape and dtype. */
  readonly output: Tensor;
  /** Whatever the op passed to record() (axes, permutation, …). */
  readonly attrs: A;
  /** Extra tensors saved with the record (customGrad's `save`), live. */
  readonly saved: readonly Tensor[];
}

export interface GradientRule<A = unknown> {
  /** Indices of the inputs whose values the gradient reads: the tape keeps their memory alive. */
  readonly saveInputs?: readonly number[];
  /** True when the gradient reads the op's result. */
  readonly saveOutput?: boolean;
  /** One thunk per input (null: not differentiable), each giving a tensor of that input's shape and dtype. */
  grad(dy: Tensor, ctx: GradientContext<A>): readonly GradientThunk[];
}

/** Declares a rule with typed attrs. */
export function defineRule<A = undefined>(rule: GradientRule<A>): GradientRule<A> {
  return rule;
}
