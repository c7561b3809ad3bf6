import { afterAll, describe, expect, test } from '@jest/globals';
import { comparableResults, FixtureProject, impactLines } from '../helpers/fixtureProject';

/**
 * Many test files recorded by several workers at once: the map must be exactly what the tests
 * executed, line by line, for every source line. The test files are generated here from a seeded
 * model that also knows which lines every call executes (test/fixtures/many-files holds the sources).
 */

type ModuleName = 'arith' | 'text' | 'list' | 'settings';
type Lines = Array<[ModuleName, number]>;

/** Statements outside any function, run when the module loads (the load bucket of every file that loads it). */
const MODULE_LINES: Record<ModuleName, number[]> = { arith: [1, 18], text: [1, 15], list: [1, 11], settings: [1, 11] };
/** Modules each module requires. */
const REQUIRES: Record<ModuleName, ModuleName[]> = { arith: [], text: [], list: ['arith'], settings: [] };

interface Call {
  module: ModuleName;
  code: string;
  value: unknown;
  lines: Lines;
}

const on = (module: ModuleName, ...lines: number[]): Lines => lines.map((line) => [module, line]);

/** The functions of the fixture's sources: the code of a call, its value, and the lines it executes. */
const CALLS: Array<(pick: (n: number) => number) => Call> = [
  (pick) => {
    const [a, b] = [pick(10), pick(10)];
    return { module: 'arith', code: `arith.add(${a}, ${b})`, value: a + b, lines: on('arith', 3, 4) };
  },
  (pick) => {
    const [a, b] = [pick(10), pick(10)];
    return { module: 'arith', code: `arith.sub(${a}, ${b})`, value: a - b, lines: on('arith', 7, 8) };
  },
  (pick) => {
    const n = pick(7) - 3;
    return { module: 'arith', code: `arith.sign(${n})`, value: n < 0 ? -1 : 1, lines: on('arith', 11, 12, n < 0 ? 13 : 15) };
  },
  (pick) => {
    const [a, b] = [`'x${pick(5)}'`, `'y${pick(5)}'`];
    return { module: 'text', code: `text.join(${a}, ${b})`, value: `${a.slice(1, -1)}-${b.slice(1, -1)}`, lines: on('text', 3, 4) };
  },
  (pick) => {
    const times = pick(3);
    return { module: 'text', code: `text.repeat('ab', ${times})`, value: 'ab'.repeat(times), lines: on('text', 7, 8, 9, ...(times > 0 ? [10] : []), 12) };
  },
  (pick) => {
    const values = Array.from({ length: pick(3) }, () => pick(9));
    const lines = [...on('list', 3, 4), ...(values.length > 0 ? on('arith', 3, 4) : [])];
    return { module: 'list', code: `list.total([${values.join(', ')}])`, value: values.reduce((sum, v) => sum + v, 0), lines };
  },
  (pick) => {
    const values = [pick(9), pick(9)];
    return { module: 'list', code: `list.first([${values.join(', ')}])`, value: values[0], lines: on('list', 7, 8) };
  },
  () => ({ module: 'settings', code: 'settings.load()', value: { level: 1 }, lines: on('settings', 3, 4) }),
  (pick) => {
    const level = pick(5);
    return { module: 'settings', code: `settings.level({ level: ${level} })`, value: level, lines: on('settings', 7, 8) };
  },
];

interface GeneratedTest {
  id: string;
  calls: Call[];
}

interface GeneratedFile {
  path: string;
  loads: Set<ModuleName>;
  beforeAll?: Call;
  beforeEach?: Call;
  tests: GeneratedTest[];
  source: string;
}

/** A small seeded generator, so every run writes the same files. */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}

function withDependencies(modules: Iterable<ModuleName>): Set<ModuleName> {
  const all = new Set<ModuleName>();
  const visit = (module: ModuleName) => {
    if (all.has(module)) return;
    all.add(module);
    REQUIRES[module].forEach(visit);
  };
  for (const module of modules) visit(module);
  return all;
}

