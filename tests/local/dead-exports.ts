import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** An export that no other file of the project uses; `usedInOwnFile` false means it is not used at all. */
export interface DeadExport {
  file: string;
  name: string;
  usedInOwnFile: boolean;
}

const SOURCE = /\.(ts|tsx|mts|mjs)$/;

/** Every source file git tracks (or would track) in the project folders, as absolute paths. */
const projectFiles = (root: string): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => SOURCE.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(root, f));

const resolveAlias = (checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

/** `export { a } from './x'` and `export * from './x'` only pass a name on; they are not a use of it. */
const isPassThrough = (node: ts.Node): boolean => {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isExportDeclaration(n)) return n.moduleSpecifier !== undefined;
    if (ts.isSourceFile(n)) return false;
  }
  return false;
};

/** `const { a } = await import('./x')`: the name `a` stands for the property `a` of the module, not only the local. */
const symbolsAt = (checker: ts.TypeChecker, node: ts.Identifier): ts.Symbol[] => {
  const at = checker.getSymbolAtLocation(node);
  const found = at ? [resolveAlias(checker, at)] : [];
  const element = node.parent;
  if (ts.isBindingElement(element) && ts.isObjectBindingPattern(element.parent)) {
    const key = element.propertyName ?? element.name;
    if (ts.isIdentifier(key) && (key === node || element.propertyName === undefined)) {
      const property = checker.getTypeAtLocation(element.parent).getProperty(key.text);
      if (property) found.push(resolveAlias(checker, property));
    }
  }
  return found;
};

/**
 * Reads the whole project as one program (every folder, with JavaScript) and, for every name a file exports from
 * its own declarations, counts the identifiers elsewhere that resolve to it through imports, type-only imports,
 * `import()` types, namespace imports and re-exports (`export *` included).
 */
export const findDeadExports = (root: string): DeadExport[] => {
  const program = ts.createProgram(projectFiles(root), {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const own = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));

  const usedElsewhere = new Set<ts.Symbol>();
  const usedInOwnFile = new Set<ts.Symbol>();
  for (const file of own) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !isPassThrough(node)) {
        for (const symbol of symbolsAt(checker, node)) {
          const declarations = symbol.declarations ?? [];
          const isItsOwnName = declarations.some((d) => ts.getNameOfDeclaration(d) === node);
          if (declarations.some((d) => d.getSourceFile() !== file)) usedElsewhere.add(symbol);
          else if (!isItsOwnName) usedInOwnFile.add(symbol);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  const dead: DeadExport[] = [];
  for (const file of own) {
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = resolveAlias(checker, exported);
      const declaredHere = (symbol.declarations ?? []).every((d) => d.getSourceFile() === file);
      if (!declaredHere || usedElsewhere.has(symbol)) continue;
      dead.push({
        file: relative(root, file.fileName),
        name: exported.name,
        usedInOwnFile: usedInOwnFile.has(symbol),
      });
    }
  }
  return dead.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
};
