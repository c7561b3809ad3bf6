import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { create, remove, rename, replace, sorted, testsThatRan, verifyBlock, type Edit } from '../helpers/editTable';
import { FixtureProject } from '../helpers/fixtureProject';
import type { InstallName } from '../helpers/installs';

/**
 * Dependencies outside the module graph (issue 9, DESIGN.md §4 rule 8), through the real jest CLI: files
 * the tests and the code under test read with `fs` at run time, paths checked with existsSync, folders
 * listed at module level (one test per case file), and project code run by Node.js child processes the
 * tests start (spawn, execFile, execSync through a shell, fork, a node grandchild). Each case starts from
 * the recorded fixture, applies independent edits to different test files, and runs `only` at `file`
 * and `test` granularity (exactly the expected tests run) and `verify` (every failing test would have
 * run; the failures are what the default runner reports, since verify runs everything).
 *
 *   runtime-inputs (CommonJS)                       runtime-inputs-esm (native ESM)
 *     test/cases.test.js    readdirSync at load, one test per test/cases/*.txt, read with readFileSync,
 *                           fs.promises.readFile (fs/promises in ESM) and a read stream by turns
 *     test/greeting.test.js src/greeting.js: existsSync(config/local.json), else templates/greeting.txt
 *     test/cli.test.js      bin/greeter.js (help.js, greet.js); CJS: bin/greeter.mjs (version.mjs) by
 *                           fork, bin/relay.js starting src/cli/leaf.js; ESM: bin/count.cjs by fork
 *     test/writes.test.js   (CJS) writes a temp folder and its own output file under rootDir
 */

interface Step {
  edits: Edit[];
  /** Failing tests after the edits. */
  fails: string[];
  file: string[];
  test: string[];
}

interface Fixture {
  name: string;
  env: Record<string, string>;
  tests: Record<string, string[]>;
  cases: Record<string, Step>;
}

const CASES = 'test/cases.test.js';
const GREETING = 'test/greeting.test.js';
const CLI = 'test/cli.test.js';
const WRITES = 'test/writes.test.js';

const TEMPLATE_TEST = 'the greeting comes from the template without a local config';

function names(file: string, ...titles: string[]): string[] {
  return titles.map((title) => `${file} › ${title}`);
}

const caseFile = (name: string, input: string, expected: string): Edit => (project) => project.write(`test/cases/${name}.txt`, `input: ${input}\nexpected: ${expected}\n`);
const breakCase = (name: string): Edit => replace(`test/cases/${name}.txt`, 'expected:', 'expected: 0');