function generateFiles(count: number, seed: number): GeneratedFile[] {
  const pick = seeded(seed);
  const files: GeneratedFile[] = [];
  for (let index = 0; index < count; index++) {
    const name = `test/gen-${String(index).padStart(2, '0')}.test.js`;
    const callPool = CALLS.filter((_, i) => pick(3) > 0 || i === index % CALLS.length);
    const makeCall = () => callPool[pick(callPool.length)]!(pick);
    const hook = (chance: number) => (pick(chance) === 0 ? makeCall() : undefined);
    const beforeAllCall = hook(4);
    const beforeEachCall = hook(5);
    const testCount = 1 + pick(4);
    const inDescribe = pick(2) === 0;
    const titles: string[] = [];
    const tests: GeneratedTest[] = [];
    const occurrences = new Map<string, number>();
    for (let t = 0; t < testCount; t++) {
      // Now and then a title repeats: the second one is "#2" in the store.
      const title = t > 0 && pick(5) === 0 ? titles[t - 1]! : `case ${t + 1}`;
      titles.push(title);
      const base = inDescribe ? `group ${index} › ${title}` : title;
      const occurrence = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, occurrence);
      tests.push({ id: occurrence === 1 ? base : `${base} #${occurrence}`, calls: Array.from({ length: 1 + pick(3) }, makeCall) });
    }
    const used = [beforeAllCall, beforeEachCall, ...tests.flatMap((t) => t.calls)].filter((call): call is Call => Boolean(call));
    const direct = new Set<ModuleName>(used.map((call) => call.module));
    // Some files also load a module they never call: only its module-level lines concern them.
    if (pick(4) === 0) direct.add((['arith', 'text', 'list', 'settings'] as const)[pick(4)]!);

    const expectCall = (call: Call) => `expect(${call.code}).toEqual(${JSON.stringify(call.value)});`;
    const body: string[] = [];
    if (beforeAllCall) body.push(`beforeAll(() => {\n  ${expectCall(beforeAllCall)}\n});\n`);
    if (beforeEachCall) body.push(`beforeEach(() => {\n  ${expectCall(beforeEachCall)}\n});\n`);
    tests.forEach((generated, t) => {
      body.push(`test(${JSON.stringify(titles[t])}, () => {\n${generated.calls.map((call) => `  ${expectCall(call)}`).join('\n')}\n});\n`);
    });
    const requires = [...direct].sort().map((module) => `const ${module} = require('../src/${module}');`);
    const inner = body.join('\n');
    const source = `${requires.join('\n')}\n\n${inDescribe ? `describe('group ${index}', () => {\n${inner.replace(/^(?=.)/gm, '  ')}});\n` : inner}`;
    files.push({ path: name, loads: withDependencies(direct), ...(beforeAllCall ? { beforeAll: beforeAllCall } : {}), ...(beforeEachCall ? { beforeEach: beforeEachCall } : {}), tests, source });
  }
  return files;
}

/** Per source module, per line, the sorted names `why` must print, from the generator's own model. */
function expectedMaps(files: GeneratedFile[]): Record<ModuleName, Record<number, string[]>> {
  const maps: Record<ModuleName, Map<number, Set<string>>> = { arith: new Map(), text: new Map(), list: new Map(), settings: new Map() };
  const add = (module: ModuleName, line: number, names: string[]) => {
    let set = maps[module].get(line);
    if (!set) maps[module].set(line, (set = new Set()));
    for (const name of names) set.add(name);
  };
  for (const file of files) {
    const all = file.tests.map((t) => `${file.path} › ${t.id}`);
    for (const module of file.loads) for (const line of MODULE_LINES[module]) add(module, line, all);
    for (const [module, line] of file.beforeAll?.lines ?? []) add(module, line, all);
    for (const generated of file.tests) {
      const name = `${file.path} › ${generated.id}`;
      for (const call of [...(file.beforeEach ? [file.beforeEach] : []), ...generated.calls]) {
        for (const [module, line] of call.lines) add(module, line, [name]);
      }
    }
  }
  const result = {} as Record<ModuleName, Record<number, string[]>>;
  for (const module of Object.keys(maps) as ModuleName[]) {
    result[module] = Object.fromEntries([...maps[module].entries()].sort(([a], [b]) => a - b).map(([line, names]) => [line, [...names].sort()]));
  }
  return result;
}

