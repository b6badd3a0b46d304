// "The gears of neural networks: tensor operations" (Deep Learning with Python, ch. 2),
// cell by cell with simd-tensor. Run with `npm start`.
import * as st from "simd-tensor";

const cell = (code: string, value?: unknown) => {
  console.log(`\nIn:  ${code}`);
  if (value !== undefined) console.log(typeof value === "string" ? `Out: ${value}` : value);
};
const shapeOf = (t: st.Tensor) => `(${t.shape.join(", ")}${t.rank === 1 ? "," : ""})`;

console.log(`simd-tensor notebook demo (kernels: ${st.backendInfo().build} build)`);

console.log("\n### Element-wise operations");
const x = st.randomUniform([20, 100], { seed: 1 });
const y = st.randomUniform([20, 100], { seed: 2 });
cell("x = np.random.random((20, 100)); y = np.random.random((20, 100))", "x.shape = " + shapeOf(x));
const small = st.tensor([[-1.5, 0.5], [2, -3]]);
cell("naive_relu(np.array([[-1.5, 0.5], [2, -3]]))", st.naive.relu(small));
cell("np.maximum(np.array([[-1.5, 0.5], [2, -3]]), 0.)   # st.relu", st.relu(small));
cell("naive_add(x, y)[:2, :4]  ==  (x + y)[:2, :4]", [st.naive.add(x, y).slice([0, 0], [2, 4]), st.add(x, y).slice([0, 0], [2, 4])]);

// The notebook's timing cells, printed its way. Warm up first: V8's first tier is ~2x slower.
const took = (body: () => void): string => {
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) body();
  return `Took: ${((performance.now() - t0) / 1000).toFixed(2)} s`;
};
const simdLoop = () => st.tidy(() => void st.maximum(st.add(x, y), 0));
const naiveLoop = () => st.tidy(() => void st.naive.relu(st.naive.add(x, y)));
for (let i = 0; i < 3; i++) took(simdLoop), took(naiveLoop);
cell("for _ in range(1000): z = x + y; z = np.maximum(z, 0.)       # SIMD kernels", took(simdLoop));
cell("for _ in range(1000): z = naive_add(x, y); z = naive_relu(z)  # plain JS loops", took(naiveLoop));
const t0 = performance.now();
for (let i = 0; i < 1000; i++) simdLoop();
const perOp = ((performance.now() - t0) * 1000) / 2000;
console.log(`     (${perOp.toFixed(2)} µs per op; npx simd-tensor bench measures this properly)`);

console.log("\n### Broadcasting");
const X = st.randomUniform([32, 10], { seed: 3 });
const yOriginal = st.randomUniform([10], { seed: 4 });
cell("X = np.random.random((32, 10)); y_original = np.random.random((10,)); y_original.shape", shapeOf(yOriginal));
cell("y_expanded = np.expand_dims(y_original, axis=0); y_expanded.shape", shapeOf(st.expandDims(yOriginal, 0)));
// The notebook printed (1, 32, 10) and (32, 32, 10) here: its `y` was the (32, 10) array of a
// later cell ("Tensor product"), run out of order. We reproduce those shapes from that array.
const yLater = st.randomUniform([32, 10], { seed: 6 });
const yNew = st.expandDims(yLater, 0);
cell("y = y[np.newaxis, :]; y.shape       # y was (32, 10) when the notebook ran this", shapeOf(yNew));
const Y = st.concat(Array.from({ length: 32 }, () => yNew), 0);
cell("Y = np.concatenate([y] * 32, axis=0); Y.shape", shapeOf(Y));
cell("the broadcast way, no copy: st.broadcastTo(y_expanded, [32, 10]).strides", `[${st.broadcastTo(st.expandDims(yOriginal, 0), [32, 10]).strides.join(", ")}]`);
const result = st.naive.addMatrixAndVector(X, yOriginal);
cell("result = naive_add_matrix_and_vector(X, y_original); result.shape", shapeOf(result));
cell("max |result - (X + y_original)|", Math.max(...st.abs(st.sub(result, st.add(X, yOriginal))).data()));