const CJS: Fixture = {
  name: 'runtime-inputs',
  env: {},
  tests: {
    [CASES]: names(CASES, 'sort › sort.01', 'sort › sort.02', 'sort › sort.03'),
    [GREETING]: names(GREETING, TEMPLATE_TEST, 'names are capitalised'),
    [CLI]: names(CLI, 'greeter › prints help', 'greeter › greets a name', 'greeter › shouts through a shell', 'greeter › the ES module bin prints its version', 'greeter › a node grandchild answers'),
    [WRITES]: names(WRITES, ...['writes a file and reads it back', 'rewrites its own output file', 'writes outside the project'].map((title) => `a suite that writes as it runs › ${title}`)),
  },
  cases: {
    'nothing changed after a suite that writes and deletes files under rootDir: nothing runs': { edits: [], fails: [], file: [], test: [] },
    'case files read with readFileSync and a stream, a template the library reads, a help text only the CLI prints': {
      edits: [breakCase('sort.01'), breakCase('sort.03'), replace('templates/greeting.txt', 'Hello', 'Howdy'), replace('src/cli/help.js', 'Usage: greeter', 'Use: greeter')],
      fails: [...names(CASES, 'sort › sort.01', 'sort › sort.03'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › prints help')],
      file: ['CASES', 'GREETING', 'CLI'],
      test: [...names(CASES, 'sort › sort.01', 'sort › sort.03'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › prints help')],
    },
    'a case read with fs.promises, a file that appears where existsSync found none, a branch only a shell child takes': {
      edits: [breakCase('sort.02'), create('config/local.json', '{ "greeting": "Hi" }\n'), replace('src/cli/greet.js', 'text.toUpperCase()', 'text.toLowerCase()')],
      fails: [...names(CASES, 'sort › sort.02'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › shouts through a shell')],
      file: ['CASES', 'GREETING', 'CLI'],
      test: [...names(CASES, 'sort › sort.02'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › shouts through a shell')],
    },
    'a case file added, an ES module bin run by fork, a node grandchild': {
      edits: [caseFile('sort.04', '2 1', '1 2'), replace('src/cli/version.mjs', 'greeter version', 'greeter v'), replace('src/cli/leaf.js', ': 42', ': 43')],
      fails: names(CLI, 'greeter › the ES module bin prints its version', 'greeter › a node grandchild answers'),
      file: ['CASES', ...names(CASES, 'sort › sort.04'), 'CLI'],
      test: ['CASES', ...names(CASES, 'sort › sort.04'), ...names(CLI, 'greeter › the ES module bin prints its version', 'greeter › a node grandchild answers')],
    },
    'a case file removed, a comment in a source only children run, a line only execFile runs': {
      edits: [remove('test/cases/sort.03.txt'), replace('src/cli/help.js', 'function helpText() {', '// The text of --help.\nfunction helpText() {'), replace('src/cli/greet.js', '  return text;', "  return text + '';")],
      fails: [],
      file: [...names(CASES, 'sort › sort.01', 'sort › sort.02'), 'CLI'],
      test: [...names(CASES, 'sort › sort.01', 'sort › sort.02'), ...names(CLI, 'greeter › greets a name')],
    },
    'a case file renamed': {
      edits: [rename('test/cases/sort.01.txt', 'test/cases/sort.00.txt')],
      fails: [],
      file: names(CASES, 'sort › sort.00', 'sort › sort.02', 'sort › sort.03'),
      test: names(CASES, 'sort › sort.00', 'sort › sort.02', 'sort › sort.03'),
    },
  },
};

const ESM: Fixture = {
  name: 'runtime-inputs-esm',
  env: { NODE_OPTIONS: '--experimental-vm-modules' },
  tests: {
    [CASES]: names(CASES, 'sort › sort.01', 'sort › sort.02', 'sort › sort.03'),
    [GREETING]: names(GREETING, TEMPLATE_TEST, 'names are capitalised'),
    [CLI]: names(CLI, 'greeter › prints help', 'greeter › shouts', 'greeter › the CommonJS bin counts words'),
  },
  cases: {
    'case files read with readFileSync and a stream, a template read with fs/promises, a help text only the CLI prints': {
      edits: [breakCase('sort.01'), breakCase('sort.03'), replace('templates/greeting.txt', 'Hello', 'Howdy'), replace('src/cli/help.js', 'Usage: greeter', 'Use: greeter')],
      fails: [...names(CASES, 'sort › sort.01', 'sort › sort.03'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › prints help')],
      file: ['CASES', 'GREETING', 'CLI'],
      test: [...names(CASES, 'sort › sort.01', 'sort › sort.03'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › prints help')],
    },
    'a case file added, a file that appears where existsSync found none, a CommonJS bin run by fork': {
      edits: [caseFile('sort.04', '2 1', '1 2'), create('config/local.json', '{ "greeting": "Hi" }\n'), replace('src/cli/count.cjs', 'return words.length;', 'return words.length + 1;')],
      fails: [...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › the CommonJS bin counts words')],
      file: ['CASES', ...names(CASES, 'sort › sort.04'), 'GREETING', 'CLI'],
      test: ['CASES', ...names(CASES, 'sort › sort.04'), ...names(GREETING, TEMPLATE_TEST), ...names(CLI, 'greeter › the CommonJS bin counts words')],
    },
    'a case read with fs/promises, a case file removed, a branch only execFileSync takes': {
      edits: [breakCase('sort.02'), remove('test/cases/sort.03.txt'), replace('src/cli/greet.js', 'text.toUpperCase()', 'text.toLowerCase()')],
      fails: [...names(CASES, 'sort › sort.02'), ...names(CLI, 'greeter › shouts')],
      file: [...names(CASES, 'sort › sort.01', 'sort › sort.02'), 'CLI'],
      test: [...names(CASES, 'sort › sort.01', 'sort › sort.02'), ...names(CLI, 'greeter › shouts')],
    },
  },
};

/** Expands 'CASES', 'GREETING' and 'CLI' to every recorded test of that file. */
function expand(fixture: Fixture, entries: string[]): string[] {
  const files: Record<string, string> = { CASES, GREETING, CLI };
  return sorted(entries.flatMap((entry) => (files[entry] ? fixture.tests[files[entry]]! : [entry])));
}

/** `jest-impact why` and `affected --explain` name runtime inputs and child-process lines in words. */
function explainsInWords(project: FixtureProject, recorded: string): void {
  test('why and affected --explain name files read, checked and listed at run time, and lines run in a child process', () => {
    project.restoreFrom(recorded);
    const why = (target: string) => project.cli(['why', target]).stdout.trim().split('\n');
    expect(why('test/cases/sort.02.txt')).toEqual(['test/cases/sort.02.txt read by test/cases.test.js › sort › sort.02']);
    expect(why('test/cases')).toEqual(['01', '02', '03'].map((n) => `test/cases/ listed by test/cases.test.js › sort › sort.${n}`));
    expect(why('config/local.json')).toEqual([`config/local.json checked by test/greeting.test.js › ${TEMPLATE_TEST}`]);
    expect(why('src/cli/help.js:2')).toEqual(['src/cli/help.js:2 executed in a child process by test/cli.test.js › greeter › prints help']);

    breakCase('sort.02')(project);
    replace('src/cli/help.js', 'Usage: greeter', 'Use: greeter')(project);
    create('config/local.json', '{}\n')(project);
    const [head, ...rest] = project.cli(['affected', '--explain'], { JEST_IMPACT_GRANULARITY: 'test' }).stdout.trim().split('\n');
    // One block per test file (its tests, then its reasons); the order of files follows recorded durations.
    const blocks = rest.join('\n').split(/\n(?=test\/)/).sort();
    expect({ head, blocks }).toEqual({
      head: '3 of 4 test files (3 tests) would run: 1 changed line in 1 file.',
      blocks: [
        'test/cases.test.js › sort › sort.02\n  because test/cases/sort.02.txt changed (not instrumented)',
        'test/cli.test.js › greeter › prints help\n  because src/cli/help.js:2 changed (run in a child process)',
        `test/greeting.test.js › ${TEMPLATE_TEST}\n  because config/local.json (checked at run time) now exists`,
      ],
    });
  });
}

function describeFixture(fixture: Fixture, install: InstallName, explain = false): void {
  describe(`${fixture.name} on ${install}`, () => {
    const project = new FixtureProject(fixture.name, install);
    const recorded = `${project.dir}-recorded`;
    const every = Object.values(fixture.tests).flat();

    beforeAll(() => {
      const recording = project.jestJson(['--runner=jest-runner-impact'], { ...fixture.env, JEST_IMPACT_MODE: 'all' });
      if (!recording.json.success || testsThatRan(project, recording.json).length !== every.length) {
        throw new Error(`The recording run did not pass:\n${recording.run.stderr}`);
      }
      project.saveTo(recorded);
    });

    afterAll(() => {
      project.remove();
      fs.rmSync(recorded, { recursive: true, force: true });
    });

    if (explain) explainsInWords(project, recorded);

    test.each(Object.entries(fixture.cases))('%s', (_name, step) => {
      const observed: Record<string, unknown> = {};
      for (const mode of ['file', 'test', 'verify'] as const) {
        project.restoreFrom(recorded);
        for (const apply of step.edits) apply(project);
        const env = { ...fixture.env, ...(mode === 'verify' ? { JEST_IMPACT_MODE: 'verify' } : { JEST_IMPACT_MODE: 'only', JEST_IMPACT_GRANULARITY: mode }) };
        const { run, json } = project.jestJson(['--runner=jest-runner-impact'], env);
        observed[mode] = mode === 'verify' ? { fails: testsThatRan(project, json, ['failed']), verify: verifyBlock(run.stderr) } : testsThatRan(project, json);
      }
      expect(observed).toEqual({
        file: expand(fixture, step.file),
        test: expand(fixture, step.test),
        verify: { fails: sorted(step.fails), verify: ['Impact verify: every failing test would have run in mode "only".'] },
      });
    });
  });
}

describeFixture(CJS, 'jest30', true);
describeFixture(ESM, 'jest30');
describeFixture(CJS, 'jest29');
describeFixture(ESM, 'jest29');
