import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';

const SOURCE = 'export const scale = (value, factor) => value * clamp(factor, -1, 1);\n';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-impact-parser-'));
const cacheDir = path.join(dir, 'jest-runner-impact-parser');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A new Node process each time, as the parent of a Jest run is: V8 consults a code cache only for code it
// has not compiled in the process yet. The build is made by the suite's global setup.
const LOADING = path.join(__dirname, '..', '..', 'build', 'changes', 'parserLoading.js');

/** The program parsed in a new process (with the cache folder, or without), as JSON. */
function parseInNewProcess(withCache: boolean): string {
  const script = `
    const loading = require(${JSON.stringify(LOADING)});
    ${withCache ? `loading.useParserCodeCache(${JSON.stringify(dir)});` : ''}
    const parser = loading.babelParser();
    const program = parser.parse(${JSON.stringify(SOURCE)}, { sourceType: 'module' }).program;
    loading.afterParse();
    process.stdout.write(JSON.stringify({ program, required: parser === require(require.resolve('@babel/parser', { paths: [${JSON.stringify(path.dirname(LOADING))}] })) }));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

function cacheFile(): string {
  const files = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [];
  expect(files).toEqual([expect.stringMatching(/^babel-parser-\d+\.\d+\.\d+-node-v[\d.]+-\w+\.v8cache$/)]);
  return path.join(cacheDir, files[0]!);
}

const plain = JSON.parse(parseInNewProcess(false)) as { program: unknown; required: boolean };

test('without a folder, the parser is required as usual and nothing is written', () => {
  expect(plain.required).toBe(true);
  expect(fs.existsSync(cacheDir)).toBe(false);
});

test('the first process saves the parser compiled after its first parse; the next one uses it as it is', () => {
  expect(JSON.parse(parseInNewProcess(true))).toEqual({ program: plain.program, required: false });
  const saved = cacheFile();
  const bytes = fs.readFileSync(saved);
  expect(bytes.length).toBeGreaterThan(10_000);

  expect(JSON.parse(parseInNewProcess(true))).toEqual({ program: plain.program, required: false });
  // V8 accepted it: it was not made again.
  expect(fs.readFileSync(saved).equals(bytes)).toBe(true);
});

test('a cache V8 rejects is made again, and the parser still parses', () => {
  const saved = cacheFile();
  const garbage = Buffer.alloc(4096, 7);
  fs.writeFileSync(saved, garbage);
  expect(JSON.parse(parseInNewProcess(true))).toEqual({ program: plain.program, required: false });
  expect(fs.readFileSync(saved).equals(garbage)).toBe(false);
  expect(fs.statSync(saved).size).toBeGreaterThan(10_000);
});
