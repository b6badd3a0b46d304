// The layering of src/ (DESIGN.md §7), on runtime imports: type-only imports are erased at
// compile time, so they can neither form a load cycle nor pull a layer in. `npm run
// layers` checks it and CI fails on any violation.
const runtime = { dependencyTypesNot: ["type-only"] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-runtime-cycle",
      comment: "Modules of src/ that load each other.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: runtime, ...runtime },
    },
    {
      name: "shape-is-pure",
      comment: "src/shape/ is pure shape math: it may import only errors and dtypes.",
      severity: "error",
      from: { path: "^src/shape/" },
      to: { path: "^src/", pathNot: ["^src/shape/", "^src/errors\\.ts$", "^src/dtype\\.ts$"], ...runtime },
    },
    {
      name: "memory-below-backend",
      comment: "src/memory/ owns the heap: no kernels, ops, autodiff or threads.",
      severity: "error",
      from: { path: "^src/memory/" },
      to: { path: "^src/(backend|ops|autodiff|threads)/", ...runtime },
    },
    {
      name: "autodiff-above-backend",
      comment: "Gradient rules are written with public ops, never with kernels.",
      severity: "error",
      from: { path: "^src/autodiff/" },
      to: { path: "^src/backend/", ...runtime },
    },
    {
      name: "backend-below-ops",
      comment: "The backend runs kernels; it knows nothing of ops or autodiff.",
      severity: "error",
      from: { path: "^src/backend/" },
      to: { path: "^src/(ops|autodiff)/", ...runtime },
    },
    {
      name: "threads-below-backend",
      comment: "The pool runs what the backend hands it and imports nothing above it.",
      severity: "error",
      from: { path: "^src/threads/" },
      to: { path: "^src/(backend|ops|autodiff)/", ...runtime },
    },
    {
      name: "models-on-top",
      comment: "src/models/ (layers, Sequential, fit) is built on the public ops and autodiff; nothing below it imports it (only the package entry does).",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/models/", "^src/index\\.ts$"] },
      to: { path: "^src/models/", ...runtime },
    },
    {
      name: "models-above-backend",
      comment: "Layers and the training loop call ops, never kernels.",
      severity: "error",
      from: { path: "^src/models/" },
      to: { path: "^src/(backend|threads)/", ...runtime },
    },
    {
      name: "io-bytes-import-no-node",
      comment: "fromNpy/toNpy/fromNpz/toNpz work anywhere (a browser entry will export them): only src/io/npy-node.ts imports Node.",
      severity: "error",
      from: { path: "^src/io/", pathNot: "^src/io/npy-node\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
