'use strict';
/**
 * Data-driven test files, `test/data/<name>.test.{js,ts}`: one test per case file of `test/cases/<name>/`,
 * the test list built from a module-level `fs.readdirSync` of that folder and each case read with
 * `fs.readFileSync` inside its test. A case file holds the arguments of a call to one core or feature
 * function and the value it returns, so the test depends on a file outside the module graph: editing a
 * case's expected value fails exactly that case's test, which no import graph can tell.
 */
const { line, lines, edit, importNamespace, specifier, quote } = require('./emit');
const { passes } = require('./evaluate');

const DATA_CASES = 8;
const DATA_SHARE = 0.02;
const MAX_DRAWS = 20;
const CODES = ['ab-12', 'XY-7', 'bad code', ' cd-305 ', 'QQ-99999'];
const WORDS = ['order', 'parcel', 'seat', 'ticket'];
const PHRASES = ['express delivery to the north office', 'gift', 'weekly digest of the open orders', 'grace hopper'];

/**
 * Core calls a data-driven file can cover: core functions have no planned callables of their own (the
 * unit tests reach them through features), so their argument makers live here.
 */
const CORE_TARGETS = [
  { core: 'math', fn: 'percentOf', make: (r) => [r.int(0, 400), r.pick([0, r.int(1, 900)])] },
  { core: 'format', fn: 'money', make: (r) => [r.int(-50000, 250000) / 100] },
  { core: 'validate', fn: 'quantityStatus', make: (r, k) => [[0, 1, 2.5, 12, 499, 500, 501, -3][k % 8]] },
  { core: 'collections', fn: 'topN', make: (r) => [r.ints(r.int(0, 6), 0, 99), r.int(1, 4)] },
  { core: 'text', fn: 'truncate', make: (r) => [r.pick(PHRASES), r.int(4, 30)] },
  { core: 'format', fn: 'plural', make: (r) => [r.int(0, 3), r.pick(WORDS)] },
  { core: 'validate', fn: 'normalizeCode', make: (r, k) => [CODES[k % CODES.length]] },
  { core: 'math', fn: 'average', make: (r) => [r.ints(r.int(0, 5), 0, 250)] },
  { core: 'text', fn: 'initials', make: (r) => [r.pick(PHRASES)] },
  { core: 'format', fn: 'groupThousands', make: (r) => [r.int(-2000000, 9000000)] },
];

/** About 2% of the test files, at least one. */
function dataFileCount(testFiles) {
  return Math.max(1, Math.round(testFiles * DATA_SHARE));
}

