// "The gears of neural networks: tensor operations" (Deep Learning with Python, ch. 2),
// cell by cell with simd-tensor. Run with `npm start`.
import * as st from "simd-tensor";

const show = (label: string, value: unknown) => console.log(`\n>>> ${label}\n`, value);
const shape = (t: st.Tensor) => `(${t.shape.join(", ")}${t.rank === 1 ? "," : ""})`;

console.log(`simd-tensor notebook demo: kernels = ${st.backendInfo().build} build\n`);
console.log("## Element-wise operations");

const x = st.randomUniform([20, 100], { seed: 1 });
const y = st.randomUniform([20, 100], { seed: 2 });
show("naive_relu(naive_add(x, y))[0, :5]  vs  st.relu(st.add(x, y))[0, :5]", [
  st.naive.relu(st.naive.add(x, y)).data().slice(0, 5),
  st.relu(st.add(x, y)).data().slice(0, 5),
]);

// The notebook's timing cells, printed its way.
const timeIt = (body: () => void): string => {
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) body();
  return `Took: ${((performance.now() - t0) / 1000).toFixed(2)} s`;
};
timeIt(() => st.tidy(() => void st.relu(st.add(x, y)))); // warm up: V8's first tier is ~2x slower
console.log("\n>>> for _ in range(1000): z = x + y; z = np.maximum(z, 0.)   (SIMD kernels)");
console.log(timeIt(() => st.tidy(() => void st.maximum(st.add(x, y), 0))));
console.log("\n>>> for _ in range(1000): z = naive_add(x, y); z = naive_relu(z)   (plain JS loops)");
console.log(timeIt(() => st.tidy(() => void st.naive.relu(st.naive.add(x, y)))));

console.log("\n## Broadcasting");
const X = st.randomUniform([32, 10], { seed: 3 });
const yOriginal = st.randomUniform([10], { seed: 4 });
show("y_original.shape", shape(yOriginal));
const yExpanded = st.expandDims(yOriginal, 0);
show("np.expand_dims(y_original, axis=0).shape", shape(yExpanded));
show("Y = np.concatenate([y] * 32, axis=0): broadcastTo([32, 10]), a stride-0 view", shape(st.broadcastTo(yExpanded, [32, 10])));
const result = st.naive.addMatrixAndVector(X, yOriginal);
show("naive_add_matrix_and_vector(X, y_original).shape", shape(result));
const viaBroadcast = st.add(X, yOriginal);
show("max |naive - (X + y_original)|", Math.max(...Array.from(st.abs(st.sub(result, viaBroadcast)).data())));

const x4 = st.randomUniform([64, 3, 32, 10], { seed: 5 });
const y2 = st.randomUniform([32, 10], { seed: 6 });
show("np.maximum(x (64,3,32,10), y (32,10)).shape", shape(st.maximum(x4, y2)));

console.log("\n## Tensor reshaping");
const m = st.tensor([[0, 1], [2, 3], [4, 5]]);
show("x.shape", shape(m));
show("x.reshape((6, 1))", m.reshape([6, 1]));
show("x.reshape((2, 3))", m.reshape([2, 3]));
const z = st.zeros([300, 20]);
show("np.transpose(np.zeros((300, 20))).shape", shape(st.transpose(z)));

show("memory()", st.memory());
