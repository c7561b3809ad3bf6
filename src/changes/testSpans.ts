import type { CallExpression, Node, Statement } from '@babel/types';
import { parseSource } from './syntaxCheck';

/**
 * Where each test of a test file sits, found statically (DESIGN.md §4 rule 3 at `test` granularity):
 * a change inside one test's callback runs that test; any other change in the file runs all of them.
 *
 * Only calls whose title path is certain are named: `test`/`it` (and their `.only`, `.skip`,
 * `.failing`, `.concurrent` forms) called with a literal title, as a statement of the program or of
 * a `describe` callback with a literal title. A test defined anywhere else (in a loop, a helper
 * function, `test.each`, a computed title) gets a span without a title: a change there runs every
 * test of the file, because its ids cannot be told from the source.
 */
export interface StaticTestSpan {
  start: number;
  end: number;
  /** Describe titles and the test title, or undefined when they are not certain. */
  titlePath?: string[];
}

const TEST_NAMES = new Set(['test', 'it', 'xtest', 'xit', 'fit']);
const DESCRIBE_NAMES = new Set(['describe', 'xdescribe', 'fdescribe']);
const MODIFIERS = new Set(['only', 'skip', 'failing', 'concurrent']);

/** `test`, `it.only`, `test.concurrent.skip` ... -> the base name; `test.each(...)` and others -> undefined. */
function calleeName(callee: CallExpression['callee']): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && MODIFIERS.has(callee.property.name)) {
    return calleeName(callee.object as CallExpression['callee']);
  }
  return undefined;
}

/** `test.each(table)(...)`, `describe.each` ...: a call of the result of a call on a test function. */
function isEachCall(callee: CallExpression['callee']): string | undefined {
  if (callee.type === 'CallExpression' || callee.type === 'TaggedTemplateExpression') {
    const inner = callee.type === 'CallExpression' ? callee.callee : callee.tag;
    if (inner.type === 'MemberExpression' && inner.property.type === 'Identifier' && inner.property.name === 'each') {
      return calleeName(inner.object as CallExpression['callee']);
    }
  }
  return undefined;
}

function literalTitle(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function callbackBody(node: Node | undefined): Statement[] | undefined {
  if (node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') && node.body.type === 'BlockStatement') {
    return node.body.body;
  }
  return undefined;
}

function spanOf(node: Node): { start: number; end: number } {
  return { start: node.loc!.start.line, end: node.loc!.end.line };
}

/** Every call of a test or describe function anywhere below `node`: tests found here have no certain title. */
function collectUncertain(node: Node, spans: StaticTestSpan[]): void {
  if (node.type === 'CallExpression') {
    const name = calleeName(node.callee) ?? isEachCall(node.callee);
    if (name && TEST_NAMES.has(name)) {
      spans.push(spanOf(node));
      return;
    }
  }
  for (const key of Object.keys(node) as Array<keyof Node>) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
    const value = node[key] as unknown;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child === 'object' && typeof (child as Node).type === 'string') collectUncertain(child as Node, spans);
    }
  }
}

function collectStatements(statements: Statement[], describes: string[], spans: StaticTestSpan[]): void {
  for (const statement of statements) {
    const call = statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression' ? statement.expression : undefined;
    const name = call ? calleeName(call.callee) : undefined;
    const title = literalTitle(call?.arguments[0]);
    if (call && name && TEST_NAMES.has(name) && title !== undefined) {
      spans.push({ ...spanOf(call), titlePath: [...describes, title] });
      continue;
    }
    const body = call && name && DESCRIBE_NAMES.has(name) && title !== undefined ? callbackBody(call.arguments[1]) : undefined;
    if (body) {
      collectStatements(body, [...describes, title!], spans);
      continue;
    }
    collectUncertain(statement, spans);
  }
}

/** The test spans of a test file's source, or undefined when it does not parse. */
export function testSpansOf(file: string, content: string): StaticTestSpan[] | undefined {
  const parsed = parseSource(file, content);
  if (!parsed.program) return undefined;
  const spans: StaticTestSpan[] = [];
  collectStatements(parsed.program.body, [], spans);
  return spans.sort((a, b) => a.start - b.start);
}

/** A test span of a recorded test file: its lines and the indexes of the recorded tests it defines, or 'unknown'. */
export type RecordedTestSpan = [start: number, end: number, ...tests: number[]];

/** Marks a span whose tests are not certain: a change in it runs every test of the file. */
export const UNKNOWN_TESTS = -1;

/**
 * Matches static spans to the ids of the tests that ran: a span stands for every recorded id with its
 * title path (repeats included: `name`, `name #2`, ...). A titled span that matches no recorded id
 * (a `test` that is not Jest's) is treated as uncertain.
 */
export function recordedTestSpans(spans: StaticTestSpan[], ids: readonly string[], separator: string): RecordedTestSpan[] {
  const indexesByBase = new Map<string, number[]>();
  ids.forEach((id, index) => {
    const base = id.replace(/ #\d+$/, '');
    for (const key of new Set([id, base])) {
      const list = indexesByBase.get(key) ?? [];
      list.push(index);
      indexesByBase.set(key, list);
    }
  });
  return spans.map(({ start, end, titlePath }) => {
    const indexes = titlePath ? indexesByBase.get(titlePath.join(separator)) : undefined;
    return indexes && indexes.length > 0 ? [start, end, ...indexes] : [start, end, UNKNOWN_TESTS];
  });
}
