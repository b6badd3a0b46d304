// .npz archives (src/io/npz.ts, zip.ts): numpy's np.savez / np.savez_compressed files
// (ZIP64 records included) read back exactly, round trips stored and deflated with '/' in
// names, the member layout numpy expects, and corrupt or truncated archives as clear errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 as zlibCrc32 } from "node:zlib";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { crc32 } from "../../src/io/crc32.js";
import { encodeNpz } from "../../src/io/npz.js";
import { nodeZipCodec } from "../../src/io/npy-node.js";
import { readZip, writeZip } from "../../src/io/zip.js";
import { expectValues, fixture, npzFixtures, thrown, valuesOf } from "./fixtures.js";

let baseline: number;
beforeEach(() => {
  baseline = st.memory().tensors;
});
afterEach(() => {
  expect(st.memory().tensors).toBe(baseline);
});

const work = mkdtempSync(join(tmpdir(), "simd-tensor-npz-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function disposeAll(r: Record<string, st.Tensor>): void {
  for (const t of Object.values(r)) t.dispose();
}

/** Named tensors of every dtype and a few shapes, '/' and non-ASCII in names. */
function weights(): Record<string, st.Tensor> {
  return st.tidy(() => ({
    "dense/kernel": st.arange(0, 6, 1, "float32").reshape([2, 3]).transpose(),
    "dense/bias": st.tensor([0.5, -0.5, NaN], "float64"),
    "conv/filters/0": st.tensor([[[[-(2 ** 31), 2 ** 31 - 1]]]], "int32"),
    "pixels": st.tensor([0, 128, 255], "uint8"),
    "mask": st.tensor([true, false, true]),
    "step": st.tensor(7, [], "int32"),
    "empty": st.zeros([0, 4]),
    "gewichte/äöü": st.ones([2]),
    ["__proto__"]: st.tensor([1, 2], "int32"), // computed: an own key, not the literal's prototype
  }));
}

describe("numpy-written archives", () => {
  it.each(npzFixtures())("%s reads with numpy's keys and values", (name, e) => {
    const fromFile = st.loadNpz(fixture(name));
    const fromBytes = st.fromNpz(readFileSync(fixture(name)));
    try {
      for (const r of [fromFile, fromBytes]) {
        expect(Object.keys(r).sort()).toEqual(Object.keys(e.members!).sort());
        for (const [key, want] of Object.entries(e.members!)) {
          expect(r[key].dtype, key).toBe(want.dtype);
          expect(r[key].shape, key).toEqual(want.shape);
          expectValues(r[key], want.values, `${name}: ${key}`);
        }
      }
    } finally {
      disposeAll(fromFile);
      disposeAll(fromBytes);
    }
  });

  it("the ZIP64 fixture has ZIP64 directory extras and end records (what make.py meant to write)", () => {
    const bytes = readFileSync(fixture("weights-zip64.npz"));
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // ZIP64 end record
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true); // its locator
  });
});

