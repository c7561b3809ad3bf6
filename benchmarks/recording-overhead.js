#!/usr/bin/env node
'use strict';
/**
 * Recording overhead: wall time of plain `jest`, `jest --coverage` and `jest --runner=jest-runner-impact`
 * (every run records) on a generated project, interleaved (A B C, B C A, ...) so that the ratios hold on
 * a noisy machine. Prints a Markdown table for benchmarks/RESULTS.md.
 *
 *   node benchmarks/recording-overhead.js [--files 50] [--repetitions 5]
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateProject } = require('./generateProject');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(__dirname, '.work');
const INSTALL = path.join(WORK, 'install');

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

function install() {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  fs.mkdirSync(INSTALL, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', WORK], { cwd: ROOT, encoding: 'utf8' }));
  // Named by content: a new file: path is what makes npm install the new build instead of its cached copy.
  const fresh = path.join(WORK, packed.filename);
  const hash = require('node:crypto').createHash('sha1').update(fs.readFileSync(fresh)).digest('hex').slice(0, 16);
  const tarball = path.join(WORK, `jest-runner-impact-${hash}.tgz`);
  fs.renameSync(fresh, tarball);
  const dependencies = { jest: '30.5.2', 'jest-runner-impact': `file:${tarball}` };
  fs.writeFileSync(path.join(INSTALL, 'package.json'), JSON.stringify({ name: 'bench-install', private: true, dependencies }, null, 2));
  fs.rmSync(path.join(INSTALL, 'node_modules', 'jest-runner-impact'), { recursive: true, force: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: INSTALL, stdio: 'inherit' });
}

function run(project, args, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(INSTALL, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci=false', ...args], {
    cwd: project,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`jest ${args.join(' ')} failed:\n${result.stderr.slice(-3000)}`);
  return seconds;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main() {
  const files = argument('files', 50);
  const repetitions = argument('repetitions', 5);
  install();
  const project = path.join(INSTALL, 'projects', `overhead-${files}`);
  const shape = generateProject(project, { testFiles: files, sources: Math.max(10, Math.round(files * 0.4)) });
  const variants = [
    { name: 'plain `jest`', args: [] },
    { name: '`jest --coverage`', args: ['--coverage'] },
    { name: '`jest --runner=jest-runner-impact`', args: ['--runner=jest-runner-impact'], env: { JEST_IMPACT_MODE: 'all' } },
  ];
  // Warm Jest's transform cache for both the plain and the instrumented output.
  for (const variant of variants) run(project, variant.args, variant.env);
  const times = variants.map(() => []);
  for (let rep = 0; rep < repetitions; rep++) {
    for (let k = 0; k < variants.length; k++) {
      const index = (rep + k) % variants.length;
      times[index].push(run(project, variants[index].args, variants[index].env));
    }
  }
  const status = JSON.parse(
    execFileSync(process.execPath, [path.join(INSTALL, 'node_modules', 'jest-runner-impact', 'dist', 'cli', 'main.js'), 'status', '--json'], { cwd: project, encoding: 'utf8' }),
  );
  const plain = median(times[0]);
  const coverage = median(times[1]);
  const lines = [
    `Project: ${shape.testFiles} test files, ${shape.tests} tests; ${os.cpus().length} cores, Node ${process.versions.node}, Jest 30.5.2; ${repetitions} interleaved repetitions after one warm-up each.`,
    '',
    '| run | median s | min-max s | vs plain jest | vs jest --coverage |',
    '|---|---|---|---|---|',
    ...variants.map((variant, i) => {
      const m = median(times[i]);
      const range = `${Math.min(...times[i]).toFixed(2)}-${Math.max(...times[i]).toFixed(2)}`;
      return `| ${variant.name} | ${m.toFixed(2)} | ${range} | ${(m / plain).toFixed(2)}x | ${(m / coverage).toFixed(2)}x |`;
    }),
    '',
    `Store writes in the parent, last recording run: ${status.lastRun.storeWriteMs} ms for ${status.lastRun.testFiles} test files (${(status.lastRun.storeWriteMs / status.lastRun.testFiles).toFixed(1)} ms per file, one transaction each).`,
    '',
    `Store: ${status.testFiles} test files, ${status.tests} tests, ${status.sources} sources, ${(status.bytesOnDisk / 1024).toFixed(0)} kB on disk (${Math.round(status.bytesOnDisk / status.tests)} bytes per test, LMDB file size including free pages).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
