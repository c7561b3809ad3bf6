'use strict';
/**
 * The benchmarks' Jest: the package built and packed from this checkout, installed with a pinned Jest
 * under benchmarks/.work/install, and a way to time one `jest` run there (wall time, peak memory, and
 * Jest's --json report).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const WORK = path.join(ROOT, 'benchmarks', '.work');
const INSTALL = path.join(WORK, 'install');
const JEST_VERSION = '30.5.2';
const JEST_BIN = path.join(INSTALL, 'node_modules', 'jest', 'bin', 'jest.js');
const IMPACT_CLI = path.join(INSTALL, 'node_modules', 'jest-runner-impact', 'build', 'cli', 'main.js');
const TIME = '/usr/bin/time';

/** Builds and packs this checkout and installs it next to Jest (and Babel's TypeScript preset). */
function installPackage() {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  fs.mkdirSync(INSTALL, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', WORK], { cwd: ROOT, encoding: 'utf8' }));
  // Named by content: a new file: path is what makes npm install the new build instead of its cached copy.
  const fresh = path.join(WORK, packed.filename);
  const hash = crypto.createHash('sha1').update(fs.readFileSync(fresh)).digest('hex').slice(0, 16);
  const tarball = path.join(WORK, `jest-runner-impact-${hash}.tgz`);
  fs.renameSync(fresh, tarball);
  const dependencies = {
    jest: JEST_VERSION,
    '@babel/preset-env': '^7.28.0',
    '@babel/preset-typescript': '^7.27.0',
    'jest-runner-impact': `file:${tarball}`,
  };
  fs.writeFileSync(path.join(INSTALL, 'package.json'), JSON.stringify({ name: 'bench-install', private: true, dependencies }, null, 2));
  fs.rmSync(path.join(INSTALL, 'node_modules', 'jest-runner-impact'), { recursive: true, force: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: INSTALL, stdio: 'inherit' });
}

/**
 * One `jest` run in `project`: wall seconds, peak resident memory of the largest process of the run
 * (GNU time's maximum RSS covers the waited-for workers too), exit status and the --json report.
 */
function runJest(project, args, env = {}) {
  const scratch = fs.mkdtempSync(path.join(WORK, 'run-'));
  const jsonFile = path.join(scratch, 'report.json');
  const rssFile = path.join(scratch, 'rss');
  const start = process.hrtime.bigint();
  const result = spawnSync(TIME, ['-f', '%M', '-o', rssFile, process.execPath, JEST_BIN, '--ci=false', '--json', `--outputFile=${jsonFile}`, ...args], {
    cwd: project,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const report = fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : undefined;
  const peakRssKb = Number.parseInt(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop(), 10);
  fs.rmSync(scratch, { recursive: true, force: true });
  if (!report) throw new Error(`jest ${args.join(' ')} wrote no report (exit ${result.status}):\n${result.stderr.slice(-3000)}`);
  return { seconds, peakRssKb, status: result.status, report, stderr: result.stderr };
}

/** `jest-impact status --json` of the project's store. */
function impactStatus(project) {
  return JSON.parse(execFileSync(process.execPath, [IMPACT_CLI, 'status', '--json'], { cwd: project, encoding: 'utf8' }));
}

/**
 * Puts a copy of a recorded store in place, flushed to disk. A user's store was written and flushed
 * by the run before: a copy left dirty in the page cache would make the run's first LMDB commit flush
 * the whole file (5-10 ms on `large`), a cost no user pays.
 */
function restoreStore(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  for (const entry of fs.readdirSync(to, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const fd = fs.openSync(path.join(to, entry.name), 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

module.exports = { INSTALL, JEST_VERSION, WORK, impactStatus, installPackage, median, restoreStore, runJest };