console.log("\n### Tensor product");
const x4 = st.randomUniform([64, 3, 32, 10], { seed: 5 });
cell("x = np.random.random((64, 3, 32, 10)); y = np.random.random((32, 10)); z = np.maximum(x, y); z.shape", shapeOf(st.maximum(x4, yLater)));
const v1 = st.randomUniform([32], { seed: 7 }), v2 = st.randomUniform([32], { seed: 8 });
cell("z = np.dot(x, y)  (x, y: (32,))   vs naive_vector_dot(x, y)", [st.dot(v1, v2).item(), st.naive.vectorDot(v1, v2).item()]);
const M = st.randomUniform([4, 32], { seed: 9 });
cell("np.dot(M, y)  vs both naive_matrix_vector_dot versions", [st.dot(M, v2), st.naive.matrixVectorDot(M, v2), st.naive.matrixVectorDotByRows(M, v2)]);
const N = st.randomUniform([32, 3], { seed: 10 });
cell("np.dot(M, N)  vs naive_matrix_dot(M, N)", [st.dot(M, N), st.naive.matrixDot(M, N)]);

console.log("\n### Tensor reshaping");
st.tidy(() => {
  const trainImages = st.zeros([60000, 28, 28]); // stands in for MNIST's training images (188 MB)
  cell("train_images = train_images.reshape((60000, 28 * 28)); train_images.shape", shapeOf(trainImages.reshape([60000, 28 * 28])));
}); // frees both the tensor and its reshaped view
const m = st.tensor([[0, 1], [2, 3], [4, 5]]);
cell("x = np.array([[0., 1.], [2., 3.], [4., 5.]]); x.shape", shapeOf(m));
cell("x = x.reshape((6, 1)); x", m.reshape([6, 1]));
cell("x = x.reshape((2, 3)); x", m.reshape([2, 3]));
cell("x = np.zeros((300, 20)); x = np.transpose(x); x.shape", shapeOf(st.transpose(st.zeros([300, 20]))));

console.log("\n### The gradient tape");
{
  const x = st.variable(0);
  const tape = new st.GradientTape();
  const y = tape.record(() => st.add(st.mul(2, x), 3));
  cell("x = tf.Variable(0.); with tf.GradientTape() as tape: y = 2 * x + 3; tape.gradient(y, x)", tape.gradient(y, x));
}
{
  const x = st.variable(st.randomUniform([2, 2], { seed: 11 }));
  const tape = new st.GradientTape();
  const y = tape.record(() => st.add(st.mul(2, x), 3));
  cell("x = tf.Variable(tf.random.uniform((2, 2))); ... tape.gradient(y, x)", tape.gradient(y, x));
}
{
  // The notebook's printed W and x, so the gradients can be checked against its output.
  const W = st.variable([[0.5864936, 0.5392288], [0.0373162, 0.5145111]]);
  const b = st.variable(st.zeros([2]));
  const x = st.tensor([[0.7531737, 0.55128396], [0.40519285, 0.30589557]]);
  const tape = new st.GradientTape();
  const y = tape.record(() => st.add(st.matmul(x, W), b));
  cell("y = tf.matmul(x, W) + b; tape.gradient(y, [W, b])   # notebook: [[1.1583666 1.1583666] [0.8571795 0.8571795]], [2. 2.]", tape.gradient(y, [W, b]));
}

console.log("\n### Beyond the notebook: the same matmul on every core");
{
  const a = st.randomUniform([1024, 1024], { seed: 12 }), b = st.randomUniform([1024, 1024], { seed: 13 });
  const threads = await st.setThreads(0); // one thread per core; ops stay synchronous
  const matmulMs = (): number => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      st.tidy(() => void st.matmul(a, b));
      times.push(performance.now() - t);
    }
    return times.sort((p, q) => p - q)[2];
  };
  matmulMs(); // warm-up: each thread's first calls run before V8's optimising tier
  const one = st.withThreads(1, matmulMs);
  const all = matmulMs();
  console.log(`matmul (1024,1024)@(1024,1024): 1 thread ${one.toFixed(1)} ms, ${threads} threads ${all.toFixed(1)} ms (${(one / all).toFixed(2)}×)`);
  await st.setThreads(1);
  a.dispose();
  b.dispose();
}

cell("st.memory()", st.memory());
