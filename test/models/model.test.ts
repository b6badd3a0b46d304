// summary(), Keras 3 weight names, saveWeights → loadWeights through .npz files (read back
// by numpy where python3 has it), and saveWeightsBytes → loadWeightsBytes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as st from "../../src/index.js";

const convnet = (seed: number) =>
  st.sequential([
    st.layers.conv2d(32, 3, { activation: "relu", inputShape: [28, 28, 1] }),
    st.layers.maxPooling2d(2),
    st.layers.conv2d(64, 3, { activation: "relu" }),
    st.layers.maxPooling2d(2),
    st.layers.conv2d(128, 3, { activation: "relu" }),
    st.layers.flatten(),
    st.layers.dense(10, { activation: "softmax" }),
  ], { seed });

describe("summary()", () => {
  it("is Keras's table: layer (type), output shape, param #, totals; printed and returned", () => {
    const printed: string[] = [];
    const text = convnet(1).summary({ printFn: (s) => void printed.push(s) });
    expect(printed).toEqual([text]);
    const lines = text.split("\n");
    expect(lines[0]).toBe('Model: "sequential"');
    expect(lines[2]).toMatch(/^┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃$/);
    const rows = lines.filter((l) => l.startsWith("│")).map((l) => l.split("│").slice(1, -1).map((c) => c.trim()));
    expect(rows).toEqual([
      ["conv2d (Conv2D)", "(None, 26, 26, 32)", "320"],
      ["max_pooling2d (MaxPooling2D)", "(None, 13, 13, 32)", "0"],
      ["conv2d_1 (Conv2D)", "(None, 11, 11, 64)", "18,496"],
      ["max_pooling2d_1 (MaxPooling2D)", "(None, 5, 5, 64)", "0"],
      ["conv2d_2 (Conv2D)", "(None, 3, 3, 128)", "73,856"],
      ["flatten (Flatten)", "(None, 1152)", "0"],
      ["dense (Dense)", "(None, 10)", "11,530"],
    ]);
    // The book's chapter 8 convnet: 104,202 parameters.
    expect(lines.slice(-3)).toEqual([" Total params: 104,202 (407.04 KB)", " Trainable params: 104,202 (407.04 KB)", " Non-trainable params: 0 (0.00 B)"]);
    expect(new Set(lines.slice(1, -3).map((l) => [...l].length)).size).toBe(1); // every table line is as wide
  });

  it("prints to stdout by default", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const text = st.sequential([st.layers.dense(2, { inputShape: [3] })], { name: "tiny" }).summary();
      expect(write).toHaveBeenCalledWith(`${text}\n`);
      expect(text).toContain('Model: "tiny"');
    } finally {
      write.mockRestore();
    }
  });
});

describe("weight names (Keras 3)", () => {
  it("are the layer kind and its index among that kind in this model; a second model gets the same", () => {
    const names = Object.keys(convnet(1).namedWeights());
    expect(names).toEqual(["conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias", "conv2d_2/kernel", "conv2d_2/bias", "dense/kernel", "dense/bias"]);
    expect(Object.keys(convnet(2).namedWeights())).toEqual(names);
    expect(convnet(3).namedWeights()["conv2d_1/kernel"].name).toBe("conv2d_1/kernel");
  });

  it("a layer's own name is used; names must be unique", () => {
    const m = st.sequential([st.layers.dense(2, { inputShape: [3], name: "hidden" }), st.layers.dense(1)]);
    expect(Object.keys(m.namedWeights())).toEqual(["hidden/kernel", "hidden/bias", "dense_1/kernel", "dense_1/bias"]);
    expect(() => st.sequential([st.layers.dense(2, { name: "a" }), st.layers.dense(1, { name: "a" })])).toThrow(/two layers are named "a"/);
  });

  it("setNamedWeights checks names, shapes and dtypes, names each mismatch, and writes nothing then", () => {
    const m = st.sequential([st.layers.dense(2, { inputShape: [3] }), st.layers.dense(1)], { seed: 1 });
    const before = Array.from(m.namedWeights()["dense/kernel"].data());
    const bad = { "dense/kernel": st.zeros([3, 2]), "dense/bias": st.zeros([3]), "dense_1/kernel": st.zeros([2, 1], "float64"), extra: st.zeros([1]) };
    expect(() => m.setNamedWeights(bad)).toThrow(/dense\/bias has shape \(3\), the model's \(2\); dense_1\/kernel is float64, the model's float32; dense_1\/bias \(1\) is missing; extra is not a weight of this model/);
    expect(Array.from(m.namedWeights()["dense/kernel"].data())).toEqual(before);
  });
});

