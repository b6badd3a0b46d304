/**
 * Gradient-descent optimizers with Keras's update formulas: {@link sgd} (plain, momentum
 * or Nesterov) and {@link adam}. `opt.minimize(() => loss)` records the loss on a tape,
 * takes the gradients of the trainable variables it used and updates them in place;
 * `opt.applyGradients([[g, v], …])` applies gradients computed elsewhere.
 *
 * @module
 */
// st.optimizers: sgd({ learningRate, momentum, nesterov }), adam({ learningRate, beta1, beta2, epsilon }).
export { Optimizer, type GradientAndVariable } from "./optimizer.js";
export { SGD, sgd, type SGDOptions } from "./sgd.js";
export { Adam, adam, type AdamOptions } from "./adam.js";
