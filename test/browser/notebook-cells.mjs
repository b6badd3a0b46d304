// The notebook's cells (examples/notebook.ts, shared/seed's notebook) as one function of the
// package namespace, run by the browser test in Node and in Chromium: their values, as
// plain arrays, must be equal. Plain JavaScript, so the test page loads it as it is.

/** Element-wise, broadcasting, matmul and GradientTape cells; every value as plain numbers. */
export function notebookCells(st) {
  return st.tidy(() => {
    const out = {};
    // Element-wise
    const x = st.randomUniform([20, 100], { seed: 1 });
    const y = st.randomUniform([20, 100], { seed: 2 });
    const small = st.tensor([[-1.5, 0.5], [2, -3]]);
    out.relu = st.relu(small).toArray();
    out.naiveRelu = st.naive.relu(small).toArray();
    out.add = st.add(x, y).toArray();
    out.reluAdd = st.relu(st.add(x, y)).toArray();
    out.maximum = st.maximum(st.add(x, y), 0).toArray();
    out.naiveAdd = st.naive.add(x, y).slice([0, 0], [2, 4]).toArray();
    out.str = st.relu(small).toString();
    // Broadcasting
    const X = st.randomUniform([32, 10], { seed: 3 });
    const yOriginal = st.randomUniform([10], { seed: 4 });
    out.broadcastAdd = st.add(X, yOriginal).toArray();
    out.naiveBroadcast = st.naive.addMatrixAndVector(X, yOriginal).toArray();
    out.broadcastStrides = st.broadcastTo(st.expandDims(yOriginal, 0), [32, 10]).strides;
    const x4 = st.randomUniform([64, 3, 32, 10], { seed: 5 });
    const yLater = st.randomUniform([32, 10], { seed: 6 });
    const z = st.maximum(x4, yLater);
    out.maximum4d = { shape: z.shape, data: Array.from(z.data()) };
    // Tensor product: dot and matmul
    const v1 = st.randomUniform([32], { seed: 7 }), v2 = st.randomUniform([32], { seed: 8 });
    out.vectorDot = st.dot(v1, v2).item();
    const M = st.randomUniform([4, 32], { seed: 9 }), N = st.randomUniform([32, 3], { seed: 10 });
    out.matrixVector = st.dot(M, v2).toArray();
    out.matrixDot = st.dot(M, N).toArray();
    const A = st.randomUniform([64, 96], { seed: 14 }), B = st.randomUniform([96, 80], { seed: 15 });
    out.matmul = st.matmul(A, B).toArray();
    // Reshaping
    const m = st.tensor([[0, 1], [2, 3], [4, 5]]);
    out.reshape = m.reshape([2, 3]).toArray();
    out.transposeShape = st.transpose(st.zeros([300, 20])).shape;
    // GradientTape
    {
      const v = st.variable(0);
      const tape = new st.GradientTape();
      const r = tape.record(() => st.add(st.mul(2, v), 3));
      out.gradScalar = tape.gradient(r, v).toArray();
    }
    {
      const v = st.variable(st.randomUniform([2, 2], { seed: 11 }));
      const tape = new st.GradientTape();
      const r = tape.record(() => st.add(st.mul(2, v), 3));
      out.gradMatrix = tape.gradient(r, v).toArray();
    }
    {
      const W = st.variable([[0.5864936, 0.5392288], [0.0373162, 0.5145111]]);
      const b = st.variable(st.zeros([2]));
      const xin = st.tensor([[0.7531737, 0.55128396], [0.40519285, 0.30589557]]);
      const tape = new st.GradientTape();
      const r = tape.record(() => st.add(st.matmul(xin, W), b));
      const [dW, db] = tape.gradient(r, [W, b]);
      out.gradDense = { dW: dW.toArray(), db: db.toArray() };
    }
    return out;
  });
}

/**
 * Ops large enough to be split across threads (matmul, element-wise above 64k elements,
 * a reduction, a transposed copy), after the heap has grown past its first 4 MiB: values
 * as plain numbers. Element-wise ops and matmul are bit-identical on any thread count.
 */
export function largeOps(st) {
  return st.tidy(() => {
    const big = st.zeros([3, 1024, 1024]); // 12 MiB: the heap grows (an unshared one replaces its buffer)
    const a = st.randomUniform([256, 300], { seed: 21 }), b = st.randomUniform([300, 256], { seed: 22 });
    const x = st.randomUniform([512, 512], { seed: 23, min: -1, max: 1 });
    const y = st.randomUniform([512, 512], { seed: 24, min: -1, max: 1 });
    const mm = st.matmul(a, b);
    const reluAdd = st.relu(st.add(x, y));
    const scalarAdd = st.add(x, 0.25); // a JS number goes through the scalar slot
    const transposedAdd = st.add(st.transpose(x), y); // a strided walk: the descriptor area
    return {
      heapGrew: st.memory().heapBytes > 4 * 2 ** 20 && big.size === 3 * 2 ** 20,
      matmul: Array.from(mm.data()),
      reluAdd: Array.from(reluAdd.data()),
      scalarAdd: Array.from(scalarAdd.data()),
      transposedAdd: Array.from(transposedAdd.data()),
      sum: st.sum(reluAdd).item(),
    };
  });
}
