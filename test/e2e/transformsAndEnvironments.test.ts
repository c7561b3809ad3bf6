import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { comparableResults, FixtureProject, impactLines } from '../helpers/fixtureProject';

/**
 * Each fixture runs with Jest's default runner and with ours: the results must be equal, and the recorded
 * map must be exact in original files and lines, whatever transformer or test environment produced the code.
 */

type Env = Record<string, string | undefined>;

/** Sorted `testPath › titles` names, as `jest-impact why` prints them. */
function names(testPath: string, ...titles: string[]): string[] {
  return titles.map((title) => `${testPath} › ${title}`).sort();
}

/** Runs the fixture with both runners and checks what must hold for every fixture. */
function recordBoth(project: FixtureProject, expected: { testFiles: number; tests: number }, env: Env = {}): void {
  const plain = project.jestJson([], env);
  const impact = project.jestJson(['--runner=jest-runner-impact'], env);
  expect(plain.json.success).toBe(true);
  expect(plain.json.numTotalTestSuites).toBe(expected.testFiles);
  expect(plain.json.numPassedTests).toBe(expected.tests);
  expect(comparableResults(impact.json)).toEqual(comparableResults(plain.json));
  const files = expected.testFiles === 1 ? '1 test file' : `${expected.testFiles} test files`;
  expect(impactLines(impact.run.stderr)).toEqual([
    `Impact: recorded ${files} (${expected.tests} tests) of ${expected.testFiles} into node_modules/.cache/jest-runner-impact (first run: no store yet).`,
  ]);
}

function fixture(name: string, install: 'jest30' | 'jest29' = 'jest30'): FixtureProject {
  const project = new FixtureProject(name, install);
  afterAll(() => project.remove());
  return project;
}

// ts-jest and babel compile the same TypeScript source (test/fixtures/ts-*/src/shapes.ts). Lines 1-6 are
// an interface and a type alias that vanish from the emitted JavaScript, so every later line is shifted
// there: the maps below are in .ts lines.
const SHAPES_TEST = 'test/shapes.test.ts';
const SHAPES_ALL = names(SHAPES_TEST, 'area › of a circle', 'area › of a square', 'label');
const SHAPES_SQUARE = names(SHAPES_TEST, 'area › of a square', 'label');
const SHAPES_LABEL = names(SHAPES_TEST, 'label');
const SHAPES_COMMON = {
  8: SHAPES_ALL, // `export const PI = 3.14;`: module level
  10: SHAPES_SQUARE, // `function squared(`: not exported, called for squares only
  11: SHAPES_SQUARE,
  14: SHAPES_ALL, // `export function area(`: every test calls area (label through area)
  15: SHAPES_ALL,
  16: names(SHAPES_TEST, 'area › of a circle'),
  18: SHAPES_SQUARE,
  22: SHAPES_LABEL,
  23: SHAPES_LABEL,
};

/**
 * ts-jest (tsc) emits the export bindings as module-level statements at the top of the file
 * (`exports.area = area; exports.label = label;`) and maps each to its `export function` line, so line 21
 * holds a statement that runs at load: it is a load-bucket line. (Line 14 is too, and every test calls area.)
 */
const TS_JEST_SHAPES = { ...SHAPES_COMMON, 21: SHAPES_ALL };

/** babel-plugin-istanbul instruments the original AST, where `export function label` is only a function. */
const BABEL_SHAPES = { ...SHAPES_COMMON, 21: SHAPES_LABEL };

describe.each(['jest30', 'jest29'] as const)('TypeScript through ts-jest on %s', (install) => {
  const project = fixture('ts-jest', install);

  test('results equal the default runner and the map is in original .ts lines', () => {
    recordBoth(project, { testFiles: 1, tests: 3 });
    expect(project.why('src/shapes.ts')).toEqual(TS_JEST_SHAPES);
  });
});

describe('TypeScript through babel-jest (preset-env + preset-typescript)', () => {
  const project = fixture('ts-babel');

  test('results equal the default runner and the map is in original .ts lines', () => {
    recordBoth(project, { testFiles: 1, tests: 3 });
    expect(project.why('src/shapes.ts')).toEqual(BABEL_SHAPES);
  });
});

describe('native ESM (--experimental-vm-modules, no transform)', () => {
  const project = fixture('esm');
  const GREET_TEST = 'test/greet.test.js';
  const ALL = names(GREET_TEST, 'greet › in English', 'greet › in French', 'greet › rejects an unknown language', 'shout');
  const GREETS = names(GREET_TEST, 'greet › in English', 'greet › in French', 'shout');

  test('results equal the default runner and ES modules are recorded', () => {
    recordBoth(project, { testFiles: 1, tests: 4 }, { NODE_OPTIONS: '--experimental-vm-modules' });
    expect(project.why('src/greet.js')).toEqual({
      3: ALL, // module-level constant
      5: ALL, // `export function greet(`: shout calls greet too
      6: ALL,
      7: ALL,
      8: names(GREET_TEST, 'greet › rejects an unknown language'),
      10: GREETS,
      13: names(GREET_TEST, 'shout'),
      14: names(GREET_TEST, 'shout'),
    });
    // Imported by greet.js, not by the test file.
    expect(project.why('src/style.js')).toEqual({ 1: ALL, 3: GREETS, 4: GREETS });
  });
});

