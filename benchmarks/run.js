#!/usr/bin/env node
'use strict';
/**
 * The benchmark of jest-runner-impact against plain Jest, on a generated project (benchmarks/generate.js).
 * Every figure is a ratio of runs taken in this one invocation, interleaved (A B C D, B C D A, ...) so that
 * the ratios hold on a noisy machine.
 *
 *   Full runs:   plain `jest`, `jest --coverage`, the runner recording (mode all), and for reference plain
 *                `jest` with the per-file AsyncLocalStorage of Jest 30's circus released, as the runner's
 *                workers release it (lib/releaseCircusContexts.js): the recording's own cost.
 *   Per edit:    `jest --findRelatedTests <edited file>`, the runner in `only` mode at `file` and at `test`
 *                granularity (each from the same recorded store), and plain `jest` on exactly the test
 *                files the runner selected (the floor).
 *
 * For every run: wall time, test files and tests run, failures caught against the edit's known failures,
 * the runner's parent-side planning time, peak memory, and the store's size.
 *
 * An edit is one line of any project file: a source, a JSON fixture, a case file a data-driven test reads
 * (`case-file`) or a CLI-only module only child processes load (`cli-only`, `.cjs` in a TS project). No
 * test imports the last two, so `--findRelatedTests` selects nothing for them (0% caught, by design).
 *
 * With --coverage every run reports coverage (`--coverage --coverageReporters=json`): the runner records
 * and selects with coverage on, and each selected run is compared with the full `jest --coverage` run,
 * whose report it must equal in what is covered.
 *
 *   node benchmarks/run.js [--size small|medium|large] [--lang js|ts] [--seed 1] [--repetitions 3]
 *                          [--edits id,id] [--coverage] [--selected-only | --full-only] [--out FILE.md]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { generateProject } = require('./generate');
const { INSTALL, JEST_VERSION, WORK, impactStatus, installPackage, median, restoreStore, runJest } = require('./lib/jestInstall');

const USAGE = `Usage: node benchmarks/run.js [options]

  --size small|medium|large   generated project size (default small)
  --lang js|ts                JavaScript or TypeScript through babel (default js)
  --seed N                    generator seed (default 1)
  --repetitions N             interleaved repetitions of every run (default 3)
  --edits ID,ID               only these scripted edits (default: all)
  --coverage                  every run reports coverage; selected runs against a full jest --coverage
  --selected-only             no full runs: one recording run, then the edits (the selected runs and planning)
  --full-only                 the full runs alone, no edits
  --out FILE                  also write the Markdown report to FILE
  --help                      this text`;

const STORE = path.join('node_modules', '.cache', 'jest-runner-impact');
const RUNNER = ['--runner=jest-runner-impact'];
const RELEASE_PRELOAD = path.join(__dirname, 'lib', 'releaseCircusContexts.js');
/** Set by --coverage: added to every run but the two plain full runs. */
let coverageArgs = [];
const COVERAGE = ['--coverage', '--coverageReporters=json'];

function options() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      lang: { type: 'string', default: 'js' },
      seed: { type: 'string', default: '1' },
      repetitions: { type: 'string', default: '3' },
      edits: { type: 'string' },
      coverage: { type: 'boolean', default: false },
      'selected-only': { type: 'boolean', default: false },
      'full-only': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.coverage && values['selected-only']) {
    process.stderr.write('--coverage compares selected runs with full runs: it cannot be combined with --selected-only.\n');
    process.exit(2);
  }
  if (values['full-only'] && (values['selected-only'] || values.edits)) {
    process.stderr.write('--full-only runs no edit: it cannot be combined with --selected-only or --edits.\n');
    process.exit(2);
  }
  return { ...values, selectedOnly: values['selected-only'], fullOnly: values['full-only'], seed: Number(values.seed), repetitions: Number(values.repetitions) };
}

/** Tests that passed or failed, and test files that ran at all (a file that failed to load counts). */
function outcome(project, report) {
  const ran = [];
  const failed = [];
  const files = new Set();
  for (const file of report.testResults) {
    const testPath = path.relative(project, file.name).split(path.sep).join('/');
    if (file.assertionResults.length === 0 && file.status === 'failed') {
      files.add(testPath);
      failed.push(`${testPath} › (the test file failed to run)`);
    }
    for (const result of file.assertionResults) {
      if (result.status !== 'passed' && result.status !== 'failed') continue;
      files.add(testPath);
      const name = [testPath, ...result.ancestorTitles, result.title].join(' › ');
      ran.push(name);
      if (result.status === 'failed') failed.push(name);
    }
  }
  return { tests: ran.length, files: [...files].sort(), failed };
}

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs `variants` (each `() => sample`) `repetitions` times, rotating which goes first. */
function interleaved(variants, repetitions) {
  const samples = variants.map(() => []);
  for (let rep = 0; rep < repetitions; rep++) {
    for (let k = 0; k < variants.length; k++) {
      const index = (rep + k) % variants.length;
      samples[index].push(variants[index].run());
    }
  }
  return samples;
}