const FILE_COUNT = 48;

describe.each(['jest30', 'jest29'] as const)(`${FILE_COUNT} generated test files on several workers on %s`, (install) => {
  const project = new FixtureProject('many-files', install);
  const files = generateFiles(FILE_COUNT, 20_251_124);
  for (const file of files) project.write(file.path, file.source);
  const expected = expectedMaps(files);
  const testCount = files.reduce((sum, file) => sum + file.tests.length, 0);
  afterAll(() => project.remove());

  test('the generated suite exercises what the check relies on', () => {
    // Guards on the generator itself, so that a change of seed cannot quietly weaken the test.
    expect(files.filter((file) => file.beforeAll).length).toBeGreaterThan(3);
    expect(files.filter((file) => file.beforeEach).length).toBeGreaterThan(3);
    expect(files.some((file) => file.tests.some((t) => t.id.endsWith(' #2')))).toBe(true);
    expect(files.some((file) => file.loads.has('arith') && !file.source.includes("require('../src/arith')"))).toBe(true);
    expect(expected.arith[13]?.length).toBeGreaterThan(0);
    expect(expected.arith[15]?.length).toBeGreaterThan(0);
    expect(expected.text[10]?.length).toBeGreaterThan(0);
    expect(expected.text[10]?.length).toBeLessThan(expected.text[9]?.length ?? 0);
  });

  test('results equal the default runner and every source line maps to exactly the tests that executed it', () => {
    const plain = project.jestJson(['--maxWorkers=4']);
    const impact = project.jestJson(['--runner=jest-runner-impact', '--maxWorkers=4']);
    expect(comparableResults(impact.json)).toEqual(comparableResults(plain.json));
    expect(impact.json.success).toBe(true);
    expect(impact.json.numTotalTestSuites).toBe(FILE_COUNT);
    expect(impact.json.numPassedTests).toBe(testCount);
    expect(impactLines(impact.run.stderr)).toEqual([
      `Impact: recorded ${FILE_COUNT} test files (${testCount} tests) of ${FILE_COUNT} into node_modules/.cache/jest-runner-impact (first run: no store yet).`,
    ]);

    for (const module of Object.keys(expected) as ModuleName[]) {
      expect({ module, map: project.why(`src/${module}.js`) }).toEqual({ module, map: expected[module] });
    }
    const status = JSON.parse(project.cli(['status', '--json']).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ testFiles: FILE_COUNT, tests: testCount, erroredTestFiles: 0, sources: 4, lastRun: { testFiles: FILE_COUNT, tests: testCount } });
  });

  test('a second run on 3 workers replaces every record with the same map', () => {
    const second = project.jestImpact(['--maxWorkers=3'], { JEST_IMPACT_MODE: 'all' });
    expect(second.status).toBe(0);
    expect(impactLines(second.stderr)).toEqual([
      `Impact: recorded ${FILE_COUNT} test files (${testCount} tests) of ${FILE_COUNT} into node_modules/.cache/jest-runner-impact (mode: all).`,
    ]);
    for (const module of Object.keys(expected) as ModuleName[]) {
      expect({ module, map: project.why(`src/${module}.js`) }).toEqual({ module, map: expected[module] });
    }
    const status = JSON.parse(project.cli(['status', '--json']).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ testFiles: FILE_COUNT, tests: testCount, erroredTestFiles: 0, sources: 4 });
  });
});
