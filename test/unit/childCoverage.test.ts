import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { readChildExecution } from '../../src/worker/childCoverage';
import { countAt, lineStartOffsets } from '../../src/worker/v8ExecutedLines';

/**
 * Table-driven: a script in, the lines a real Node.js process executed out (its own V8 coverage through
 * NODE_V8_COVERAGE, read as the worker reads a child's), and the shape of the file.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'child-coverage-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Case {
  name: string;
  file: string;
  source: string;
  executed: number[];
  moduleLines?: number[];
  functions?: Array<[number, number]>;
}

const CASES: Case[] = [
  {
    name: 'a CommonJS script: called function and taken branch only',
    file: 'cli.js',
    source: [
      'function used(x) {', // 1: declaration line of a called function
      '  if (x > 0) {', // 2
      "    return 'positive';", // 3
      '  }',
      "  return 'other';", // 5: not reached
      '}',
      'function unused() {', // 7: never called
      '  return 1;', // 8
      '}',
      'used(1);', // 10
    ].join('\n'),
    executed: [1, 2, 3, 10],
    moduleLines: [10],
    functions: [
      [1, 6],
      [7, 9],
    ],
  },
  {
    name: 'an ES module with a node shebang',
    file: 'bin.mjs',
    source: ['#!/usr/bin/env node', "const NAME = 'x';", 'export function shout(text) {', '  return text.toUpperCase();', '}', 'export function whisper(text) {', '  return text.toLowerCase();', '}', 'shout(NAME);'].join('\n'),
    executed: [2, 3, 4, 9],
    moduleLines: [2, 9],
  },
  {
    name: 'class methods: the called one only',
    file: 'greeter.js',
    source: ['class Greeter {', '  hello() {', "    return 'hi';", '  }', '  bye() {', "    return 'bye';", '  }', '}', 'new Greeter().hello();'].join('\n'),
    executed: [2, 3, 9],
    functions: [
      [2, 4],
      [5, 7],
    ],
  },
  {
    name: 'a line holding a module statement and a one-line function body',
    file: 'oneLine.js',
    source: ['const twice = (x) => x * 2;', 'const thrice = (x) => x * 3;', 'twice(2);'].join('\n'),
    // Both declarations run at load; only twice's body runs: the line stays executed either way.
    executed: [1, 2, 3],
  },
];

function runWithCoverage(file: string, source: string): string {
  const dir = path.join(work, path.basename(file, path.extname(file)));
  fs.mkdirSync(dir, { recursive: true });
  const script = path.join(dir, file);
  fs.writeFileSync(script, source);
  const coverage = path.join(dir, 'coverage');
  execFileSync(process.execPath, [script], { env: { ...process.env, NODE_V8_COVERAGE: coverage } });
  return coverage;
}

describe('what a Node.js child executed, from its V8 coverage', () => {
  test.each(CASES.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const coverage = runWithCoverage(entry.file, entry.source);
    const rootDir = path.dirname(coverage);
    const execution = readChildExecution([coverage], rootDir);
    const file = path.join(rootDir, entry.file);
    expect([...execution.lines.keys()]).toEqual([file]);
    expect(execution.lines.get(file)).toEqual(entry.executed);
    if (entry.moduleLines) expect(execution.shapes.get(file)?.moduleLines).toEqual(entry.moduleLines);
    if (entry.functions) expect(execution.shapes.get(file)?.functions).toEqual(entry.functions);
  });

  test('files outside rootDir and in node_modules are not charged', () => {
    const coverage = runWithCoverage('outside.js', 'module.exports = 1;');
    expect(readChildExecution([coverage], path.join(work, 'elsewhere')).lines.size).toBe(0);
  });

  test('a folder a child never wrote to (killed, or not Node.js) gives nothing', () => {
    expect(readChildExecution([path.join(work, 'nothing-here')], work).lines.size).toBe(0);
  });
});

describe('v8 ranges', () => {
  test('the innermost range decides', () => {
    const ranges = [
      { startOffset: 0, endOffset: 100, count: 1 },
      { startOffset: 10, endOffset: 50, count: 0 },
      { startOffset: 20, endOffset: 30, count: 2 },
    ];
    expect([5, 15, 25, 60, 100].map((offset) => countAt(ranges, offset))).toEqual([1, 0, 2, 1, undefined]);
  });

  test('line starts', () => {
    expect(lineStartOffsets('a\nbc\n\nd')).toEqual([0, 2, 5, 6]);
  });
});
