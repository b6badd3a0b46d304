// TEMPORARY SEAM: .npz reading and writing is #13, on the `npy` branch, not merged yet.
// When it is, replace everything below this comment with the two lines
//   export { saveNpz, loadNpz } from "../io/npy-node.js";
//   export const npzAvailable = true;
// (test/models/model.test.ts then runs the round trip through real .npz files, and numpy.)
// Model.saveWeights / loadWeights call exactly saveNpz(path, tensors) and loadNpz(path).
import { InvalidArgumentError } from "../errors.js";
import type { Tensor } from "../tensor.js";

/** Whether the real .npz functions are wired in (false: this file is the stand-in). */
export const npzAvailable: boolean = false;

const notYet = (fn: string) => new InvalidArgumentError(`${fn}: .npz support (#13) is not in this build yet`);

/** Stand-in for io/npy-node.ts's saveNpz (#13). */
export function saveNpz(_path: string, _tensors: Record<string, Tensor>, _options: { compress?: boolean } = {}): void {
  throw notYet("saveNpz");
}

/** Stand-in for io/npy-node.ts's loadNpz (#13). */
export function loadNpz(_path: string): Record<string, Tensor> {
  throw notYet("loadNpz");
}
