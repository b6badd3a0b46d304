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
