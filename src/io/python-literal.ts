// The subset of Python literals a .npy header is written in (numpy reads it with
// ast.literal_eval): a dict of str keys whose values are str, bool, None, int, tuples and
// lists (a structured dtype's descr is a list of tuples). Anything else is a syntax error,
// so a hostile header can neither run code nor make a wrong tensor.

/** A parsed literal: tuples are `{ tuple: [...] }` so that `(3,)` and `[3]` stay distinct, as numpy requires a tuple shape. */
export type PyValue = string | boolean | null | bigint | PyValue[] | { readonly tuple: PyValue[] } | Map<string, PyValue>;

/** Thrown with what went wrong and where; the reader turns it into a FormatError naming the file. */
export class PySyntaxError extends Error {}

/** Parses one literal filling the whole text (surrounding whitespace allowed). */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const v = p.value();
  p.skipSpace();
  if (p.pos !== text.length) p.fail("unexpected text after the literal");
  return v;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new PySyntaxError(`${what} at character ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.s.length && " \t\n\r\f\v".includes(this.s[this.pos])) this.pos++;
  }

  value(): PyValue {
    this.skipSpace();
    const c = this.s[this.pos];
    if (c === undefined) this.fail("unexpected end of header");
    if (c === "{") return this.dict();
    if (c === "(") return { tuple: this.sequence("(", ")") };
    if (c === "[") return this.sequence("[", "]");
    if (c === "'" || c === '"') return this.string();
    if (c === "-" || c === "+" || (c >= "0" && c <= "9")) return this.int();
    for (const [word, v] of [["True", true], ["False", false], ["None", null]] as const) {
      if (this.s.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(this.s[this.pos + word.length] ?? "")) {
        this.pos += word.length;
        return v;
      }
    }
    this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private dict(): Map<string, PyValue> {
    this.pos++; // {
    const out = new Map<string, PyValue>();
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === "}") {
        this.pos++;
        return out;
      }
      const key = this.value();
      if (typeof key !== "string") this.fail("a dictionary key that is not a string");
      if (out.has(key)) this.fail(`repeated key '${key}'`);
      this.skipSpace();
      if (this.s[this.pos] !== ":") this.fail("expected ':'");
      this.pos++;
      out.set(key, this.value());
      this.skipSpace();
      if (this.s[this.pos] === ",") this.pos++;
      else if (this.s[this.pos] !== "}") this.fail("expected ',' or '}'");
    }
  }

  /** `(a, b)`, `(a,)`, `()`, `[a, b]`. A parenthesised single value without a comma is that value, as in Python. */
  private sequence(open: string, close: string): PyValue[] {
    this.pos++; // open
    const values: PyValue[] = [];
    let commas = 0;
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === close) {
        this.pos++;
        if (open === "(" && values.length === 1 && commas === 0) this.fail("a parenthesised value is not a tuple (write (x,))");
        return values;
      }
      values.push(this.value());
      this.skipSpace();
      if (this.s[this.pos] === ",") {
        this.pos++;
        commas++;
      } else if (this.s[this.pos] !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  private string(): string {
    const quote = this.s[this.pos++];
    let out = "";
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined || c === "\n") this.fail("unterminated string");
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.s[this.pos++];
      const simple: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", "0": "\0" };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === "x" || e === "u") {
        const n = e === "x" ? 2 : 4;
        const hex = this.s.slice(this.pos, this.pos + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) this.fail("bad escape in a string");
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += n;
      } else this.fail("unsupported escape in a string");
    }
  }

  private int(): bigint {
    const m = /^[-+]?[0-9]+L?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (m === null) this.fail("bad number");
    const next = this.s[this.pos + m[0].length];
    if (next === "." || next === "e" || next === "E" || next === "j") this.fail("a number that is not an integer");
    this.pos += m[0].length;
    // Python 2's long suffix (numpy's _filter_header drops it from old files).
    return BigInt(m[0].replace(/L$/, ""));
  }
}
