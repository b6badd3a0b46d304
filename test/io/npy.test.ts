// .npy reading and writing (src/io/npy.ts, npy-node.ts): numpy-written fixtures read back
// exactly (test/fixtures/npy/make.py wrote them and expected.json), round trips of every
// dtype, shape and layout, numpy's byte layout, and every malformed file a clear error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { npyHeader } from "../../src/io/npy.js";
import { FIXTURES, expectValues, fixture, npyFixtures, thrown, valuesOf } from "./fixtures.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

const work = mkdtempSync(join(tmpdir(), "simd-tensor-npy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DTYPES: readonly st.DType[] = ["float32", "float64", "int32", "uint8", "bool"];
const SHAPES: readonly number[][] = [[], [0], [3, 0, 2], [7], [2, 3], [2, 1, 3, 1, 2]];

/** Distinct values of a dtype, specials included for the floats. */
function sample(dtype: st.DType, n: number): number[] {
  const specials = [NaN, Infinity, -Infinity, -0, 3.4e38, 1e-45];
  return Array.from({ length: n }, (_, i) => {
    switch (dtype) {
      case "float32": return Math.fround(i < specials.length ? specials[i] : (i * 7.3) % 11 - 5.1);
      case "float64": return i < specials.length ? specials[i] : (i * 7.3) % 11 - 5.1 + 1e-12;
      case "int32": return i % 2 ? -(2 ** 31) + i : 2 ** 31 - 1 - i;
      case "uint8": return (i * 37) % 256;
      case "bool": return (i * 5) % 3 === 0 ? 1 : 0;
    }
  });
}

describe("numpy-written fixtures", () => {
  it.each(npyFixtures().filter(([, e]) => !("error" in e)))("%s reads as numpy reads it", (name, e) => {
    const fromFile = st.loadNpy(fixture(name));
    const fromBytes = st.fromNpy(readFileSync(fixture(name)));
    try {
      for (const t of [fromFile, fromBytes]) {
        expect(t.dtype).toBe(e.dtype);
        expect(t.shape).toEqual(e.shape);
        expectValues(t, e.values!, name);
      }
    } finally {
      fromFile.dispose();
      fromBytes.dispose();
    }
  });

  it.each(npyFixtures().filter(([, e]) => "error" in e))("%s is an error naming the file and the problem", (name, e) => {
    const error = thrown(() => st.loadNpy(fixture(name)));
    expect(error.name).toBe(e.error);
    expect(error).toBeInstanceOf(st.SimdTensorError);
    expect(error.message).toContain(fixture(name));
    for (const part of e.contains!) expect(error.message).toContain(part);
    expect(thrown(() => st.fromNpy(readFileSync(fixture(name)))).message).toMatch(/^fromNpy: /);
  });

  it("a Fortran-order file loads as a transposed view of its data", () => {
    const t = st.loadNpy(fixture("fortran-f4.npy"));
    expect(t.shape).toEqual([3, 4]);
    expect(t.strides).toEqual([1, 3]);
    expect(t.toArray()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    t.dispose();
  });

  it.each(["f4", "f8", "i4", "u1", "b1", "scalar-f8", "scalar-b1", "empty-f4", "rank5-i4"])("%s.npy: toNpy writes numpy's bytes exactly", (name) => {
    const bytes = readFileSync(fixture(`${name}.npy`));
    const t = st.fromNpy(bytes);
    expect(Buffer.from(st.toNpy(t)).equals(bytes)).toBe(true);
    const path = join(work, `${name}.npy`);
    st.saveNpy(path, t);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    t.dispose();
  });

  it("the fixtures were written by numpy 2", () => {
    expect(JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")).numpy).toMatch(/^2\./);
  });
});

describe("round trips", () => {
  for (const dtype of DTYPES) {
    it.each(SHAPES.map((s) => [JSON.stringify(s), s] as const))(`${dtype} of shape %s`, (_, shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const want = sample(dtype, n);
      const t = st.tensor(want, shape, dtype);
      const path = join(work, `${dtype}-${shape.join("x")}.npy`);
      st.saveNpy(path, t);
      const a = st.fromNpy(st.toNpy(t));
      const b = st.loadNpy(path);
      for (const back of [a, b]) {
        expect(back.dtype).toBe(dtype);
        expect(back.shape).toEqual(shape);
        expect(valuesOf(back)).toEqual(valuesOf(t));
      }
      expect(Buffer.from(readFileSync(path)).equals(Buffer.from(st.toNpy(t)))).toBe(true);
      t.dispose();
      a.dispose();
      b.dispose();
    });
  }

  it("views are written as their values in C order (transposed, sliced with steps, offset, broadcast)", () => {
    st.tidy(() => {
      const base = st.arange(0, 60, 1, "float64").reshape([3, 4, 5]);
      const views = [
        base.transpose(),
        st.transpose(base, [1, 0, 2]),
        st.stridedSlice(base, [0, 1, 0], [3, 4, 5], [2, 1, 2]),
        st.slice(base, [1, 1, 1], [2, 3, 4]),
        st.broadcastTo(st.tensor([1, 2, 3], "int32"), [2, 3]),
        st.flip(base, 2),
      ];
      for (const v of views) {
        const bytes = st.toNpy(v);
        const text = new TextDecoder().decode(bytes.subarray(10, 128));
        expect(text).toContain("'fortran_order': False");
        const back = st.fromNpy(bytes);
        expect(back.shape).toEqual(v.shape);
        expect(back.toArray()).toEqual(v.toArray());
        const path = join(work, "view.npy");
        st.saveNpy(path, v);
        expect(st.loadNpy(path).toArray()).toEqual(v.toArray());
      }
    });
  });
});

describe("numpy's layout of what is written", () => {
  it.each(SHAPES.map((s) => [JSON.stringify(s), s] as const))("shape %s: version 1.0, data at a multiple of 64, header ends in '\\n'", (_, shape) => {
    const t = st.zeros(shape, "float32");
    const bytes = st.toNpy(t);
    t.dispose();
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const dataStart = 10 + (bytes[8] | (bytes[9] << 8));
    expect(dataStart % 64).toBe(0);
    expect(bytes[dataStart - 1]).toBe(0x0a);
    expect(bytes.length - dataStart).toBe(4 * shape.reduce((a, b) => a * b, 1));
  });

  it("a header past 65535 bytes is written as version 2.0, still aligned to 64", () => {
    const shape = Array.from({ length: 8000 }, (_, i) => i + 1000000); // longer than any real tensor's header
    const header = npyHeader("<f4", shape);
    expect([header[6], header[7]]).toEqual([2, 0]);
    const length = new DataView(header.buffer).getUint32(8, true);
    expect(12 + length).toBe(header.length);
    expect(header.length % 64).toBe(0);
    expect(header[header.length - 1]).toBe(0x0a);
    // and is read back (the shape exceeds the library's 64 axes, so only the header is checked)
    const error = thrown(() => st.fromNpy(header));
    expect(error).toBeInstanceOf(st.ShapeError);
    expect(error.message).toContain("at most 64");
  });
});

/** f4.npy with its header text replaced (same length, so the data stays where it was). */
function withHeader(dict: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(fixture("f4.npy")));
  const length = bytes[8] | (bytes[9] << 8);
  const text = dict.padEnd(length - 1, " ") + "\n";
  expect(text.length).toBe(length);
  bytes.set(new TextEncoder().encode(text), 10);
  return bytes;
}

describe("malformed files are clear errors", () => {
  const good = new Uint8Array(readFileSync(fixture("f4.npy")));

  it("cut at every length: a FormatError naming the function (truncated, or the magic), never a tensor", () => {
    for (let cut = 0; cut < good.length; cut++) {
      const error = thrown(() => st.fromNpy(good.subarray(0, cut)));
      expect(error, `cut at ${cut}`).toBeInstanceOf(st.FormatError);
      expect(error.message, `cut at ${cut}`).toMatch(/^fromNpy: .*(truncated|cannot parse|bad|magic)/);
    }
  });

  it("a truncated file's error names the file", () => {
    for (const cut of [0, 5, 9, 40, 127, 128, good.length - 1]) {
      const path = join(work, `cut-${cut}.npy`);
      writeFileSync(path, good.subarray(0, cut));
      const error = thrown(() => st.loadNpy(path));
      expect(error, `cut at ${cut}`).toBeInstanceOf(st.FormatError);
      expect(error.message).toContain(path);
      expect(error.message).toContain("truncated");
    }
  });

  it("trailing bytes after the data are a size mismatch", () => {
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(thrown(() => st.fromNpy(longer)).message).toMatch(/longer than the header says.*48 bytes.*found 52/);
  });

  it("bad magic, bad version", () => {
    const notNpy = new TextEncoder().encode("PK\x03\x04 this is a zip, not a .npy");
    expect(thrown(() => st.fromNpy(notNpy)).message).toContain("not a .npy file");
    const v4 = good.slice();
    v4[6] = 4;
    expect(thrown(() => st.fromNpy(v4)).message).toContain("unsupported .npy format version 4.0");
    const path = join(work, "bad-magic.npy");
    writeFileSync(path, notNpy);
    const error = thrown(() => st.loadNpy(path));
    expect(error).toBeInstanceOf(st.FormatError);
    expect(error.message).toContain(path);
  });

  it.each([
    ["not a dictionary", "('<f4', False, (3, 4))", /not a dictionary/],
    ["a missing key", "{'descr': '<f4', 'shape': (3, 4), }", /exactly the keys.*'descr', 'shape'/],
    ["an extra key", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': 1}", /exactly the keys/],
    ["a shape that is a list", "{'descr': '<f4', 'fortran_order': False, 'shape': [3, 4]}", /shape is not a tuple/],
    ["a negative dimension", "{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 4)}", /shape is not a tuple of non-negative integers/],
    ["a fractional dimension", "{'descr': '<f4', 'fortran_order': False, 'shape': (3.5, 4)}", /cannot parse/],
    ["fortran_order not a bool", "{'descr': '<f4', 'fortran_order': 0, 'shape': (3, 4)}", /fortran_order is not True or False/],
    ["unbalanced braces", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4)", /cannot parse/],
    ["a call", "{'descr': '<f4', 'fortran_order': False, 'shape': tuple([3, 4])}", /cannot parse/],
    ["a shape that does not match the data", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }", /truncated: the data is short: shape \(3, 5\) of <f4 needs 60 bytes.*found 48/],
    ["a repeated key", "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 4)}", /repeated key/],
  ])("a header with %s", (_, dict, message) => {
    const error = thrown(() => st.fromNpy(withHeader(dict)));
    expect(error).toBeInstanceOf(st.FormatError);
    expect(error.message).toMatch(/^fromNpy: /);
    expect(error.message).toMatch(message);
  });

  it.each([
    ["'<c16'", /'<c16' is not supported/],
    ["'<f3'", /'<f3' is not supported/],
    ["'|O'", /object arrays/],
    ["[('a', '<f4')]", /structured/],
    ["None", /not a dtype string/],
  ])("descr %s is a DTypeError", (descr, message) => {
    const error = thrown(() => st.fromNpy(withHeader(`{'descr': ${descr}, 'fortran_order': False, 'shape': (3, 4), }`)));
    expect(error).toBeInstanceOf(st.DTypeError);
    expect(error.message).toMatch(message);
  });

  it("a header Python wrote with double quotes, Python 2 longs or no spaces still reads", () => {
    for (const dict of [`{"descr": "<f4", "fortran_order": False, "shape": (3, 4)}`, "{'descr':'<f4','fortran_order':False,'shape':(3L,4L)}"]) {
      const t = st.fromNpy(withHeader(dict));
      expect(t.shape).toEqual([3, 4]);
      t.dispose();
    }
  });

  it("a version 3.0 header that is not UTF-8 is an error", () => {
    const bytes = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
    bytes[6] = 3;
    // 3.0 has a 4-byte length: rewrite the preamble to keep the data where it was.
    const length = (bytes[8] | (bytes[9] << 8)) - 2;
    new DataView(bytes.buffer).setUint32(8, length, true);
    bytes[12] = 0xff;
    expect(thrown(() => st.fromNpy(bytes)).message).toContain("not valid UTF-8");
  });

  it("bool bytes other than 0 and 1 read as true (1), as numpy reads them", () => {
    const bytes = new Uint8Array(readFileSync(fixture("b1.npy")));
    bytes.set([0, 2, 255, 1, 0, 7], bytes.length - 6);
    const t = st.fromNpy(bytes);
    expect([...t.data()]).toEqual([0, 1, 1, 1, 0, 1]);
    t.dispose();
  });

  it("bad arguments", () => {
    expect(thrown(() => st.fromNpy("f4.npy" as unknown as Uint8Array))).toBeInstanceOf(st.InvalidArgumentError);
    expect(thrown(() => st.toNpy([1, 2] as unknown as st.Tensor))).toBeInstanceOf(st.InvalidArgumentError);
    expect(thrown(() => st.loadNpy(42 as unknown as string))).toBeInstanceOf(st.InvalidArgumentError);
    const t = st.zeros([2]);
    t.dispose();
    expect(thrown(() => st.toNpy(t))).toBeInstanceOf(st.DisposedTensorError);
    expect(thrown(() => st.saveNpy(join(work, "disposed.npy"), t))).toBeInstanceOf(st.DisposedTensorError);
    expect((thrown(() => st.loadNpy(join(work, "missing.npy"))) as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
});
