// Makes dist/browser/: the browser's copy of the module graph of dist/browser.js (the
// compiled src/browser.ts), entered at dist/browser/index.js. Every module is copied as tsc
// wrote it except platform/current.js, which here names the browser platform
// (platform/browser.js) instead of Node's. Fails if any module of the graph imports a bare
// specifier or a Node builtin: the browser entry must load from a plain <script type="module">.
// Run by the typescript build step (build-steps.mjs) after tsc.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { moduleSpecifiers } from "./module-specifiers.mjs";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const out = join(dist, "browser");
const CURRENT = "platform/current.js";
const CURRENT_BROWSER = `// Written by scripts/build-browser.mjs: the browser build's platform.
export { platform } from "./browser.js";
`;

rmSync(out, { recursive: true, force: true });
const problems = [];
const seen = new Set();
const queue = [["browser.js", "index.js"]]; // [path under dist/, path under dist/browser/]
while (queue.length > 0) {
  const [from, to] = queue.shift();
  if (seen.has(to)) continue;
  seen.add(to);
  let text = from === CURRENT ? CURRENT_BROWSER : readFileSync(join(dist, from), "utf8");
  text = text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"); // the maps sit one level up
  for (const spec of moduleSpecifiers(text)) {
    if (!spec.startsWith("./") && !spec.startsWith("../")) {
      problems.push(`${from} imports "${spec}"`);
      continue;
    }
    // The entry moves from dist/browser.js to dist/browser/index.js: the same directory level
    // within the tree, so relative paths keep their meaning.
    const target = posix.normalize(posix.join(posix.dirname(to), spec));
    queue.push([target, target]);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  writeFileSync(join(out, to), text);
}
if (problems.length > 0) {
  console.error(`build-browser: the browser entry must have only relative imports:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`build-browser: dist/browser/ (${seen.size} modules)`);