describe("round trips", () => {
  it.each([false, true])("compress: %s, through bytes and through a file", (compress) => {
    const tensors = weights();
    const bytes = st.toNpz(tensors, { compress });
    const path = join(work, `w-${compress}.npz`);
    st.saveNpz(path, tensors, { compress });
    expect(readFileSync(path).equals(Buffer.from(bytes))).toBe(true);
    for (const back of [st.fromNpz(bytes), st.loadNpz(path)]) {
      expect(Object.keys(back)).toEqual(Object.keys(tensors));
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      for (const [key, t] of Object.entries(tensors)) {
        expect(back[key].dtype, key).toBe(t.dtype);
        expect(back[key].shape, key).toEqual(t.shape);
        expect(valuesOf(back[key]), key).toEqual(valuesOf(t));
      }
      disposeAll(back);
    }
    disposeAll(tensors);
  });

  it("compressed archives are smaller for compressible data, and stored members are the .npy bytes", () => {
    const t = { zeros: st.zeros([1000]) };
    const stored = st.toNpz(t), deflated = st.toNpz(t, { compress: true });
    expect(deflated.length).toBeLessThan(stored.length / 10);
    const npy = st.toNpy(t.zeros);
    expect(Buffer.from(stored).includes(Buffer.from(npy))).toBe(true);
    disposeAll(t);
  });

  it("each member's data starts at a multiple of 64 within the member (numpy's rule)", () => {
    const tensors = weights();
    for (const member of readZip(st.toNpz(tensors), "test", nodeZipCodec)) {
      const headerLength = member.data[8] | (member.data[9] << 8);
      expect((10 + headerLength) % 64, member.name).toBe(0);
      expect(member.name.endsWith(".npy")).toBe(true);
    }
    disposeAll(tensors);
  });

  it("an empty archive", () => {
    const back = st.fromNpz(st.toNpz({}));
    expect(Object.keys(back)).toEqual([]);
  });

  it.each([false, true])("ZIP64 records everywhere (compress: %s) read back", (compress) => {
    const tensors = weights();
    const chunks = encodeNpz(tensors, { compress }, "test", true);
    const bytes = Buffer.concat(chunks);
    const back = st.fromNpz(bytes);
    for (const [key, t] of Object.entries(tensors)) expect(valuesOf(back[key]), key).toEqual(valuesOf(t));
    disposeAll(back);
    disposeAll(tensors);
  });

  it("a codec passed in options is used", () => {
    const used: string[] = [];
    const codec: st.ZipCodec = {
      deflateRaw: (d) => (used.push("deflate"), nodeZipCodec.deflateRaw(d)),
      inflateRaw: (d, n) => (used.push("inflate"), nodeZipCodec.inflateRaw(d, n)),
    };
    const t = { x: st.ones([3]) };
    const back = st.fromNpz(st.toNpz(t, { compress: true, codec }), { codec });
    expect(used).toEqual(["deflate", "inflate"]);
    expect([...back.x.data()]).toEqual([1, 1, 1]);
    disposeAll(back);
    disposeAll(t);
  });
});

describe("CRC-32", () => {
  it("the plain-JS one (used without a codec's) agrees with zlib at every length around its 4-byte step", () => {
    const data = Uint8Array.from({ length: 1031 }, (_, i) => (i * 131 + 7) & 255);
    for (let n = 0; n <= 40; n++) expect(crc32(data.subarray(0, n)), `${n} bytes`).toBe(zlibCrc32(data.subarray(0, n)));
    expect(crc32(data.subarray(3))).toBe(zlibCrc32(data.subarray(3)));
  });

  it("reading with the plain-JS CRC gives the same members", () => {
    const bytes = readFileSync(fixture("weights-compressed.npz"));
    const codec = { deflateRaw: nodeZipCodec.deflateRaw, inflateRaw: nodeZipCodec.inflateRaw };
    expect(readZip(bytes, "test", codec).map((m) => m.name)).toEqual(["dense/kernel.npy", "dense/bias.npy", "step.npy", "mask.npy"]);
  });
});

