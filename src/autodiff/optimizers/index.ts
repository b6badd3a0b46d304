/**
 * Gradient-descent optimizers with Keras 3's update formulas and defaults: {@link sgd}
 * (plain, momentum or Nesterov), {@link adam}, {@link adamw} (decoupled weight decay) and
 * {@link rmsprop} (momentum, centered); each takes `clipNorm` or `clipValue`. `opt.minimize(() => loss)` records the loss on a tape,
 * takes the gradients of the trainable variables it used and updates them in place;
 * `opt.applyGradients([[g, v], …])` applies gradients computed elsewhere.
 *
 * @module
 */
// st.optimizers: sgd({ learningRate, momentum, nesterov }), adam({ learningRate, beta1, beta2, epsilon }),
// adamw({ ..., weightDecay }), rmsprop({ learningRate, rho, momentum, epsilon, centered }); all take clipNorm / clipValue.
export { Optimizer, type GradientAndVariable, type ClipOptions } from "./optimizer.js";
export { SGD, sgd, type SGDOptions } from "./sgd.js";
export { Adam, adam, type AdamOptions } from "./adam.js";
export { AdamW, adamw, type AdamWOptions } from "./adamw.js";
export { RMSprop, rmsprop, type RMSpropOptions } from "./rmsprop.js";
