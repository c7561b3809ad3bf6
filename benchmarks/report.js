#!/usr/bin/env node
'use strict';
/**
 * `jest-impact report` on a generated project's recorded store: the time to write the report (the
 * target is under 10 s at `large`: 20,000 tests, 2,000 sources), its size, and, with Chromium, how long
 * the index page takes to show and a source page to open from it.
 *
 *   node benchmarks/report.js [--size large] [--repetitions 3] [--reuse]
 *
 * --reuse keeps the project and store of an earlier run (benchmarks/.work/install/projects/<size>-js-1,
 * as `benchmarks/run.js` leaves it); otherwise the project is generated and recorded first.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { generateProject } = require('./generate');
const { INSTALL, installPackage, median, runJest } = require('./lib/jestInstall');

const IMPACT_CLI = path.join(INSTALL, 'node_modules', 'jest-runner-impact', 'build', 'cli', 'main.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function writeReport(project, out) {
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [IMPACT_CLI, 'report', '--out', out], { cwd: project, encoding: 'utf8' });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, stdout: stdout.trim() };
}

function folderSize(dir) {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return bytes;
}

/** Milliseconds until the index is drawn, and until a source page opened from it is. */
async function pageTimes(out) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    let start = Date.now();
    await page.goto(`file://${path.join(out, 'index.html')}`);
    await page.waitForSelector('body[data-view="index"]');
    const index = Date.now() - start;
    start = Date.now();
    await page.click('#sources tbody tr:first-child a');
    await page.waitForSelector('body[data-view="source"]');
    return { index, source: Date.now() - start };
  } finally {
    await browser.close();
  }
}

async function main() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'large' }, repetitions: { type: 'string', default: '3' }, reuse: { type: 'boolean', default: false } } });
  installPackage();
  const project = path.join(INSTALL, 'projects', `${values.size}-js-1`);
  const store = path.join(project, 'node_modules', '.cache', 'jest-runner-impact');
  if (!values.reuse || !fs.existsSync(store)) {
    generateProject(project, { size: values.size, seed: 1, lang: 'js' });
    fs.rmSync(store, { recursive: true, force: true });
    const recorded = runJest(project, ['--runner=jest-runner-impact', '--silent'], { JEST_IMPACT_MODE: 'all' });
    if (recorded.status !== 0) throw new Error(`The recording run failed:\n${recorded.stderr.slice(-2000)}`);
  }
  const out = path.join(INSTALL, `report-${values.size}`);
  fs.rmSync(out, { recursive: true, force: true });
  const seconds = [];
  let stdout = '';
  for (let i = 0; i < Number(values.repetitions); i++) {
    const run = writeReport(project, out);
    seconds.push(run.seconds);
    stdout = run.stdout;
  }
  const times = fs.existsSync(CHROMIUM) ? await pageTimes(out) : undefined;
  const status = spawnSync(process.execPath, [IMPACT_CLI, 'status'], { cwd: project, encoding: 'utf8' }).stdout.trim().split('\n');
  console.log(`\`node benchmarks/report.js --size ${values.size} --repetitions ${values.repetitions}${values.reuse ? ' --reuse' : ''}\` (Node ${process.versions.node})\n`);
  console.log(`Store: ${status.filter((line) => /tests|source|size/i.test(line)).join('; ')}\n`);
  console.log('| figure | value |\n|---|---|');
  console.log(`| write the report, median of ${seconds.length} | ${median(seconds).toFixed(2)} s (runs: ${seconds.map((s) => s.toFixed(2)).join(', ')}) |`);
  console.log(`| report size | ${(folderSize(out) / 1024 / 1024).toFixed(1)} MB in ${fs.readdirSync(path.join(out, 'data', 's')).length + fs.readdirSync(path.join(out, 'data', 't')).length + 1} data files (index: ${(fs.statSync(path.join(out, 'data', 'index.js')).size / 1024 / 1024).toFixed(1)} MB) |`);
  if (times) {
    console.log(`| index page drawn (headless Chromium, file://) | ${times.index} ms |`);
    console.log(`| a source page opened from the index | ${times.source} ms |`);
  }
  console.log(`\n${stdout}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
