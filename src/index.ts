// simd-tensor: numpy-style tensors for Node.js, every hot loop in WebAssembly SIMD.
// The Node entry: the shared API (src/api.ts) on the Node platform (src/platform/node.ts,
// named by src/platform/current.ts). Node-only functions (those taking file paths) are
// exported here, never from src/api.ts, so the browser entry stays free of Node builtins.
export * from "./api.js";
import { installZipCodec } from "./io/npz.js";
import { nodeZipCodec } from "./io/npy-node.js";

// fromNpz/toNpz import nothing from Node; in Node their compression is node:zlib's.
installZipCodec(nodeZipCodec);

export { loadNpy, saveNpy, loadNpz, saveNpz } from "./io/npy-node.js";
// Keras-style models (#18). Node entry only for now: saveWeights/loadWeights take file
// paths (io/npy-node.ts) and fit's progress bar writes to process.stderr.
export * as layers from "./models/layers/index.js";
export {
  Model, sequential, type SequentialOptions, type CompileOptions, type ApplyOptions, type SummaryOptions,
} from "./models/model.js";
export type { FitOptions, FitCallbacks, EvaluateOptions, PredictOptions } from "./models/fit.js";
export { History, type Logs, type FitParams } from "./models/history.js";
export type { ProgressStream } from "./models/progress.js";
export type { LossName, LossConfig, LossFunction, LossSpec } from "./models/losses.js";
export type { MetricName } from "./models/metrics.js";
export type { OptimizerName } from "./models/optimizer-by-name.js";
export type { ActivationName } from "./models/activations.js";
export type { Initializer, InitializerName } from "./models/initializers.js";
