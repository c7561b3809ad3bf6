import { describe, expect, test } from '@jest/globals';
import { describeInputChange, inputKey, kindsOf, parseInputKey } from '../../src/changes/inputKeys';
import { INPUT_CONTENT, INPUT_EXISTS, INPUT_LISTING, type FileRecording } from '../../src/recording';
import { dependencyEntries, plannedDependencies } from '../../src/runner/recordedInputs';
import { remainingDirty } from '../../src/store/testFileEntries';
import { withCoverageDir } from '../../src/worker/childProcessHooks';
import { RuntimeInputs, type InputSet } from '../../src/worker/runtimeInputs';

const ROOT = '/project';

describe('RuntimeInputs: what a test file read, checked or listed, without what it wrote', () => {
  const cases: Array<{ name: string; accesses: Array<[kind: 'content' | 'exists' | 'listing' | 'write', file: string]>; inputs: Array<[string, number]> }> = [
    {
      name: 'reads, existence checks and listings under rootDir',
      accesses: [
        ['content', '/project/test/cases/a.txt'],
        ['exists', '/project/config/local.json'],
        ['listing', '/project/test/cases'],
      ],
      inputs: [
        ['/project/config/local.json', INPUT_EXISTS],
        ['/project/test/cases', INPUT_LISTING],
        ['/project/test/cases/a.txt', INPUT_CONTENT],
      ],
    },
    {
      name: 'a content read stands for the existence check too',
      accesses: [
        ['exists', '/project/a.json'],
        ['content', '/project/a.json'],
      ],
      inputs: [['/project/a.json', INPUT_CONTENT]],
    },
    {
      name: 'outside rootDir and in node_modules: not inputs',
      accesses: [
        ['content', '/elsewhere/a.txt'],
        ['content', '/project/node_modules/pkg/data.json'],
        ['content', '/projectile/a.txt'],
      ],
      inputs: [],
    },
    {
      name: 'what the suite wrote (a file, a folder it made, their folder listing) is output, read before or after',
      accesses: [
        ['content', '/project/test/output.txt'],
        ['write', '/project/test/output.txt'],
        ['write', '/project/tmp/run-1'],
        ['content', '/project/tmp/run-1/note.txt'],
        ['listing', '/project/tmp/run-1'],
        ['listing', '/project/tmp'],
        ['listing', '/project/test'],
        ['content', '/project/test/cases/a.txt'],
      ],
      inputs: [['/project/test/cases/a.txt', INPUT_CONTENT]],
    },
  ];
  test.each(cases.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const inputs = new RuntimeInputs(ROOT);
    const owner: InputSet = new Map();
    for (const [kind, file] of entry.accesses) inputs.record(owner, kind, file);
    expect(inputs.inputsOf(owner, new Set())).toEqual(entry.inputs);
  });

  test('files the caller names (the test file, loaded modules) are left out', () => {
    const inputs = new RuntimeInputs(ROOT);
    const owner: InputSet = new Map();
    inputs.record(owner, 'content', '/project/test/a.test.js');
    expect(inputs.inputsOf(owner, new Set(['/project/test/a.test.js']))).toEqual([]);
  });
});

describe('input keys', () => {
  test('content keeps the plain path; checks and listings carry a kind', () => {
    expect(['content', 'exists', 'listing'].map((kind) => parseInputKey(inputKey(kind as never, 'test/cases')))).toEqual([
      { kind: 'content', file: 'test/cases' },
      { kind: 'exists', file: 'test/cases' },
      { kind: 'listing', file: 'test/cases' },
    ]);
    expect(kindsOf(INPUT_CONTENT | INPUT_LISTING)).toEqual(['content', 'listing']);
  });

  test.each([
    [inputKey('content', 'src/rates.json'), 'abc', 'def', 'src/rates.json changed (not instrumented)'],
    [inputKey('content', 'src/rates.json'), 'abc', 'missing', 'src/rates.json was deleted (not instrumented)'],
    [inputKey('content', 'cases/a.txt'), 'missing', 'abc', 'cases/a.txt was created (not instrumented)'],
    [inputKey('exists', 'config/local.json'), 'missing', 'present', 'config/local.json (checked at run time) now exists'],
    [inputKey('exists', 'config/local.json'), 'present', 'missing', 'config/local.json (checked at run time) no longer exists'],
    [inputKey('listing', 'test/cases'), 'abc', 'def', 'test/cases/ (a folder listed at run time) had an entry added, removed or renamed'],
    [inputKey('listing', 'test/cases'), 'abc', 'missing', 'test/cases/ (a folder listed at run time) was removed'],
  ])('%j: %s -> %s', (key, recorded, current, words) => {
    expect(describeInputChange(key, recorded, current)).toBe(words);
  });
});

