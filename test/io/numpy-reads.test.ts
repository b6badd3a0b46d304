// What we write, read by numpy itself: every dtype, a transposed view, 0-d, empty and rank 5
// as .npy; stored, compressed and all-ZIP64 .npz with '/' and non-ASCII in the keys. Needs
// python3 with numpy 2 (not every developer has it): where it is missing the test is
// skipped, and its name says so. The committed fixtures (npy.test.ts) cover the other
// direction without Python.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as st from "../../src/index.js";
import { encodeNpz } from "../../src/io/npz.js";
import { valuesOf } from "./fixtures.js";

const probe = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });
const numpyVersion = probe.status === 0 && /^2\./.test(probe.stdout.trim()) ? probe.stdout.trim() : undefined;

const work = mkdtempSync(join(tmpdir(), "simd-tensor-numpy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Loads each file with numpy and prints { name: { dtype, shape, values } } (an npz: per key).
const READER = `
import json, math, sys
import numpy as np
def plain(v):
    v = float(v)
    if math.isnan(v): return "nan"
    if math.isinf(v): return "inf" if v > 0 else "-inf"
    return v
def describe(a):
    return {"dtype": a.dtype.str, "shape": list(a.shape), "values": [plain(v) for v in a.reshape(-1).astype(np.float64)]}
out = {}
for path in sys.argv[1:]:
    if path.endswith(".npz"):
        with np.load(path) as z:
            out[path] = {k: describe(z[k]) for k in z.files}
    else:
        out[path] = describe(np.load(path))
print(json.dumps(out))
`;

const NUMPY_DESCR: Record<st.DType, string> = { float32: "<f4", float64: "<f8", int32: "<i4", uint8: "|u1", bool: "|b1" };

describe("numpy reads what we write", () => {
  it.skipIf(numpyVersion === undefined)(
    `numpy ${numpyVersion ?? "(absent)"} loads saveNpy and saveNpz files with our values (runs only where python3 has numpy 2; skipped otherwise)`,
    () => {
      const tensors: Record<string, st.Tensor> = st.tidy(() => ({
        "float32": st.tensor([1.5, NaN, -Infinity, -0, 3.4e38], "float32"),
        "float64": st.tensor([[1 / 3, 1e-300], [Infinity, 2 ** 60]], "float64"),
        "int32": st.tensor([-(2 ** 31), 2 ** 31 - 1, 0], "int32"),
        "uint8": st.tensor([0, 200, 255], "uint8"),
        "bool": st.tensor([true, false, true]),
        "transposed": st.arange(0, 12, 1, "float32").reshape([3, 4]).transpose(),
        "scalar": st.tensor(2.5, [], "float64"),
        "empty": st.zeros([0, 3], "int32"),
        "rank5": st.arange(0, 12, 1, "int32").reshape([2, 1, 3, 1, 2]),
      }));
      const files: string[] = [];
      for (const [name, t] of Object.entries(tensors)) {
        files.push(join(work, `${name}.npy`));
        st.saveNpy(files[files.length - 1], t);
      }
      const named = { "dense/kernel": tensors.transposed, "dense/bias": tensors.float32, "gewichte/äöü": tensors.bool, "step": tensors.scalar };
      const stored = join(work, "stored.npz"), compressed = join(work, "compressed.npz"), zip64 = join(work, "zip64.npz");
      st.saveNpz(stored, named);
      st.saveNpz(compressed, named, { compress: true });
      writeFileSync(zip64, Buffer.concat(encodeNpz(named, { compress: true }, "test", true)));
      files.push(stored, compressed, zip64);

      const run = spawnSync("python3", ["-c", READER, ...files], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const read = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;

      const expectRead = (got: unknown, t: st.Tensor, what: string) => {
        expect(got, what).toEqual({ dtype: NUMPY_DESCR[t.dtype], shape: [...t.shape], values: valuesOf(t) });
      };
      for (const [name, t] of Object.entries(tensors)) expectRead(read[join(work, `${name}.npy`)], t, name);
      for (const archive of [stored, compressed, zip64]) {
        expect(Object.keys(read[archive]).sort(), archive).toEqual(Object.keys(named).sort());
        for (const [key, t] of Object.entries(named)) expectRead(read[archive][key], t, `${archive}: ${key}`);
      }
      for (const t of Object.values(tensors)) t.dispose();
    },
  );
});
