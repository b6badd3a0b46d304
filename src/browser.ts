// simd-tensor in a browser: the shared API (src/api.ts) on the browser platform
// (src/platform/browser.ts). `npm run build` copies this module's graph into dist/browser/
// with dist/browser/platform/current.js naming the browser platform (scripts/build-browser.mjs),
// so dist/browser/index.js has only relative imports and no Node builtin, and finishes
// loading once the kernels are compiled (a top-level await). Functions that need Node
// (file paths) belong in src/index.ts; pure ones (bytes in, tensors out) in src/api.ts.
export * from "./api.js";
