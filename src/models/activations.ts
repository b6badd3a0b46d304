// Activations by name, as Keras's `activation="relu"`. relu, sigmoid and tanh can run in
// the epilogue of the dense and convolution GEMMs (linear/conv2d's `activation`); softmax
// cannot (it reads a whole row), so the layers apply it after the fused product.
import { byName } from "./by-name.js";
import type { Activation } from "../manifest.js";
import { relu, sigmoid, tanh } from "../ops/elementwise.js";
import { softmax } from "../ops/softmax.js";
import type { Tensor } from "../tensor.js";

/** The activations a layer takes by name (Keras's): "linear" is none. */
export type ActivationName = "relu" | "sigmoid" | "tanh" | "softmax" | "linear";

const NAMES: Readonly<Record<ActivationName, ActivationName>> = { relu: "relu", sigmoid: "sigmoid", tanh: "tanh", softmax: "softmax", linear: "linear" };

/** Checks an activation name (undefined means "linear"); `where` prefixes the error. */
export function parseActivationName(value: unknown, where: string): ActivationName {
  if (value === undefined || value === null) return "linear";
  return byName(NAMES, value, "activation", where);
}

/** The activation a GEMM can fuse in its epilogue, or undefined (linear and softmax). */
export function fusedActivation(name: ActivationName): Activation | undefined {
  return name === "relu" || name === "sigmoid" || name === "tanh" ? name : undefined;
}

/** Applies a named activation to x (softmax over the last axis). */
export function applyActivation(name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case "relu":
      return relu(x);
    case "sigmoid":
      return sigmoid(x);
    case "tanh":
      return tanh(x);
    case "softmax":
      return softmax(x, -1);
    case "linear":
      return x;
  }
}