function timing(samples) {
  const seconds = samples.map((sample) => sample.seconds);
  return { median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds) };
}

const fmt = (value, digits = 2) => (value === undefined || value === null || Number.isNaN(value) ? '-' : value.toFixed(digits));
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
const mb = (kb) => (kb ? (kb / 1024).toFixed(0) : '-');

/** A full run must pass: a failure means the generated project or the runner is broken. */
function fullSample(project, run) {
  const result = outcome(project, run.report);
  if (run.status !== 0 || result.failed.length > 0) throw new Error(`A full run failed (exit ${run.status}):\n${run.stderr.slice(-3000)}`);
  return { seconds: run.seconds, peakRssKb: run.peakRssKb, tests: result.tests, files: result.files.length };
}

function fullRuns(project, repetitions) {
  const variants = [
    { name: 'plain `jest`', run: () => fullSample(project, runJest(project, [])) },
    { name: '`jest --coverage`', run: () => fullSample(project, runJest(project, coverageArgs.length > 0 ? COVERAGE : ['--coverage'])) },
    {
      name: `runner, recording (\`mode: all\`${coverageArgs.length > 0 ? ', `--coverage`' : ''})`,
      run: () => ({ ...fullSample(project, runJest(project, [...RUNNER, ...coverageArgs], { JEST_IMPACT_MODE: 'all' })), status: impactStatus(project) }),
    },
  ];
  if (coverageArgs.length === 0) {
    variants.push({
      name: 'reference: plain `jest`, circus contexts released',
      run: () => fullSample(project, runJest(project, [], { NODE_OPTIONS: `--require ${RELEASE_PRELOAD}` })),
    });
  } else {
    // Recording without coverage too; it runs before the coverage recording, whose store the edits use.
    // Its own store, so that the edits start from the coverage recording's.
    const store = path.join(WORK, 'store-without-coverage');
    variants.splice(2, 0, {
      name: 'runner, recording (`mode: all`)',
      run: () => fullSample(project, runJest(project, RUNNER, { JEST_IMPACT_MODE: 'all', JEST_IMPACT_STORE: store })),
    });
  }
  // Warm Jest's transform caches, plain and instrumented, and record the store the edits start from.
  log('full runs: warm-up');
  for (const variant of variants) variant.run();
  log(`full runs: ${repetitions} interleaved repetitions`);
  const samples = interleaved(variants, repetitions);
  return variants.map((variant, index) => ({ name: variant.name, samples: samples[index], time: timing(samples[index]) }));
}

/** --selected-only: the one recording run the edits start from, and no full-run table. */
function recordingOnly(project) {
  log('recording run');
  const sample = { ...fullSample(project, runJest(project, [...RUNNER, ...coverageArgs], { JEST_IMPACT_MODE: 'all' })), status: impactStatus(project) };
  return [{ name: 'runner, recording', samples: [sample], time: timing([sample]) }];
}

