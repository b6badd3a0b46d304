// What ops accept as a tensor argument, and its conversion.
import { Tensor } from "../tensor.js";
import { InvalidArgumentError } from "../errors.js";

/** A tensor, or a plain number (a 0-d operand that adopts the other operand's dtype). */
export type TensorLike = Tensor | number;

/** Checks that an argument is a live tensor, naming the op. */
export function expectTensor(value: unknown, op: string, what = "argument"): Tensor {
  if (!(value instanceof Tensor)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a Tensor, got ${describe(value)}`);
  }
  value.live(op);
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array (wrap it with st.tensor)";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  return `${typeof value} ${String(value)}`;
}
