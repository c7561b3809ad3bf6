import { expect, test } from '@jest/globals';
import { syntaxErrorOf } from '../../src/changes/syntaxCheck';

test.each([
  ['CommonJS', 'a.js', "const x = require('x');\nmodule.exports = () => x;\n", false],
  ['CommonJS with a top-level return and a hashbang', 'a.cjs', '#!/usr/bin/env node\nif (process.env.X) return;\nmodule.exports = 1;\n', false],
  ['ESM in a .js file', 'a.js', "import x from 'x';\nexport const y = x;\n", false],
  ['JSX in a .js file', 'a.js', 'export const view = () => <div className="a">{1}</div>;\n', false],
  ['TypeScript', 'a.ts', 'export function f(x: number): number {\n  return x as number;\n}\n', false],
  ['a missing parenthesis', 'a.js', 'function f( {\n  return 1;\n}\n', true],
  ['an unclosed brace in ESM', 'a.mjs', 'export function f() {\n', true],
  ['a TypeScript error of syntax', 'a.ts', 'const x: = 1;\n', true],
  ['a language the check does not know', 'a.coffee', 'x = ->', false],
])('%s', (_name, file, content, fails) => {
  expect(syntaxErrorOf(file, content) !== undefined).toBe(fails);
});