describe("saveWeights → loadWeights", () => {
  const dir = mkdtempSync(join(tmpdir(), "simd-tensor-models-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips into a second model of the same architecture", () => {
    const a = convnet(1), b = convnet(2);
    const path = join(dir, "convnet.weights.npz");
    a.saveWeights(path);
    const x = st.randomGenerator(3).uniform([2, 28, 28, 1]);
    expect(Array.from(b.predict(x).data())).not.toEqual(Array.from(a.predict(x).data()));
    b.loadWeights(path);
    expect(Array.from(b.predict(x).data())).toEqual(Array.from(a.predict(x).data()));
    const other = st.sequential([st.layers.dense(10, { inputShape: [784] })]);
    expect(() => other.loadWeights(path)).toThrow(/loadWeights\(.*\): the weights do not fit model "sequential": dense\/kernel has shape \(1152, 10\), the model's \(784, 10\); .*conv2d\/kernel is not a weight of this model/);
  });

  const hasNumpy = (() => {
    try {
      execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasNumpy)("numpy reads the file back with the same names and values; a file numpy wrote loads", () => {
    const m = st.sequential([st.layers.dense(3, { inputShape: [2] })], { seed: 5 });
    const path = join(dir, "dense.npz");
    m.saveWeights(path);
    const out = execFileSync("python3", ["-c", `import numpy, json; f = numpy.load(${JSON.stringify(path)}); print(json.dumps({k: f[k].tolist() for k in f.files}))`], { encoding: "utf8" });
    const read = JSON.parse(out) as Record<string, number[][] | number[]>;
    expect(Object.keys(read)).toEqual(["dense/kernel", "dense/bias"]);
    expect(read["dense/kernel"].flat()).toEqual(Array.from(m.namedWeights()["dense/kernel"].data()));
    const written = join(dir, "from-numpy.npz");
    execFileSync("python3", ["-c", `import numpy; numpy.savez(${JSON.stringify(written)}, **{"dense/kernel": numpy.arange(6, dtype=numpy.float32).reshape(2, 3), "dense/bias": numpy.ones(3, dtype=numpy.float32)})`]);
    m.loadWeights(written);
    expect(Array.from(m.namedWeights()["dense/kernel"].data())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(m.namedWeights()["dense/bias"].data())).toEqual([1, 1, 1]);
    execFileSync("python3", ["-c", `import numpy; numpy.savez(${JSON.stringify(written)}, **{"dense/kernel": numpy.zeros((2, 3)), "dense/bias": numpy.ones(3, dtype=numpy.float32)})`]);
    expect(() => m.loadWeights(written)).toThrow(/dense\/kernel is float64, the model's float32/);
  });
});

describe("saveWeightsBytes → loadWeightsBytes", () => {
  const dir = mkdtempSync(join(tmpdir(), "simd-tensor-models-bytes-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dense = (seed: number) => st.sequential([st.layers.dense(4, { activation: "relu", inputShape: [3] }), st.layers.dense(2)], { seed });

  it("round-trips into a second model of the same architecture", () => {
    const a = convnet(1), b = convnet(2);
    const bytes = a.saveWeightsBytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    const x = st.randomGenerator(3).uniform([2, 28, 28, 1]);
    expect(Array.from(b.predict(x).data())).not.toEqual(Array.from(a.predict(x).data()));
    b.loadWeightsBytes(bytes);
    expect(Array.from(b.predict(x).data())).toEqual(Array.from(a.predict(x).data()));
    for (const [name, v] of Object.entries(a.namedWeights())) expect(Array.from(b.namedWeights()[name].data()), name).toEqual(Array.from(v.data()));
  });

  it("are byte for byte the file saveWeights writes, under Keras 3's names (stored, as numpy.savez)", () => {
    const m = dense(4);
    const path = join(dir, "dense.weights.npz");
    m.saveWeights(path);
    const bytes = m.saveWeightsBytes();
    expect(bytes).toEqual(new Uint8Array(readFileSync(path)));
    const read = st.fromNpz(bytes);
    expect(Object.keys(read)).toEqual(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]);
    expect(read["dense_1/kernel"].shape).toEqual([4, 2]);
    for (const t of Object.values(read)) t.dispose();
    // loadWeights reads what saveWeightsBytes made, and loadWeightsBytes what saveWeights wrote.
    const other = dense(5);
    other.loadWeightsBytes(new Uint8Array(readFileSync(path)));
    expect(other.saveWeightsBytes()).toEqual(bytes);
  });

  it("wrong names, shapes and dtypes give loadWeights's errors, and nothing is loaded", () => {
    const path = join(dir, "convnet.weights.npz");
    convnet(1).saveWeights(path);
    const bytes = convnet(1).saveWeightsBytes();
    const other = st.sequential([st.layers.dense(10, { inputShape: [784] })], { seed: 2 });
    const before = other.saveWeightsBytes();
    const message = (f: () => void) => {
      try {
        f();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("did not throw");
    };
    const fromFile = message(() => other.loadWeights(path));
    const fromBytes = message(() => other.loadWeightsBytes(bytes));
    expect(fromBytes).toMatch(/^loadWeightsBytes: the weights do not fit model "sequential": dense\/kernel has shape \(1152, 10\), the model's \(784, 10\); .*conv2d\/kernel is not a weight of this model/);
    expect(fromBytes.replace(/^loadWeightsBytes: /, "")).toBe(fromFile.replace(/^loadWeights\(".*"\): /, ""));
    expect(() => other.loadWeightsBytes(bytes)).toThrow(st.InvalidArgumentError);
    const f64 = st.toNpz({ "dense/kernel": st.zeros([784, 10], "float64"), "dense/bias": st.zeros([10]) });
    expect(() => other.loadWeightsBytes(f64)).toThrow(/^loadWeightsBytes: .*dense\/kernel is float64, the model's float32/);
    expect(other.saveWeightsBytes()).toEqual(before);
  });

  it("errors: not built, not bytes, not a .npz; compressed members inflate with Node's codec or the one passed", () => {
    const unbuilt = st.sequential([st.layers.dense(2)]);
    expect(() => unbuilt.saveWeightsBytes()).toThrow(/^saveWeightsBytes: the model is not built yet/);
    expect(() => unbuilt.loadWeightsBytes(new Uint8Array(0))).toThrow(/^loadWeightsBytes: the model is not built yet/);
    const m = dense(6);
    expect(() => m.loadWeightsBytes([1, 2, 3] as unknown as Uint8Array)).toThrow(/^loadWeightsBytes: expected a Uint8Array/);
    expect(() => m.loadWeightsBytes(new Uint8Array([1, 2, 3]))).toThrow(st.FormatError);
    expect(() => m.loadWeightsBytes(new Uint8Array([1, 2, 3]))).toThrow(/^loadWeightsBytes: not a \.npz file/);
    // numpy.savez_compressed's deflated members: Node's codec is installed.
    const compressed = st.toNpz(m.namedWeights(), { compress: true });
    dense(7).loadWeightsBytes(compressed);
    const noCodec = { deflateRaw: () => { throw new Error("unused"); }, inflateRaw: () => { throw new Error("no inflate here"); } };
    expect(() => dense(7).loadWeightsBytes(compressed, { codec: noCodec })).toThrow(/^loadWeightsBytes: member "dense\/kernel.npy": the deflate data is corrupt or truncated \(no inflate here\)/);
  });
});