function applyLine(project, edit, text) {
  const file = path.join(project, edit.file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const expected = text === edit.to ? edit.from : edit.to;
  if (lines[edit.line - 1] !== expected) throw new Error(`${edit.file}:${edit.line} is not ${JSON.stringify(expected)}.`);
  lines[edit.line - 1] = text;
  fs.writeFileSync(file, lines.join('\n'));
}

function editRuns(project, edit, repetitions, recordedStore) {
  const store = path.join(project, STORE);
  const expectedFailures = new Set(edit.failingTests);
  const caught = (result) => (expectedFailures.size === 0 ? 1 : result.failed.filter((name) => expectedFailures.has(name)).length / expectedFailures.size);
  const sampleOf = (run) => {
    const result = outcome(project, run.report);
    return { seconds: run.seconds, peakRssKb: run.peakRssKb, tests: result.tests, files: result.files, caught: caught(result), failed: result.failed.length };
  };
  const runner = (granularity) => () => {
    restoreStore(recordedStore, store);
    const run = runJest(project, [...RUNNER, ...coverageArgs], { JEST_IMPACT_MODE: 'only', JEST_IMPACT_GRANULARITY: granularity });
    const status = impactStatus(project);
    const summary = run.stderr.split('\n').find((line) => line.startsWith('Impact:'));
    return { ...sampleOf(run), planMs: status.lastRun?.planMs, parentRssKb: status.lastRun?.parentMaxRssKb, summary };
  };

  applyLine(project, edit, edit.to);
  try {
    // The floor runs exactly what the runner selects at file granularity: learn that set first.
    const probe = runner('file')();
    const floorArgs = probe.files.length > 0 ? ['--runTestsByPath', ...probe.files] : ['--passWithNoTests', '--runTestsByPath', 'no-test-selected'];
    const variants = [
      { name: '`--findRelatedTests`', run: () => sampleOf(runJest(project, ['--findRelatedTests', edit.file, '--passWithNoTests', ...coverageArgs])) },
      { name: 'runner `only`, file', run: runner('file') },
      { name: 'runner `only`, test', run: runner('test') },
      { name: 'floor: plain jest on the selected files', run: () => sampleOf(runJest(project, [...floorArgs, ...coverageArgs])) },
    ];
    const samples = interleaved(variants, repetitions);
    return variants.map((variant, index) => ({ name: variant.name, samples: samples[index], time: timing(samples[index]) }));
  } finally {
    applyLine(project, edit, edit.from);
    restoreStore(recordedStore, store);
  }
}

function fullRunTable(full, manifest) {
  const plain = full[0].time.median;
  const coverage = full[1].time.median;
  const rows = full.map(({ name, time, samples }) => {
    const rss = median(samples.map((sample) => sample.peakRssKb));
    return `| ${name} | ${fmt(time.median)} | ${fmt(time.min)}-${fmt(time.max)} | ${ratio(time.median, plain)} | ${ratio(time.median, coverage)} | ${mb(rss)} |`;
  });
  return [
    `Project: ${manifest.testFiles} test files, ${manifest.tests} tests, ${manifest.sources} source modules (${manifest.size}, ${manifest.lang}, seed ${manifest.seed}).`,
    '',
    '| full run | median s | min-max s | vs plain jest | vs jest --coverage | peak RSS MB (largest process) |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...(full[3] && coverageArgs.length === 0
      ? [
          '',
          `Recording vs the reference row (plain \`jest\` without Jest 30's per-file AsyncLocalStorage cost, which the runner's workers remove): ${ratio(full[2].time.median, full[3].time.median)} time, ${ratio(median(full[2].samples.map((sample) => sample.peakRssKb)), median(full[3].samples.map((sample) => sample.peakRssKb)))} peak RSS.`,
        ]
      : []),
  ];
}

/** --coverage: each selected run (complete report) against the full `jest --coverage` run. */
function coverageTable(results, fullCoverage) {
  const lines = [
    '| edit | runner file s, with coverage (files) | full `jest --coverage` s | vs full `jest --coverage` | `--findRelatedTests --coverage` s (a report of the related files only) |',
    '|---|---|---|---|---|',
  ];
  for (const { edit, runs } of results) {
    const [related, file] = runs;
    lines.push(`| ${edit.id} | ${fmt(file.time.median)} (${file.samples[0].files.length}) | ${fmt(fullCoverage.time.median)} | ${ratio(file.time.median, fullCoverage.time.median)} | ${fmt(related.time.median)} |`);
  }
  return lines;
}

function editTable(results) {
  const lines = [
    '| edit | layer | failing tests | `--findRelatedTests` s (files, caught) | runner file s (files, tests, caught) | runner test s (files, tests, caught) | floor s (files) | file vs floor | test vs floor | file vs related | planning ms (file/test) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { edit, runs } of results) {
    const [related, file, test, floor] = runs;
    const first = (run) => run.samples[0];
    const pct = (run) => `${Math.round(Math.min(...run.samples.map((sample) => sample.caught)) * 100)}%`;
    const plan = (run) => median(run.samples.map((sample) => sample.planMs ?? 0));
    lines.push(
      `| ${edit.id} | ${edit.layer} | ${edit.failingTests.length} | ${fmt(related.time.median)} (${first(related).files.length}, ${pct(related)}) | ${fmt(file.time.median)} (${first(file).files.length}, ${first(file).tests}, ${pct(file)}) | ${fmt(test.time.median)} (${first(test).files.length}, ${first(test).tests}, ${pct(test)}) | ${fmt(floor.time.median)} (${first(floor).files.length}) | ${ratio(file.time.median, floor.time.median)} | ${ratio(test.time.median, floor.time.median)} | ${ratio(file.time.median, related.time.median)} | ${fmt(plan(file), 0)}/${fmt(plan(test), 0)} |`,
    );
  }
  return lines;
}

