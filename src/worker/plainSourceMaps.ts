/**
 * Statement and function locations of a source file as Node runs it (no transform), in istanbul's shape:
 * what a child process executed is read from V8 coverage against these, so that its lines and the
 * file's shape (statement lines, function spans, module-level lines) mean what the in-process
 * recorder's mean. A parse with @babel/parser and one walk, without istanbul's instrumentation pass:
 * a child often runs dozens of project files, and instrumenting them (parse, traverse, generate) cost
 * more than the children themselves.
 */
import type { StatementMaps } from './v8ExecutedLines';

interface Position {
  line: number;
  column: number;
}
interface Node {
  type: string;
  loc?: { start: Position; end: Position } | null;
  body?: unknown;
  id?: Node | null;
  key?: Node | null;
  [key: string]: unknown;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
/** Nodes that are not statements of their own, though their names say so. */
const NOT_STATEMENTS = new Set(['BlockStatement', 'EmptyStatement', 'FunctionDeclaration', 'ClassDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportDeclaration']);

function isStatement(node: Node): boolean {
  if (NOT_STATEMENTS.has(node.type)) return false;
  return node.type.endsWith('Statement') || node.type === 'VariableDeclaration' || node.type === 'ExportDefaultDeclaration' || node.type === 'ClassProperty';
}

function locationOf(node: Node): { start: Position; end: Position } {
  return { start: { ...node.loc!.start }, end: { ...node.loc!.end } };
}

/** Visits every node below `node` in source order. */
function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as Node).type !== 'string') return;
  visit(node as Node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    walk((node as Record<string, unknown>)[key], visit);
  }
}

const PLAIN_JAVASCRIPT = /\.(c|m)?jsx?$/;

const cache = new Map<string, StatementMaps | null>();

/** The maps of source text (nothing for a file that does not parse); exported for the unit tests. */
export function statementMapsOf(text: string): StatementMaps | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('@babel/parser') as typeof import('@babel/parser');
  let program: unknown;
  try {
    program = parse(text, { sourceType: 'unambiguous', allowReturnOutsideFunction: true, errorRecovery: false }).program;
  } catch {
    return null;
  }
  const maps: StatementMaps = { statementMap: {}, fnMap: {} };
  let statements = 0;
  let functions = 0;
  walk(program, (node) => {
    if (!node.loc) return;
    if (isStatement(node)) maps.statementMap[statements++] = locationOf(node);
    if (FUNCTIONS.has(node.type)) {
      const loc = locationOf(node);
      const name = node.id ?? node.key;
      maps.fnMap[functions++] = { decl: name?.loc ? locationOf(name) : loc, loc };
      // An expression body is a statement of the function, as istanbul counts it.
      const body = node.body as Node | undefined;
      if (node.type === 'ArrowFunctionExpression' && body?.loc && body.type !== 'BlockStatement') maps.statementMap[statements++] = locationOf(body);
    }
  });
  return maps;
}

/**
 * The maps of `text` (the content of `file`, `hash` its content hash), or null when it is not plain
 * JavaScript or does not parse (TypeScript run through a loader, for example): the caller then treats
 * every executed line alike.
 */
export function plainSourceMaps(file: string, text: string, hash: string): StatementMaps | null {
  if (!PLAIN_JAVASCRIPT.test(file)) return null;
  const key = `${file}\0${hash}`;
  if (!cache.has(key)) cache.set(key, statementMapsOf(text));
  return cache.get(key)!;
}
