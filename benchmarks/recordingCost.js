#!/usr/bin/env node
'use strict';
/**
 * The cost of recording, before and after a change of the runner: plain `jest`, a recording run
 * (`mode: all`, empty store) with the runner built from `--base REV`, and a recording run with this
 * checkout's runner, interleaved and repeated on one generated project, in one invocation, so that
 * the ratios compare runs taken under the same conditions.
 *
 *   node benchmarks/recordingCost.js --base REV [--size small|medium|large] [--lang js|ts] [--repetitions N]
 *     [--unit-tests-only] [--out FILE]
 *
 * The base runner is built from `git archive REV` with this checkout's node_modules and installed as
 * `jest-runner-impact-base` beside this checkout's build in the benchmark install, so both load through
 * node_modules as a user's would.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { generateProject } = require('./generate');
const { INSTALL, JEST_VERSION, WORK, installPackage, median, runJest } = require('./lib/jestInstall');

const ROOT = path.resolve(__dirname, '..');
const BASE_NAME = 'jest-runner-impact-base';

const USAGE = `Usage: node benchmarks/recordingCost.js --base REV [options]

  --base REV                  git revision whose runner is the "before" (required)
  --size small|medium|large   generated project size (default medium)
  --lang js|ts                JavaScript or TypeScript through babel (default js)
  --repetitions N             interleaved repetitions of the three runs (default 3)
  --unit-tests-only           leave out the data-driven and CLI test files (a suite that reads no file
                              at run time and starts no child process)
  --out FILE                  also write the Markdown report to FILE
  --help                      this text`;

/** Builds the runner of `rev` and installs it as BASE_NAME in the benchmark install. */
function installBase(rev) {
  const source = path.join(WORK, 'base-src');
  fs.rmSync(source, { recursive: true, force: true });
  fs.mkdirSync(source, { recursive: true });
  const archive = execFileSync('git', ['archive', rev, 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', source], { input: archive });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(source, 'tsconfig.build.json')], { stdio: 'inherit' });
  const target = path.join(INSTALL, 'node_modules', BASE_NAME);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  // Revisions before the output folder was renamed build out to dist.
  const out = fs.existsSync(path.join(source, 'build')) ? 'build' : 'dist';
  fs.cpSync(path.join(source, out), path.join(target, out), { recursive: true });
  fs.copyFileSync(path.join(source, 'package.json'), path.join(target, 'package.json'));
  // The dependencies npm nested under this checkout's install (a version other than a hoisted one, such
  // as js-tokens): the base resolves the same ones. The compared revisions must share dependencies.
  const nested = path.join(INSTALL, 'node_modules', 'jest-runner-impact', 'node_modules');
  if (fs.existsSync(nested)) fs.cpSync(nested, path.join(target, 'node_modules'), { recursive: true });
  return execFileSync('git', ['rev-parse', '--short', rev], { cwd: ROOT, encoding: 'utf8' }).trim();
}

function main() {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      size: { type: 'string', default: 'medium' },
      lang: { type: 'string', default: 'js' },
      repetitions: { type: 'string', default: '3' },
      out: { type: 'string' },
      'unit-tests-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.base) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const repetitions = Number.parseInt(values.repetitions, 10);
  const started = Date.now();
  installPackage();
  const base = installBase(values.base);
  const project = path.join(INSTALL, 'projects', `recording-${values.size}-${values.lang}`);
  const manifest = generateProject(project, { size: values.size, seed: 1, lang: values.lang });
  const store = path.join(project, 'node_modules', '.cache', 'jest-runner-impact');
  /** Known after the first plain run when test files were left out. */
  let expectedTests = values['unit-tests-only'] ? undefined : manifest.tests;
  let testFiles = manifest.testFiles;
  if (values['unit-tests-only']) {
    for (const kind of ['data', 'cli']) {
      const dir = path.join(project, 'test', kind);
      if (!fs.existsSync(dir)) continue;
      testFiles -= fs.readdirSync(dir).length;
      fs.rmSync(dir, { recursive: true });
    }
  }

  const runs = [
    { name: 'plain `jest`', args: [] },
    { name: `runner at ${base} (before), recording`, args: [`--runner=${BASE_NAME}`], record: true },
    { name: 'runner of this checkout (after), recording', args: ['--runner=jest-runner-impact'], record: true },
  ];
  const run = (entry) => {
    fs.rmSync(store, { recursive: true, force: true });
    const result = runJest(project, entry.args, entry.record ? { JEST_IMPACT_MODE: 'all' } : {});
    expectedTests ??= result.report.numTotalTests;
    if (result.report.numFailedTests > 0 || result.report.numTotalTests !== expectedTests) {
      throw new Error(`${entry.name}: expected ${expectedTests} passing tests, got ${result.report.numFailedTests} failed of ${result.report.numTotalTests}`);
    }
    return result.seconds;
  };
  // Warm-up: each variant once, untimed (transform caches of the plain and the instrumented sources).
  for (const entry of runs) run(entry);
  const seconds = runs.map(() => []);
  for (let round = 0; round < repetitions; round++) {
    for (let offset = 0; offset < runs.length; offset++) {
      const index = (round + offset) % runs.length;
      seconds[index].push(run(runs[index]));
    }
  }
  const plain = median(seconds[0]);
  const lines = [
    `Command: \`node benchmarks/recordingCost.js --base ${values.base} --size ${values.size} --lang ${values.lang} --repetitions ${repetitions}${values['unit-tests-only'] ? ' --unit-tests-only' : ''}\``,
    `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, Jest ${JEST_VERSION}; ${new Date().toISOString().slice(0, 10)}; ${repetitions} interleaved repetitions (medians, min-max); took ${Math.round((Date.now() - started) / 60000)} min.`,
    '',
    `Project: ${testFiles} test files, ${expectedTests} tests (${values.size}, ${values.lang}, seed 1${values['unit-tests-only'] ? ', unit tests only' : ''}).`,
    '',
    '| run | median s | min-max s | vs plain jest |',
    '|---|---|---|---|',
    ...runs.map((entry, index) => {
      const samples = seconds[index];
      return `| ${entry.name} | ${median(samples).toFixed(2)} | ${Math.min(...samples).toFixed(2)}-${Math.max(...samples).toFixed(2)} | ${(median(samples) / plain).toFixed(2)}x |`;
    }),
  ];
  const report = lines.join('\n');
  console.log(report);
  if (values.out) fs.writeFileSync(values.out, `${report}\n`);
}

main();
