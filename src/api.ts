// The public API shared by both entries: src/index.ts (Node) and src/browser.ts (a browser)
// re-export this list and add only what their platform alone can do, so the two never
// drift apart. Nothing here may need a Node builtin.
import "./tensor-methods.js";
import "./tensor-methods-elementwise.js";
import { installRecorder } from "./engine/recording.js";
import { record } from "./autodiff/tape.js";

// Ops report to the engine; the tapes (and through them the gradient rules, which call
// ops) are plugged in here, so no op module imports autodiff.
installRecorder(record);

export { Tensor, type NestedArray } from "./tensor.js";
export type { DType, TypedArray } from "./dtype.js";
export {
  SimdTensorError,
  ShapeError,
  BroadcastError,
  DTypeError,
  AxisError,
  DisposedTensorError,
  InvalidArgumentError,
  GradientTapeError,
  WorkerThreadError,
  FormatError,
} from "./errors.js";
export { tensor, zeros, ones, full, arange, linspace, eye, type TensorInput, type NestedInput } from "./ops/creation.js";
export {
  randomGenerator, RandomGenerator, randomUniform, randomNormal,
  type UniformOptions, type NormalOptions, type RandomUniformOptions, type RandomNormalOptions,
} from "./ops/random.js";
export * from "./ops/elementwise.js"; // every element-wise op of the manifest
export { reshape, transpose, expandDims, squeeze, broadcastTo } from "./ops/movement.js";
export { astype } from "./ops/cast.js";
export { slice, stridedSlice } from "./ops/slice.js";
export { flip, flatten, split, unstack, tile, repeat, pad } from "./ops/shape-ops.js";
export { gather, oneHot, booleanMask } from "./ops/indexing.js";
export { cumsum, cumprod } from "./ops/cumulative.js";
export { sort, argsort, topk, type SortOptions, type TopkOptions, type TopkResult } from "./ops/sort.js";
export { concat, stack } from "./ops/join.js";
export { maxPool2d, avgPool2d, type Pool2dOptions } from "./ops/pool.js";
export {
  equal, notEqual, less, lessEqual, greater, greaterEqual,
  logicalAnd, logicalOr, logicalXor, logicalNot, isNaN, isInf, isFinite, where,
} from "./ops/compare.js";
export { matmul, dot } from "./ops/linalg.js";
export { conv2d, type Conv2dOptions, type FusedConv2dOptions } from "./ops/conv.js";
export { linear, type LinearOptions } from "./ops/linear.js";
export type { Padding } from "./shape/window.js";
export type { Activation } from "./manifest.js";
export { softmax, logSoftmax, softmaxCrossEntropy } from "./ops/softmax.js";
export {
  sparseSoftmaxCrossEntropy, sigmoidCrossEntropy, binaryCrossEntropy, categoricalCrossEntropy,
  meanSquaredError, meanAbsoluteError, type CrossEntropyOptions,
} from "./ops/losses.js";
export { dropout, type DropoutOptions } from "./ops/dropout.js";
export { sum, prod, mean, max, min, argmax, argmin, type AxisSpec } from "./ops/reduce.js";
export { variance, std, logSumExp, norm, any, all, clip, type VarianceOptions } from "./ops/statistics.js";
export type { TensorLike } from "./engine/operand.js";
export { tidy, keep, memory, type MemoryInfo } from "./memory/tidy.js";
export { Variable, variable, type VariableOptions } from "./autodiff/variable.js";
export { GradientTape, type GradientTapeOptions, type GradientOptions, type UnconnectedGradients } from "./autodiff/gradient-tape.js";
export { grad, grads, valueAndGrad, valueAndGrads, customGrad, type CustomGradientResult, type SaveFunction } from "./autodiff/functional.js";
export type { GradFunc } from "./autodiff/gradients/custom.js";
export { stopGradient } from "./ops/stop-gradient.js";
export { checkGradients, type CheckGradientsOptions, type GradientCheckResult, type InputGradientCheck } from "./autodiff/numeric-check.js";
export * as optimizers from "./autodiff/optimizers/index.js";
export { setBackend, backendInfo, type BackendInfo } from "./backend/active-build.js";
export type { BuildName } from "./backend/build-name.js";
export { setThreads, getThreads, withThreads } from "./backend/set-threads.js";
export { fromNpy, toNpy } from "./io/npy.js";
export { fromNpz, toNpz, type NpzReadOptions, type NpzWriteOptions } from "./io/npz.js";
export type { ZipCodec } from "./io/zip.js";
export * as naive from "./naive.js";
// Keras-style models (#18): on every host. Files and printing go through the platform:
// saveWeights/loadWeights(path) work in Node and throw in a browser, where
// saveWeightsBytes/loadWeightsBytes do the same with bytes.
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
