// Keras 3's names: a layer is its kind and its index among the layers of that kind in the
// model ("dense", "dense_1", "conv2d"), and a weight is "<layer>/<weight>" ("dense_1/kernel",
// "conv2d/bias"). The names depend only on the architecture, so a second model built the
// same way in the same process (or by Keras) reads the weights file of the first.
import { InvalidArgumentError } from "../errors.js";
import type { Variable } from "../autodiff/variable.js";
import type { Tensor } from "../tensor.js";
import type { Layer } from "./layers/layer.js";

/** The model's layer names: each layer's own (given as an option), else its kind with "_<i>" from the second of that kind on. Throws on a repeated name. */
export function layerNames(layers: readonly Layer[], where: string): string[] {
  const seen = new Map<string, number>();
  const names = layers.map((layer) => {
    const i = seen.get(layer.kind) ?? 0;
    seen.set(layer.kind, i + 1);
    return layer.name ?? (i === 0 ? layer.kind : `${layer.kind}_${i}`);
  });
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new InvalidArgumentError(`${where}: two layers are named "${repeated}"; layer names must be unique within a model`);
  return names;
}

/** Every weight by its Keras name, in layer order. */
export function namedWeights(layers: readonly Layer[], names: readonly string[]): Record<string, Variable> {
  const out: Record<string, Variable> = {};
  layers.forEach((layer, i) => {
    for (const w of layer.namedWeights) out[`${names[i]}/${w.name}`] = w.variable;
  });
  return out;
}

function fmt(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

/**
 * What keeps `given` from being loaded into `weights`: names missing from either side,
 * shapes and dtypes that differ; empty when every name matches.
 */
export function weightMismatches(weights: Readonly<Record<string, Variable>>, given: Readonly<Record<string, Tensor>>): string[] {
  const problems: string[] = [];
  for (const [name, v] of Object.entries(weights)) {
    const t = given[name];
    if (t === undefined) problems.push(`${name} ${fmt(v.shape)} is missing`);
    else if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i])) problems.push(`${name} has shape ${fmt(t.shape)}, the model's ${fmt(v.shape)}`);
    else if (t.dtype !== v.dtype) problems.push(`${name} is ${t.dtype}, the model's ${v.dtype}`);
  }
  for (const name of Object.keys(given)) if (!Object.hasOwn(weights, name)) problems.push(`${name} is not a weight of this model`);
  return problems;
}
