/**
 * The layers of a {@link sequential} model, as Keras's `keras.layers`: {@link dense},
 * {@link conv2d}, {@link maxPooling2d}, {@link averagePooling2d}, {@link flatten},
 * {@link dropout}, {@link activation}, {@link rescaling}. Every one takes `inputShape`
 * (one example's shape, used on a model's first layer) and `name`.
 *
 * @module
 */
export { Layer, type LayerOptions, type CallContext, type LayerWeight } from "./layer.js";
export { KernelLayer, type KernelLayerOptions } from "./kernel-layer.js";
export { Dense, dense, type DenseOptions } from "./dense.js";
export { Conv2D, conv2d, type Conv2dLayerOptions } from "./conv2d.js";
export { Pooling2D, maxPooling2d, averagePooling2d, type Pooling2dOptions } from "./pooling.js";
export { Flatten, flatten } from "./flatten.js";
export { Dropout, dropout, type DropoutLayerOptions } from "./dropout.js";
export { ActivationLayer, activation } from "./activation.js";
export { Rescaling, rescaling } from "./rescaling.js";
