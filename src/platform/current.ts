// The platform the package's modules run on. This file names Node's; the browser build
// (scripts/build-browser.mjs) writes dist/browser/platform/current.js naming ./browser.js
// instead, so the same compiled modules serve both hosts.
export { platform } from "./node.js";