describe("corrupt archives are clear errors", () => {
  const stored = new Uint8Array(readFileSync(fixture("weights.npz")));
  const compressed = new Uint8Array(readFileSync(fixture("weights-compressed.npz")));

  it.each([["stored", stored], ["compressed", compressed]] as const)("%s: cut at many lengths: a FormatError, never a result, nothing left allocated", (_, good) => {
    for (let cut = 0; cut < good.length; cut += 7) {
      const error = thrown(() => st.fromNpz(good.subarray(0, cut)));
      expect(error, `cut at ${cut}`).toBeInstanceOf(st.FormatError);
      expect(error.message).toMatch(/^fromNpz: /);
    }
  });

  it("a truncated file's error names the file", () => {
    const path = join(work, "cut.npz");
    writeFileSync(path, stored.subarray(0, 500));
    const error = thrown(() => st.loadNpz(path));
    expect(error).toBeInstanceOf(st.FormatError);
    expect(error.message).toContain(path);
    expect(error.message).toContain("truncated");
  });

  it("a flipped CRC byte in the directory names the member", () => {
    for (const good of [stored, compressed]) {
      const bad = good.slice();
      const dir = Buffer.from(bad).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      bad[dir + 16] ^= 0x01;
      const error = thrown(() => st.fromNpz(bad));
      expect(error).toBeInstanceOf(st.FormatError);
      expect(error.message).toMatch(/member "dense\/kernel.npy": CRC-32 mismatch/);
    }
  });

  it("a flipped data byte of a stored member is a CRC mismatch; of a deflated one, corrupt data or a CRC mismatch", () => {
    const bad = stored.slice();
    const npy = Buffer.from(bad).indexOf(Buffer.from("\x93NUMPY", "latin1"));
    bad[npy + 130] ^= 0x40; // inside dense/kernel's data (its header is 128 bytes)
    expect(thrown(() => st.fromNpz(bad)).message).toContain("CRC-32 mismatch");
    const header = Buffer.from(compressed);
    const start = 30 + header.readUInt16LE(26) + header.readUInt16LE(28); // the first member's deflate stream
    for (const at of [2, 20, 40]) {
      const badDeflate = compressed.slice();
      badDeflate[start + at] ^= 0xff;
      const error = thrown(() => st.fromNpz(badDeflate));
      expect(error).toBeInstanceOf(st.FormatError);
      expect(error.message).toMatch(/deflate data is corrupt|CRC-32 mismatch|inflates to/);
    }
  });

  it("not a ZIP file at all", () => {
    const npy = readFileSync(fixture("f4.npy"));
    expect(thrown(() => st.fromNpz(npy)).message).toMatch(/not a \.npz file/);
    expect(thrown(() => st.fromNpz(new Uint8Array(0)))).toBeInstanceOf(st.FormatError);
  });

  it("a member that is not a .npy is a FormatError naming it; the members already read are freed", () => {
    const a = st.ones([2]);
    const members = [{ name: "a.npy", data: st.toNpy(a) }, { name: "notes.txt", data: new TextEncoder().encode("hello") }];
    a.dispose();
    const error = thrown(() => st.fromNpz(Buffer.concat(writeZip(members, false, nodeZipCodec))));
    expect(error).toBeInstanceOf(st.FormatError);
    expect(error.message).toContain('member "notes.txt"');
    expect(error.message).toContain("not a .npy file");
  });

  it("two members that give the same key are an error", () => {
    const a = st.ones([2]);
    const npy = st.toNpy(a);
    a.dispose();
    const error = thrown(() => st.fromNpz(Buffer.concat(writeZip([{ name: "a", data: npy }, { name: "a.npy", data: npy }], false, nodeZipCodec))));
    expect(error.message).toContain('give the same key');
  });

  it("compressed members with no codec are an error saying so", () => {
    expect(thrown(() => readZip(compressed, "fromNpz", undefined)).message).toMatch(/deflate-compressed and no ZipCodec/);
  });

  it("bad arguments", () => {
    expect(thrown(() => st.fromNpz([1, 2] as unknown as Uint8Array))).toBeInstanceOf(st.InvalidArgumentError);
    const t = { w: st.zeros([1]) };
    expect(thrown(() => st.toNpz([t.w] as unknown as Record<string, st.Tensor>))).toBeInstanceOf(st.InvalidArgumentError);
    const e = thrown(() => st.toNpz({ w: 3 as unknown as st.Tensor }));
    expect(e).toBeInstanceOf(st.InvalidArgumentError);
    expect(e.message).toContain('tensors["w"]');
    expect(thrown(() => st.toNpz(t, { compress: "yes" as unknown as boolean }))).toBeInstanceOf(st.InvalidArgumentError);
    disposeAll(t);
  });
});
