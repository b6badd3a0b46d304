// Keras lets a model name its parts by string ("relu", "glorotUniform", "rmsprop",
// "binaryCrossentropy", "accuracy"); every such lookup goes through here, so an unknown
// name always gets the same kind of error: what was asked for, where, and what exists.
import { InvalidArgumentError } from "../errors.js";
import { describe } from "../engine/operand.js";

/** A value for an error message: strings quoted, anything else described. */
export function quoted(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : describe(value);
}

/**
 * The entry of `table` named `value`, or an InvalidArgumentError "where: unknown <what>
 * "x"; expected one of ...". `aliases` maps other accepted spellings (Keras's snake_case)
 * to table keys.
 */
export function byName<T>(table: Readonly<Record<string, T>>, value: unknown, what: string, where: string, aliases: Readonly<Record<string, string>> = {}): T {
  if (typeof value === "string") {
    const key = Object.hasOwn(table, value) ? value : Object.hasOwn(aliases, value) ? aliases[value] : undefined;
    if (key !== undefined) return table[key];
  }
  const known = Object.keys(table).map((k) => JSON.stringify(k)).join(", ");
  throw new InvalidArgumentError(`${where}: unknown ${what} ${quoted(value)}; expected one of ${known}`);
}
