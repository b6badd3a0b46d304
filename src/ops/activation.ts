// The activations a GEMM applies in its epilogue (conv2d, linear), by name.
import { InvalidArgumentError } from "../errors.js";
import { ACTIVATIONS, type Activation } from "../manifest.js";
import { describe } from "../engine/operand.js";

/** Checks an activation name: undefined for none ("linear", null or undefined). */
export function parseActivation(value: unknown, op: string): Activation | undefined {
  if (value === undefined || value === null || value === "linear") return undefined;
  if (typeof value === "string" && Object.hasOwn(ACTIVATIONS, value)) return value as Activation;
  throw new InvalidArgumentError(`${op}: activation must be one of ${Object.keys(ACTIVATIONS).map((a) => `"${a}"`).join(", ")} or "linear", got ${describe(value)}`);
}

