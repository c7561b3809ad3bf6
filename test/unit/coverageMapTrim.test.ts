import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { transformSync } from '@babel/core';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { coverageFunctionLines, mappingsWithoutLines } from '../../src/worker/coverageMapTrim';
import { TRIMMED_MAPS_FOLDER, useTrimmedSourceMaps } from '../../src/worker/trimmedSourceMaps';

const SOURCE = [
  'function total(values) {',
  '  let sum = 0;',
  '  for (const value of values) {',
  '    if (value > 10) sum += value * 2;',
  '    else sum += value;',
  '  }',
  '  return sum;',
  '}',
  'export const twice = (x) => x * 2;',
  'module.exports = { total, twice };',
  '',
].join('\n');

/** What babel-jest hands Jest when it instruments: babel-plugin-istanbul's output with its source map. */
function instrumented(): { code: string; map: { mappings: string; [key: string]: unknown } } {
  const result = transformSync(SOURCE, {
    filename: '/project/src/total.js',
    babelrc: false,
    configFile: false,
    sourceMaps: true,
    plugins: [[require.resolve('babel-plugin-istanbul'), { cwd: '/project' }]],
  });
  return { code: result!.code!, map: result!.map as unknown as { mappings: string } };
}

describe('the coverage function of instrumented code', () => {
  test('is found from its declaration to its closing brace, the line before its first call', () => {
    const { code } = instrumented();
    const lines = code.split('\n');
    const [first, last] = coverageFunctionLines(code)!;
    expect(lines[first]).toMatch(/^function cov_[0-9a-z]+\(\) \{$/);
    expect(lines[last]).toBe('}');
    expect(lines[last + 1]).toBe(`${lines[first]!.slice('function '.length, -' {'.length)};`);
    expect(lines.slice(first, last + 1).join('\n')).toContain('var coverageData = {');
  });

  test('is absent from code istanbul did not instrument', () => {
    expect(coverageFunctionLines(SOURCE)).toBeUndefined();
    expect(coverageFunctionLines('function cov_1abc() {\n  return 1;\n}\n')).toBeUndefined();
  });

  test('its lines lose their mappings; every position elsewhere maps to the same original position', () => {
    const { code, map } = instrumented();
    const [first, last] = coverageFunctionLines(code)!;
    const trimmed = { ...map, mappings: mappingsWithoutLines(map.mappings, first, last) };
    expect(trimmed.mappings.split(';').slice(first, last + 1).every((line) => line === '')).toBe(true);
    expect(map.mappings.split(';').slice(first, last + 1).filter((line) => line !== '').length).toBeGreaterThan(0);
    const before = new TraceMap(map as never);
    const after = new TraceMap(trimmed as never);
    const lines = code.split('\n');
    let compared = 0;
    lines.forEach((text, index) => {
      for (let column = 0; column <= text.length; column++) {
        const position = { line: index + 1, column };
        if (index >= first && index <= last) {
          expect(originalPositionFor(after, position).line).toBeNull();
          continue;
        }
        expect(originalPositionFor(after, position)).toEqual(originalPositionFor(before, position));
        if (originalPositionFor(before, position).line !== null) compared++;
      }
    });
    // The module's own statements still map: the `x * 2` of `twice` is on line 9.
    expect(compared).toBeGreaterThan(100);
    const twice = lines.findIndex((text) => text.includes('x * 2'));
    expect(originalPositionFor(after, { line: twice + 1, column: lines[twice]!.indexOf('x * 2') }).line).toBe(9);
  });
});

describe("the runtime's source-map registry", () => {
  const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'impact-maps-'));
  afterAll(() => fs.rmSync(cacheDirectory, { recursive: true, force: true }));

  test('answers with a trimmed copy, written once into the cache directory, and leaves other maps alone', () => {
    const { code, map } = instrumented();
    const transformed = path.join(cacheDirectory, 'total_5f3a');
    fs.writeFileSync(transformed, code);
    fs.writeFileSync(`${transformed}.map`, JSON.stringify(map));
    const plain = path.join(cacheDirectory, 'plain_77aa');
    fs.writeFileSync(plain, SOURCE);
    fs.writeFileSync(`${plain}.map`, '{"version":3,"mappings":"AAAA"}');
    const registry = new Map([
      ['/project/src/total.js', `${transformed}.map`],
      ['/project/src/plain.js', `${plain}.map`],
    ]);
    useTrimmedSourceMaps({ getSourceMaps: () => registry }, cacheDirectory);

    const copy = path.join(cacheDirectory, TRIMMED_MAPS_FOLDER, 'total_5f3a.map');
    expect(registry.get('/project/src/total.js')).toBe(copy);
    const [first, last] = coverageFunctionLines(code)!;
    expect(JSON.parse(fs.readFileSync(copy, 'utf8'))).toEqual({ ...map, mappings: mappingsWithoutLines(map.mappings, first, last) });
    expect(registry.get('/project/src/plain.js')).toBe(`${plain}.map`);
    expect(registry.get('/project/src/unknown.js')).toBeUndefined();
    expect(fs.readdirSync(path.join(cacheDirectory, TRIMMED_MAPS_FOLDER))).toEqual(['total_5f3a.map']);
  });
});
