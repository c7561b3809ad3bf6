import * as vm from 'node:vm';
import { describe, expect, test } from '@jest/globals';
import { createInstrumenter } from 'istanbul-lib-instrument';
import { TestFileRecorder } from '../../src/worker/testFileRecorder';
import type { CircusDescribeBlock, CircusTestEntry } from '../../src/worker/testIds';

const FILE = '/project/src/subject.js';

/** Loads instrumented code into a fresh context, like a module in a Jest test environment. */
function loadInstrumented(source: string) {
  const code = createInstrumenter({ compact: false }).instrumentSync(source, FILE);
  const context = vm.createContext({ module: { exports: {} } }) as { module: { exports: Record<string, (...args: unknown[]) => unknown> }; __coverage__?: never };
  return { context, load: () => vm.runInContext(code, context) };
}

function circusTree(names: Array<string | [string, string]>) {
  const root: CircusDescribeBlock = { type: 'describeBlock', name: 'ROOT_DESCRIBE_BLOCK', children: [] };
  const tests = names.map((entry) => {
    const [describeName, name] = Array.isArray(entry) ? entry : [undefined, entry];
    let parent = root;
    if (describeName) {
      parent = { type: 'describeBlock', name: describeName, parent: root, children: [] };
      root.children.push(parent);
    }
    const test: CircusTestEntry = { type: 'test', name, parent, errors: [], duration: 1 };
    parent.children.push(test);
    return test;
  });
  return { root, tests };
}

interface Case {
  name: string;
  source: string;
  /** Loaded before the first test (at module load) unless false. */
  loadAtStart?: boolean;
  tests: Array<{ name: string | [string, string]; run: (exports: Record<string, (...args: unknown[]) => unknown>, load: () => void) => void }>;
  expected: { load: number[]; tests: Record<string, number[]> };
}

const CASES: Case[] = [
  {
    name: 'function bodies go to the tests that call them, module code to the load bucket',
    source: 'const k = 2;\nfunction twice(x) {\n  const y = x * k;\n  return y;\n}\nfunction unused() {\n  return 0;\n}\nmodule.exports = { twice, unused };\n',
    tests: [
      { name: 'twice', run: (m) => m.twice!(2) },
      { name: 'nothing', run: () => undefined },
    ],
    expected: { load: [1, 9], tests: { twice: [2, 3, 4], nothing: [] } },
  },
  {
    name: 'a branch taken by one test only',
    source: 'function sign(x) {\n  if (x < 0) {\n    return -1;\n  }\n  return 1;\n}\nmodule.exports = { sign };\n',
    tests: [
      { name: 'negative', run: (m) => m.sign!(-5) },
      { name: 'positive', run: (m) => m.sign!(5) },
    ],
    expected: { load: [7], tests: { negative: [1, 2, 3], positive: [1, 2, 5] } },
  },
  {
    name: 'module-level code of a module first loaded inside a test is load-bucket code',
    source: 'const table = [1, 2];\nfunction at(i) {\n  return table[i];\n}\nmodule.exports = { at };\n',
    loadAtStart: false,
    tests: [
      { name: 'loads it', run: (m, load) => { load(); return m.at!(0); } },
      { name: 'uses the cached module', run: (m) => m.at!(1) },
    ],
    expected: { load: [1, 5], tests: { 'loads it': [2, 3], 'uses the cached module': [2, 3] } },
  },
  {
    name: 'repeated names get their own ids',
    source: 'function a() {\n  return 1;\n}\nfunction b() {\n  return 2;\n}\nmodule.exports = { a, b };\n',
    tests: [
      { name: ['group', 'same'], run: (m) => m.a!() },
      { name: ['group', 'same'], run: (m) => m.b!() },
    ],
    expected: { load: [7], tests: { 'group › same': [1, 2], 'group › same #2': [4, 5] } },
  },
];

describe('TestFileRecorder', () => {
  test.each(CASES)('$name', ({ source, tests, expected, loadAtStart = true }) => {
    const { context, load } = loadInstrumented(source);
    const recorder = new TestFileRecorder(context as never);
    const { root, tests: entries } = circusTree(tests.map((t) => t.name));
    if (loadAtStart) load();
    recorder.onCircusEvent({ name: 'run_start' }, { rootDescribeBlock: root });
    tests.forEach((spec, index) => {
      const entry = entries[index]!;
      recorder.onCircusEvent({ name: 'test_start', test: entry }, {});
      recorder.onCircusEvent({ name: 'test_started', test: entry }, {});
      // module.exports is replaced when the module loads: read it at call time.
      const exports = new Proxy({}, { get: (_target, key) => context.module.exports[key as string] });
      spec.run(exports, load);
      recorder.onCircusEvent({ name: 'test_done', test: entry }, {});
    });
    recorder.onCircusEvent({ name: 'run_finish' }, {});
    const recording = recorder.finish({ loadedFiles: [], snapshotFile: undefined });

    expect(recording.framework).toBe('circus');
    expect(recording.loadLines).toEqual({ [FILE]: expected.load });
    expect(Object.fromEntries(recording.tests.map((t) => [t.id, t.lines[FILE] ?? []]))).toEqual(expected.tests);
    expect(recording.tests.map((t) => t.status)).toEqual(tests.map(() => 'passed'));
  });

  test('without test_started (jest-circus before 29.6) hook code stays out of the test', () => {
    const { context, load } = loadInstrumented('function setup() {\n  return 1;\n}\nfunction work() {\n  return 2;\n}\nmodule.exports = { setup, work };\n');
    load();
    const recorder = new TestFileRecorder(context as never);
    const { root, tests: [entry] } = circusTree(['only']);
    recorder.onCircusEvent({ name: 'run_start' }, { rootDescribeBlock: root });
    context.module.exports.setup!(); // a beforeAll hook
    recorder.onCircusEvent({ name: 'test_start', test: entry! }, {});
    context.module.exports.work!();
    recorder.onCircusEvent({ name: 'test_done', test: entry! }, {});
    const recording = recorder.finish({ loadedFiles: [], snapshotFile: undefined });
    expect(recording.loadLines[FILE]).toEqual([1, 2, 7]);
    expect(recording.tests[0]!.lines[FILE]).toEqual([4, 5]);
  });

  test('a framework without circus events is unrecorded, and instrumented files are not dependencies', () => {
    const { context, load } = loadInstrumented('module.exports = 1;\n');
    load();
    const recording = new TestFileRecorder(context as never).finish({ loadedFiles: [FILE, '/project/src/data.json'], snapshotFile: undefined });
    expect(recording.framework).toBe('unrecorded');
    expect(recording.loadedFiles).toEqual(['/project/src/data.json']);
  });
});