function main() {
  const opts = options();
  if (opts.coverage) coverageArgs = COVERAGE;
  const started = Date.now();
  installPackage();
  const project = path.join(INSTALL, 'projects', `${opts.size}-${opts.lang}-${opts.seed}`);
  log(`generating ${opts.size} (${opts.lang}) into ${path.relative(process.cwd(), project)}`);
  const manifest = generateProject(project, { size: opts.size, seed: opts.seed, lang: opts.lang });
  const wanted = opts.edits ? new Set(opts.edits.split(',')) : undefined;
  const edits = opts.fullOnly ? [] : manifest.edits.filter((edit) => !wanted || wanted.has(edit.id));

  const full = opts.selectedOnly ? recordingOnly(project) : fullRuns(project, opts.repetitions);
  const recording = opts.selectedOnly ? full[0].samples[0] : full[coverageArgs.length > 0 ? 3 : 2].samples.at(-1);
  const recordedStore = path.join(WORK, `store-${opts.size}-${opts.lang}-${opts.seed}`);
  restoreStore(path.join(project, STORE), recordedStore);
  const status = impactStatus(project);

  const results = [];
  for (const edit of edits) {
    log(`edit ${edit.id} (${edit.file}:${edit.line}, ${edit.failingTests.length} failing tests)`);
    results.push({ edit, runs: editRuns(project, edit, opts.repetitions, recordedStore) });
  }
  fs.rmSync(recordedStore, { recursive: true, force: true });

  const selected = results.flatMap(({ runs }) => [runs[1], runs[2]]);
  const planMs = selected.flatMap((run) => run.samples.map((sample) => sample.planMs ?? 0));
  const safety = results.every(({ runs }) => runs[1].samples.concat(runs[2].samples).every((sample) => sample.caught === 1));
  const parentRss = median(selected.flatMap((run) => run.samples.map((sample) => sample.parentRssKb ?? 0)));
  const report = [
    `Command: \`node benchmarks/run.js --size ${opts.size} --lang ${opts.lang} --seed ${opts.seed} --repetitions ${opts.repetitions}${opts.edits ? ` --edits ${opts.edits}` : ''}${opts.coverage ? ' --coverage' : ''}${opts.selectedOnly ? ' --selected-only' : ''}${opts.fullOnly ? ' --full-only' : ''}\``,
    `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, Jest ${JEST_VERSION}; ${new Date().toISOString().slice(0, 10)}; ${opts.repetitions} interleaved repetitions (medians, min-max); took ${Math.round((Date.now() - started) / 60000)} min.`,
    '',
    ...(opts.selectedOnly ? ['(--selected-only: no full runs; the store is from one recording run.)'] : fullRunTable(full, manifest)),
    '',
    `Recording run, parent side: ${recording.status.lastRun.planMs} ms planning, ${recording.status.lastRun.storeWriteMs} ms writing the store, parent peak RSS ${mb(recording.status.lastRun.parentMaxRssKb)} MB.`,
    `Store: ${status.testFiles} test files, ${status.tests} tests, ${status.sources} sources, ${status.coveredLines} covered lines; ${(status.bytesOnDisk / 2 ** 20).toFixed(1)} MB on disk, ${Math.round(status.bytesOnDisk / status.tests)} bytes per test, ${Math.round(status.bytesOnDisk / Math.max(1, status.coveredLines))} bytes per covered line.`,
    ...(results.length === 0
      ? []
      : [
          '',
          ...editTable(results),
          ...(opts.coverage ? ['', ...coverageTable(results, full[1])] : []),
          '',
          `Selected runs: planning (parent side, options + store + change detection + selection + dirty marks) median ${fmt(median(planMs), 0)} ms, max ${fmt(Math.max(...planMs), 0)} ms; parent peak RSS median ${mb(parentRss)} MB. Safety (failures caught by the runner in every selected run): ${safety ? '100%' : 'NOT 100%'}.`,
        ]),
  ];
  const text = `${report.join('\n')}\n`;
  process.stdout.write(text);
  if (opts.out) fs.writeFileSync(opts.out, text);
  fs.writeFileSync(path.join(WORK, `results-${opts.size}-${opts.lang}-${opts.seed}.json`), JSON.stringify({ manifest, full, results }, null, 2));
  if (!safety) process.exitCode = 1;
}

main();