describe('testEnvironment jsdom', () => {
  const project = fixture('jsdom');
  const ALL = names('test/list.test.js', 'adds an item to the document', 'counts items', 'has a window');

  test('results equal the default runner and DOM code is recorded', () => {
    recordBoth(project, { testFiles: 1, tests: 3 });
    expect(project.why('src/list.js')).toEqual({
      1: ALL,
      // addItem runs in beforeAll: the load bucket, whatever the tests call.
      3: ALL,
      4: ALL,
      5: ALL,
      6: ALL,
      7: ALL,
      8: ALL,
      11: names('test/list.test.js', 'counts items'),
      12: names('test/list.test.js', 'counts items'),
      // clear runs in afterEach: charged to each test.
      15: ALL,
      16: ALL,
      19: ALL,
    });
  });
});

describe('a @jest-environment docblock in a node project', () => {
  const project = fixture('docblock');
  const DOM = 'test/dom.test.js';
  const NODE = 'test/node.test.js';

  test('results equal the default runner and both files are recorded', () => {
    recordBoth(project, { testFiles: 2, tests: 3 });
    const all = [...names(DOM, 'runs in jsdom', 'sets the document title'), ...names(NODE, 'runs in node')].sort();
    const environmentName = [...names(DOM, 'runs in jsdom'), ...names(NODE, 'runs in node')].sort();
    expect(project.why('src/env.js')).toEqual({
      1: all,
      3: environmentName,
      4: environmentName,
      5: names(NODE, 'runs in node'), // no document in node
      7: names(DOM, 'runs in jsdom'), // document exists under the docblock's jsdom
      10: names(DOM, 'sets the document title'),
      11: names(DOM, 'sets the document title'),
      12: names(DOM, 'sets the document title'),
      15: all,
    });
  });
});

describe('a multi-project config that runs one test file in two projects', () => {
  const project = fixture('multi-project');
  const UNIT_SHARED = '[unit] test/shared.test.js › knows its platform';
  const DOM_SHARED = '[dom] test/shared.test.js › knows its platform';
  const UNIT_ONLY = '[unit] test/unit.test.js › has a version';

  test('results equal the default runner and each project has its own record', () => {
    recordBoth(project, { testFiles: 3, tests: 3 });
    const shared = [DOM_SHARED, UNIT_SHARED].sort();
    const all = [DOM_SHARED, UNIT_SHARED, UNIT_ONLY].sort();
    expect(project.why('src/platform.js')).toEqual({
      1: all,
      3: shared,
      4: shared,
      5: [UNIT_SHARED], // node: no window
      7: [DOM_SHARED], // jsdom
      10: [UNIT_ONLY],
      11: [UNIT_ONLY],
      14: all,
    });
  });

  test('a run of some projects leaves the others alone; a config change runs its project, also files a path pattern left out', () => {
    const ran = (args: string[]) => {
      const { run, json } = project.jestJson(['--runner=jest-runner-impact', ...args]);
      const tests = json.testResults.flatMap((file) =>
        file.assertionResults.filter((test) => test.status !== 'pending').map((test) => `${path.relative(project.dir, file.name)} › ${test.fullName}`),
      );
      return { summary: impactLines(run.stderr), tests: tests.sort() };
    };
    expect(ran(['--selectProjects', 'unit'])).toEqual({ summary: ['Impact: 0 of 2 test files (0 of 2 tests) run: nothing changed since the last run; 2 files skipped.'], tests: [] });
    expect(ran([]).summary).toEqual(['Impact: 0 of 3 test files (0 of 3 tests) run: nothing changed since the last run; 3 files skipped.']);

    // The unit project's config changes; a run of one of its files is a full run of that file only.
    project.write('jest.config.js', project.read('jest.config.js').replace("displayName: 'unit',", "displayName: 'unit',\n      testEnvironmentOptions: { customExportConditions: ['node'] },"));
    expect(ran(['test/unit'])).toEqual({
      summary: ['Impact: recorded 1 test file (1 test) of 1 into node_modules/.cache/jest-runner-impact (the Jest config of "unit" changed).'],
      tests: ['test/unit.test.js › has a version'],
    });
    // The unit project's other file still runs; the dom project's does not.
    expect(ran([])).toEqual({
      summary: ['Impact: 1 of 3 test files (1 of 3 tests) is impacted; 2 files skipped.'],
      tests: ['test/shared.test.js › knows its platform'],
    });
    expect(ran([]).tests).toEqual([]);
  });
});

describe('a transformer that bundles several source files into one module', () => {
  const project = fixture('bundler');
  const MATH_TEST = 'test/math.test.js';
  const ALL = names(MATH_TEST, 'add › adds two numbers', 'add › sums a list', 'multiply › by zero', 'multiply › two numbers');
  const CALLS_ADD = names(MATH_TEST, 'add › adds two numbers', 'add › sums a list');
  const SUM = names(MATH_TEST, 'add › sums a list');
  const MULTIPLY = names(MATH_TEST, 'multiply › by zero', 'multiply › two numbers');

  test('results equal the default runner and lines land in the bundled part files', () => {
    recordBoth(project, { testFiles: 1, tests: 4 });
    expect(project.why('src/parts/add.js')).toEqual({
      1: ALL, // module level of the bundle
      3: CALLS_ADD, // `function add(`: called directly and by sum
      4: CALLS_ADD,
      7: SUM,
      8: SUM,
      9: SUM,
      10: SUM,
      12: SUM,
    });
    expect(project.why('src/parts/multiply.js')).toEqual({
      1: MULTIPLY,
      2: MULTIPLY,
      3: names(MATH_TEST, 'multiply › by zero'),
      5: names(MATH_TEST, 'multiply › two numbers'),
    });
    // The entry keeps only its own line: the export statement after the two includes.
    expect(project.why('src/math.bundle.js')).toEqual({ 3: ALL });
  });
});