/** `base`, or `base-2`, `base-3`... when an earlier file took it. */
function uniqueName(base, taken) {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/**
 * The call file `index` covers: even files a feature's tested function (features in seeded order), odd
 * files a core function, so small projects (one file) cover a feature and larger ones both layers.
 */
function targetFor(index, features, coreTargets) {
  if (index % 2 === 0) {
    const feature = features[(index / 2) % features.length];
    const callable = feature.callables[index % feature.callables.length];
    return { module: feature.file, ns: feature.name, fn: callable.fn, async: callable.async, make: (r, k) => callable.make(r, k).args, title: feature.title };
  }
  const target = coreTargets[((index - 1) / 2) % coreTargets.length];
  return { module: `src/core/${target.core}`, ns: target.core, fn: target.fn, async: false, make: target.make, title: `core ${target.core}` };
}

/** A case file's JSON must give back exactly the value (no -0, NaN, Infinity or undefined). */
function jsonSafe(outcome) {
  if (!outcome.done || 'error' in outcome || outcome.value === undefined) return false;
  return passes(outcome, JSON.parse(JSON.stringify(outcome.value)), 'toEqual');
}

/**
 * Draws the arguments of the file's cases (case `k` gets `make(rnd, k)`, so branch-rotating makers cover
 * every branch) and redraws a case whose result a JSON file cannot hold; `evaluate(calls)` runs calls
 * against the unedited JS twin.
 */
function drawCases(target, rnd, evaluate) {
  const draw = (k) => ({ module: target.module, ns: target.ns, fn: target.fn, ctor: null, ctorArgs: null, async: target.async, args: target.make(rnd, k) });
  const calls = Array.from({ length: DATA_CASES }, (_, k) => draw(k));
  for (let attempt = 0; ; attempt++) {
    const outcomes = evaluate(calls);
    const bad = calls.map((_, k) => k).filter((k) => !jsonSafe(outcomes[k]));
    if (bad.length === 0) return calls;
    if (attempt === MAX_DRAWS) throw new Error(`no JSON-safe cases for ${target.module} ${target.fn}: ${JSON.stringify(calls[bad[0]].args)}`);
    for (const k of bad) calls[k] = draw(k);
  }
}

/**
 * Plans `count` data-driven test files over `features` and core (consumes `rnd`). A plan is
 * `{ kind: 'data', file, name, folder, target, describes: [{ title, cases }] }`; each case is a call
 * spec with `caseFile` (the file holding its arguments and expected value), `reads` and titles.
 */
function planDataFiles(count, features, rnd, evaluate) {
  const ordered = rnd.shuffle(features.filter((feature) => feature.callables.length > 0));
  const coreTargets = rnd.shuffle(CORE_TARGETS);
  const taken = new Set();
  return Array.from({ length: count }, (_, index) => {
    const target = targetFor(index, ordered, coreTargets);
    const name = uniqueName(`${target.ns}-${target.fn}`, taken);
    const file = `test/data/${name}.test`;
    const folder = `test/cases/${name}`;
    const title = `${target.title}: ${target.fn} cases`;
    const cases = drawCases(target, rnd, evaluate).map((call, k) => {
      const caseName = `${String(k + 1).padStart(2, '0')}.json`;
      const caseFile = `${folder}/${caseName}`;
      return { ...call, title: caseName, titles: [title, caseName], file, caseFile, reads: [caseFile], matcher: 'toEqual', runtime: 'fs' };
    });
    return { kind: 'data', file, name, folder, target, describes: [{ title, cases }] };
  });
}

/** The value a maintainer might write instead: the same shape, one leaf changed. */
function alter(value) {
  if (typeof value === 'number') return Math.round((value + 1) * 100) / 100;
  if (typeof value === 'string') return value === '' ? 'none' : `${value}!`;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 0;
  if (Array.isArray(value)) return value.length === 0 ? [0] : [alter(value[0]), ...value.slice(1)];
  const keys = Object.keys(value);
  return keys.length === 0 ? { changed: true } : { ...value, [keys[0]]: alter(value[keys[0]]) };
}

/**
 * A case file as a project module (`layer: 'data'`, no imports): line 2 the arguments, line 3 the
 * expected value, tagged as the `case-file` edit candidate.
 */
function caseFileModule(testCase) {
  const expected = `"expected": ${JSON.stringify(testCase.expected)}`;
  const altered = `"expected": ${JSON.stringify(alter(testCase.expected))}`;
  return {
    file: testCase.caseFile,
    layer: 'data',
    lines: lines(['{', `  "args": ${JSON.stringify(testCase.args)},`, edit(`  ${expected}`, 'case-file', expected, altered), '}']),
    imports: [],
  };
}

/** Lines of a data-driven test file (the expected values are in its case files). */
function renderDataTestFile(plan) {
  const { ns, fn, module, async } = plan.target;
  const [describe] = plan.describes;
  const folder = plan.folder.split('/').slice(1);
  const call = `${async ? 'await ' : ''}${ns}.${fn}(...args)`;
  return lines([
    line("const fs = require('fs');", "import { readdirSync, readFileSync } from 'fs';"),
    line("const path = require('path');", "import { join } from 'path';"),
    importNamespace(ns, specifier(plan.file, module)),
    '',
    `// One test per case file: the arguments of a ${fn} call and the value it returns.`,
    line(
      `const CASES = path.join(__dirname, '..', ${folder.map(quote).join(', ')});`,
      `const CASES = join(__dirname, '..', ${folder.map(quote).join(', ')});`,
    ),
    line('const FILES = fs.readdirSync(CASES).sort();', 'const FILES = readdirSync(CASES).sort();'),
    '',
    `describe(${quote(describe.title)}, () => {`,
    '  for (const file of FILES) {',
    `    test(file, ${async ? 'async ' : ''}() => {`,
    line(
      "      const { args, expected } = JSON.parse(fs.readFileSync(path.join(CASES, file), 'utf8'));",
      `      const { args, expected }: { args: Parameters<typeof ${ns}.${fn}>; expected: unknown } = JSON.parse(readFileSync(join(CASES, file), 'utf8'));`,
    ),
    `      expect(${call}).toEqual(expected);`,
    '    });',
    '  }',
    '});',
  ]);
}

module.exports = { DATA_CASES, dataFileCount, planDataFiles, caseFileModule, renderDataTestFile };
