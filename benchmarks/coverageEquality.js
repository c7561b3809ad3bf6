#!/usr/bin/env node
'use strict';
/**
 * Coverage while selecting, checked on a generated project: records with `--coverage`, then for each
 * scripted edit runs the runner (mode only) and plain `jest` with `--coverage`, and compares the two
 * coverage-final.json reports: the same files, the same maps, and the same covered or uncovered status
 * for every statement, function and branch path. Prints one line per edit; exits 1 on any difference.
 *
 *   node benchmarks/coverageEquality.js [--size small|medium|large] [--lang js|ts] [--seed 1] [--edits id,id]
 *
 * Not a timing: run it alone or beside anything.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { generateProject } = require('./generate');
const { INSTALL, installPackage } = require('./lib/jestInstall');

const JEST = path.join(INSTALL, 'node_modules', 'jest', 'bin', 'jest.js');
const STORE = path.join('node_modules', '.cache', 'jest-runner-impact');

function coverageRun(project, args) {
  fs.rmSync(path.join(project, 'coverage'), { recursive: true, force: true });
  const run = spawnSync(process.execPath, [JEST, '--ci=false', '--silent', '--coverage', '--coverageReporters=json', ...args], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 1024 ** 3,
    env: { ...process.env, JEST_IMPACT_MODE: 'only' },
  });
  const report = JSON.parse(fs.readFileSync(path.join(project, 'coverage', 'coverage-final.json'), 'utf8'));
  const summary = run.stderr.split('\n').find((line) => line.startsWith('Impact:')) ?? '';
  return { report, summary };
}

/** Per file: maps and covered-or-not of every counter, as one comparable string. */
function statusOf(report) {
  const status = new Map();
  for (const [file, data] of Object.entries(report)) {
    const covered = (counts) => Object.values(counts).map((count) => (count > 0 ? 1 : 0)).join('');
    status.set(file, JSON.stringify([data.statementMap, data.fnMap, data.branchMap, covered(data.s), covered(data.f), Object.values(data.b).map((paths) => paths.map((count) => (count > 0 ? 1 : 0)).join(''))]));
  }
  return status;
}

function setLine(project, edit, text) {
  const file = path.join(project, edit.file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines[edit.line - 1] = text;
  fs.writeFileSync(file, lines.join('\n'));
}

function main() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'small' }, lang: { type: 'string', default: 'js' }, seed: { type: 'string', default: '1' }, edits: { type: 'string' } } });
  installPackage();
  const project = path.join(INSTALL, 'projects', `coverage-${values.size}-${values.lang}-${values.seed}`);
  const manifest = generateProject(project, { size: values.size, seed: Number(values.seed), lang: values.lang });
  const wanted = values.edits ? new Set(values.edits.split(',')) : undefined;
  fs.rmSync(path.join(project, STORE), { recursive: true, force: true });
  coverageRun(project, ['--runner=jest-runner-impact']);
  let differing = 0;
  for (const edit of manifest.edits.filter((candidate) => !wanted || wanted.has(candidate.id))) {
    setLine(project, edit, edit.to);
    const selected = coverageRun(project, ['--runner=jest-runner-impact']);
    const full = coverageRun(project, []);
    const a = statusOf(selected.report);
    const b = statusOf(full.report);
    const files = new Set([...a.keys(), ...b.keys()]);
    const different = [...files].filter((file) => a.get(file) !== b.get(file));
    differing += different.length;
    process.stdout.write(`${edit.id}: ${files.size} files, ${different.length} differ${different.length ? ` (${different.slice(0, 3).map((file) => path.relative(project, file)).join(', ')})` : ''}; ${selected.summary}\n`);
    setLine(project, edit, edit.from);
    coverageRun(project, ['--runner=jest-runner-impact']);
  }
  if (differing > 0) process.exitCode = 1;
}

main();
