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
      comment: "src/models/ (layers, Sequential, fit) is built on the public ops and autodiff; nothing below it imports it (only the shared export list src/api.ts does).",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/models/", "^src/api\\.ts$"] },
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
      name: "models-through-the-platform",
      comment: "src/models/ is on both entries (src/api.ts): files and printing go through src/platform/current.ts, never a Node builtin or a Node-only module.",
      severity: "error",
      from: { path: "^src/models/" },
      to: { path: "(-node\\.ts$|/node/|^src/platform/node\\.ts$)", ...runtime },
    },
    {
      name: "platform-at-the-bottom",
      comment: "src/platform/ is what the host provides (src/platform/platform.ts): it may import only itself, errors and the build names.",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/", pathNot: ["^src/platform/", "^src/errors\\.ts$", "^src/backend/build-name\\.ts$"], ...runtime },
    },
    {
      name: "node-builtins-only-in-node-modules",
      comment:
        "Node builtins are imported only by Node-only modules (src/index.ts, src/platform/node.ts, files named *-node.ts or under a node/ folder), " +
        "so the browser entry's graph (src/browser.ts, built into dist/browser/) never meets one.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/index\\.ts$", "^src/platform/node\\.ts$", "-node\\.ts$", "/node/"] },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "node-platform-only-through-current",
      comment: "Only src/platform/current.ts names the Node platform; the browser build replaces that one module (scripts/build-browser.mjs).",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/platform/current\\.ts$", "^src/index\\.ts$"] },
      to: { path: "^src/platform/node\\.ts$", ...runtime },
    },
    {
      name: "browser-entry-is-node-free",
      comment: "The browser entry reaches Node modules only through src/platform/current.ts, which the browser build swaps.",
      severity: "error",
      from: { path: "^src/browser\\.ts$" },
      to: { path: "(^src/index\\.ts$|-node\\.ts$|/node/)", reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
