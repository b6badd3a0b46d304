// Every module specifier a JavaScript module imports or re-exports (import ... from,
// import "x", export ... from, export * as ns from, import("x")), read from its syntax tree:
// for scripts/build-browser.mjs and the browser test, which walk dist/browser's graph.
import ts from "typescript";

export function moduleSpecifiers(text) {
  const source = ts.createSourceFile("module.js", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      found.push(arg && ts.isStringLiteralLike(arg) ? arg.text : "<a computed import()>");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
