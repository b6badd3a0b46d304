// st.optimizers: sgd({ learningRate, momentum, nesterov }), adam({ learningRate, beta1, beta2, epsilon }).
export { Optimizer, type GradientAndVariable } from "./optimizer.js";
export { SGD, sgd, type SGDOptions } from "./sgd.js";
export { Adam, adam, type AdamOptions } from "./adam.js";
