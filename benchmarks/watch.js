#!/usr/bin/env node
'use strict';
/**
 * Watch mode against plain Jest: a session of saves on a generated project (benchmarks/generate.js) under
 * `jest --watch`, once with Jest's default runner and once with `--runner=jest-runner-impact`, in turns
 * (A B, then B A, ...). The saves are the project's scripted edits, applied one after the other without
 * reverting, as a developer's uncommitted work piles up: plain `jest --watch` runs the tests related to
 * every file changed since git HEAD, the runner those touching lines changed since its last run.
 *
 * Per save: time from the write to the first test file result and to the end of the run, test files and
 * tests run, and failing tests reported (both must report the same failures).
 *
 *   node benchmarks/watch.js [--size small|medium|large] [--lang js|ts] [--seed 1] [--repetitions 2]
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { generateProject } = require('./generate');
const { INSTALL, JEST_VERSION, WORK, installPackage, median, restoreStore, runJest } = require('./lib/jestInstall');

const USAGE = `Usage: node benchmarks/watch.js [options]

  --size small|medium|large   generated project size (default small)
  --lang js|ts                JavaScript or TypeScript through babel (default js)
  --seed N                    generator seed (default 1)
  --repetitions N             sessions per variant, in turns (default 2)
  --out FILE                  also write the Markdown report to FILE
  --help                      this text`;

const JEST_BIN = path.join(INSTALL, 'node_modules', 'jest', 'bin', 'jest.js');
const REPORTER = path.join(__dirname, 'lib', 'timingReporter.js');
const STORE = path.join('node_modules', '.cache', 'jest-runner-impact');
const RUN_TIMEOUT_MS = 30 * 60_000;

function options() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      lang: { type: 'string', default: 'js' },
      seed: { type: 'string', default: '1' },
      repetitions: { type: 'string', default: '2' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  return { ...values, seed: Number(values.seed), repetitions: Number(values.repetitions) };
}

const log = (message) => process.stderr.write(`[watch ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

function git(project, ...args) {
  execFileSync('git', ['-c', 'user.name=Benchmark', '-c', 'user.email=benchmark@example.com', ...args], { cwd: project, stdio: 'pipe' });
}

/** Edits that can be applied one after another (each line edited once). */
function sessionEdits(manifest) {
  const seen = new Set();
  return manifest.edits.filter((edit) => {
    const key = `${edit.file}:${edit.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function applyEdit(project, edit) {
  const file = path.join(project, edit.file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[edit.line - 1] !== edit.from) throw new Error(`${edit.file}:${edit.line} is not ${JSON.stringify(edit.from)}.`);
  lines[edit.line - 1] = edit.to;
  fs.writeFileSync(file, lines.join('\n'));
}

/** The events the timing reporter wrote since `from` (a line count). */
function eventsOf(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function waitForComplete(timingFile, count) {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const complete = eventsOf(timingFile).filter((event) => event.event === 'complete');
    if (complete.length >= count) return;
    if (Date.now() > deadline) throw new Error('A watch run did not complete in time.');
    await sleep(20);
  }
}

/** One watch session: start, wait for the first run, then every save in turn. */
async function session(project, edits, runner) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-impact-watch-bench-'));
  const timingFile = path.join(scratch, 'timing.jsonl');
  const args = [JEST_BIN, '--ci=false', '--watch', '--reporters=default', `--reporters=${REPORTER}`, ...(runner ? ['--runner=jest-runner-impact'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: project,
    env: { ...process.env, BENCH_TIMING_FILE: timingFile, JEST_IMPACT_MODE: 'only', CI: '' },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  try {
    await waitForComplete(timingFile, 1);
    // Let the watcher settle before the first save.
    await sleep(500);
    const saves = [];
    for (const edit of edits) {
      const before = eventsOf(timingFile).filter((event) => event.event === 'complete').length;
      const savedAt = Date.now();
      applyEdit(project, edit);
      await waitForComplete(timingFile, before + 1);
      const events = eventsOf(timingFile).filter((event) => event.at >= savedAt);
      const complete = events.find((event) => event.event === 'complete');
      const first = events.find((event) => event.event === 'result');
      saves.push({
        edit: edit.id,
        firstResultS: first ? (first.at - savedAt) / 1000 : undefined,
        completeS: (complete.at - savedAt) / 1000,
        files: complete.files,
        tests: complete.tests,
        failed: complete.failed,
      });
      await sleep(300);
    }
    return saves;
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const opts = options();
  const started = Date.now();
  installPackage();
  const project = path.join(INSTALL, 'projects', `watch-${opts.size}-${opts.lang}-${opts.seed}`);
  log(`generating ${opts.size} (${opts.lang}) into ${path.relative(process.cwd(), project)}`);
  const manifest = generateProject(project, { size: opts.size, seed: opts.seed, lang: opts.lang });
  const edits = sessionEdits(manifest);
  fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
  fs.rmSync(path.join(project, '.git'), { recursive: true, force: true });
  git(project, 'init', '--quiet');
  git(project, 'add', '--all');
  git(project, 'commit', '--quiet', '--message', 'generated');

  log('recording the store and warming the transform caches');
  runJest(project, []);
  runJest(project, ['--runner=jest-runner-impact'], { JEST_IMPACT_MODE: 'all' });
  const recordedStore = path.join(WORK, `watch-store-${opts.size}-${opts.lang}-${opts.seed}`);
  fs.rmSync(recordedStore, { recursive: true, force: true });
  fs.cpSync(path.join(project, STORE), recordedStore, { recursive: true });

  const variants = [
    { name: 'plain `jest --watch`', runner: false },
    { name: '`jest --watch --runner=jest-runner-impact`', runner: true },
  ];
  const sessions = variants.map(() => []);
  for (let rep = 0; rep < opts.repetitions; rep++) {
    for (let k = 0; k < variants.length; k++) {
      const index = (rep + k) % variants.length;
      git(project, 'checkout', '--quiet', '--', '.');
      restoreStore(recordedStore, path.join(project, STORE));
      log(`session ${rep + 1}: ${variants[index].name}, ${edits.length} saves`);
      sessions[index].push(await session(project, edits, variants[index].runner));
    }
  }
  git(project, 'checkout', '--quiet', '--', '.');
  fs.rmSync(recordedStore, { recursive: true, force: true });

  const per = (index, editIndex, field) => median(sessions[index].map((saves) => saves[editIndex][field]).filter((value) => value !== undefined));
  const rows = edits.map((edit, i) => {
    const [plain, impact] = [0, 1].map((index) => ({
      first: per(index, i, 'firstResultS'),
      complete: per(index, i, 'completeS'),
      files: sessions[index][0][i].files,
      tests: sessions[index][0][i].tests,
      failed: sessions[index][0][i].failed,
    }));
    return `| ${i + 1}. ${edit.id} | ${fmt(plain.first)} / ${fmt(plain.complete)} | ${plain.files}, ${plain.tests} | ${fmt(impact.first)} / ${fmt(impact.complete)} | ${impact.files}, ${impact.tests} | ${ratio(impact.first, plain.first)} | ${ratio(impact.complete, plain.complete)} | ${plain.failed} / ${impact.failed} |`;
  });
  const allFirst = (index) => median(sessions[index].flatMap((saves) => saves.map((save) => save.firstResultS)).filter((value) => value !== undefined));
  const allComplete = (index) => median(sessions[index].flatMap((saves) => saves.map((save) => save.completeS)));
  const sameFailures = edits.every((_edit, i) => sessions[0].every((saves) => sessions[1].every((other) => saves[i].failed === other[i].failed)));
  const report = [
    `Command: \`node benchmarks/watch.js --size ${opts.size} --lang ${opts.lang} --seed ${opts.seed} --repetitions ${opts.repetitions}\``,
    `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, Jest ${JEST_VERSION}; ${new Date().toISOString().slice(0, 10)}; ${opts.repetitions} sessions per variant in turns (medians); took ${Math.round((Date.now() - started) / 60000)} min.`,
    '',
    `Project: ${manifest.testFiles} test files, ${manifest.tests} tests (${manifest.size}, ${manifest.lang}, seed ${manifest.seed}); ${edits.length} saves, applied one after another.`,
    '',
    '| save | plain: first result / done, s | plain: files, tests | runner: first result / done, s | runner: files, tests | first result vs plain | done vs plain | failing tests reported (plain / runner) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Median over all saves: first result ${fmt(allFirst(1))} s with the runner vs ${fmt(allFirst(0))} s plain (${ratio(allFirst(1), allFirst(0))}); run done ${fmt(allComplete(1))} s vs ${fmt(allComplete(0))} s (${ratio(allComplete(1), allComplete(0))}). Same failures reported after every save: ${sameFailures ? 'yes' : 'NO'}.`,
  ];
  const text = `${report.join('\n')}\n`;
  process.stdout.write(text);
  if (opts.out) fs.writeFileSync(opts.out, text);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