describe('planned dependencies of a recording', () => {
  const recording: FileRecording = {
    framework: 'circus',
    tests: [
      { id: 'a', status: 'passed', durationMs: 1, lines: {}, inputs: [['/project/cases/a.txt', INPUT_CONTENT]] },
      { id: 'b', status: 'passed', durationMs: 1, lines: {}, inputs: [['/project/cases/b.txt', INPUT_CONTENT], ['/project/config.json', INPUT_EXISTS]] },
    ],
    loadLines: {},
    sources: {},
    loadedFiles: ['/project/src/rates.json', '/project/node_modules/x/index.json', '/shared/format.js'],
    snapshotFile: '/project/__snapshots__/a.test.js.snap',
    loadInputs: [
      ['/project/cases', INPUT_LISTING],
      ['/project/config.json', INPUT_CONTENT],
      ['/project/node_modules/.cache/store/data.mdb', INPUT_CONTENT],
    ],
  };

  test('per test where a test read it, every test where it was read at load; the store is not an input', () => {
    const planned = plannedDependencies(ROOT, recording, ['/project/node_modules/.cache/store']);
    const values = new Map([...planned.keys()].map((key) => [key, 'h']));
    expect(dependencyEntries(planned, values)).toEqual([
      ['../shared/format.js', 'h'],
      ['__snapshots__/a.test.js.snap', 'h'],
      ['cases\0listing', 'h'],
      ['cases/a.txt', 'h', 0],
      ['cases/b.txt', 'h', 1],
      ['config.json', 'h'],
      ['config.json\0exists', 'h', 1],
      ['src/rates.json', 'h'],
    ]);
  });
});

describe('what stays of a dirty mark after a run', () => {
  const tests = [
    { id: 'ran', status: 'passed' as const, durationMs: 1 },
    { id: 'filtered', status: 'skipped' as const, durationMs: 0 },
    { id: 'skip in code', status: 'disabled' as const, durationMs: 0 },
    { id: 'todo', status: 'todo' as const, durationMs: 0 },
  ];
  const testLines = [new Map(), undefined, undefined, undefined];
  test('the whole file was dirty: only the test a name pattern left out stays', () => {
    expect(remainingDirty({ all: true, tests: [] }, { tests, testLines })).toEqual({ all: false, tests: ['filtered'] });
  });
  test('tests that ran or that the code skips are clean', () => {
    expect(remainingDirty({ all: false, tests: ['ran', 'skip in code', 'todo'] }, { tests, testLines })).toBeUndefined();
  });
});

describe('a child process gets a coverage folder, and nothing else changes', () => {
  const folder = () => '/tmp/coverage-1';
  test.each([
    ['spawn(cmd)', ['node'], ['node', { env: { ...process.env, NODE_V8_COVERAGE: '/tmp/coverage-1' } }]],
    ['spawn(cmd, args)', ['node', ['a.js']], ['node', ['a.js'], { env: { ...process.env, NODE_V8_COVERAGE: '/tmp/coverage-1' } }]],
    ['execFile(cmd, args, callback)', ['node', ['a.js'], print], ['node', ['a.js'], { env: { ...process.env, NODE_V8_COVERAGE: '/tmp/coverage-1' } }, print]],
    ['exec(cmd, options, callback)', ['ls', { cwd: '/x', env: { A: '1', NODE_OPTIONS: '--x' } }, print], ['ls', { cwd: '/x', env: { A: '1', NODE_OPTIONS: '--x', NODE_V8_COVERAGE: '/tmp/coverage-1' } }, print]],
  ])('%s', (_name, args, expected) => {
    expect(withCoverageDir(args as unknown[], folder)).toEqual(expected);
  });

  test('a test that sets NODE_V8_COVERAGE itself keeps its own', () => {
    expect(withCoverageDir(['node', [], { env: { NODE_V8_COVERAGE: '/mine' } }], folder)).toBeUndefined();
  });
});

function print(): void {}
