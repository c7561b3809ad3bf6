'use strict';
/**
 * `test/<area>/*.test.{js,ts}`: which modules each test file covers, its planned calls (literal arguments,
 * with titles), and its text once the expected values are known.
 */
const { line, lines, importNamespace, specifier, quote, literal } = require('./emit');

const TESTS_PER_FILE = 20;

/**
 * Leaf features per test file: file i starts from feature i, the remaining features are spread over the
 * files, and some files also use a feature of another file, so a feature has 1-3 test files and a test
 * file 1-3 features.
 */
function assignFeatures(featureCount, fileCount, rnd) {
  const files = Array.from({ length: fileCount }, (_, i) => [i % featureCount]);
  const users = new Array(featureCount).fill(0);
  files.forEach(([feature]) => users[feature]++);
  let cursor = 0;
  for (let feature = fileCount; feature < featureCount; feature++) {
    let target = Math.floor(((feature - fileCount) * fileCount) / (featureCount - fileCount));
    while (files[target].length >= 3) target = cursor++ % fileCount;
    files[target].push(feature);
    users[feature]++;
  }
  for (const modules of files) {
    if (modules.length >= 3 || !rnd.chance(0.3)) continue;
    const feature = rnd.int(0, featureCount - 1);
    if (!modules.includes(feature) && users[feature] < 3) {
      modules.push(feature);
      users[feature]++;
    }
  }
  return files;
}

function argText(value) {
  if (Array.isArray(value)) return value.map(argText).join('/');
  if (typeof value === 'string') return value.trim() || 'blank';
  return String(value);
}

function title(text) {
  return text.replace(/[^\w ./-]+/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Plans one test file: `modules` are features and services (each with `callables` and `title`). Returns
 * `{ file, modules, describes: [{ title, cases }] }`; a case is a call spec plus its titles.
 */
function planTestFile(file, modules, rnd) {
  const counts = modules.map((_, i) => Math.floor(TESTS_PER_FILE / modules.length) + (i < TESTS_PER_FILE % modules.length ? 1 : 0));
  const perModule = modules.map((module, m) =>
    Array.from({ length: counts[m] }, (_, t) => {
      const callable = module.callables[t % module.callables.length];
      const { args, ctorArgs } = callable.make(rnd, Math.floor(t / module.callables.length));
      const label = callable.ctor ? `${callable.ctor}.${callable.fn}` : callable.fn;
      const name = title(`${label} ${args.map(argText).join(' ')}${ctorArgs ? ` at ${ctorArgs.map(argText).join(' ')}` : ''}`);
      return { module: callable.module, ns: callable.ns, ctor: callable.ctor || null, ctorArgs: ctorArgs || null, fn: callable.fn, args, async: callable.async, title: name };
    }),
  );
  const split = modules.length >= 2 && rnd.chance(0.5);
  const describes = split
    ? [
        { title: modules[0].title, cases: perModule[0] },
        { title: `${modules[1].title}${modules.length > 2 ? ' and related' : ''}`, cases: perModule.slice(1).flat() },
      ]
    : [{ title: modules[0].title, cases: perModule.flat() }];
  for (const describe of describes) {
    const seen = new Set();
    for (const testCase of describe.cases) {
      let name = testCase.title;
      for (let n = 2; seen.has(name); n++) name = `${testCase.title} (${n})`;
      seen.add(name);
      testCase.title = name;
      testCase.titles = [describe.title, name];
      testCase.file = file;
    }
  }
  return { file, modules, describes };
}

/** Lines of a planned test file; `expected(testCase)` gives `{ value, matcher }`. */
function renderTestFile(plan, expected) {
  const out = [];
  const namespaces = new Map();
  for (const testCase of plan.describes.flatMap((describe) => describe.cases)) namespaces.set(testCase.ns, testCase.module);
  for (const [ns, module] of namespaces) out.push(importNamespace(ns, specifier(plan.file, module)));
  for (const describe of plan.describes) {
    out.push('', `describe(${quote(describe.title)}, () => {`);
    describe.cases.forEach((testCase, index) => {
      const { value, matcher } = expected(testCase);
      const args = testCase.args.map(literal).join(', ');
      const wait = testCase.async ? 'await ' : '';
      if (index > 0) out.push('');
      out.push(`  test(${quote(testCase.title)}, ${testCase.async ? 'async ' : ''}() => {`);
      if (testCase.ctor) {
        const type = `${testCase.ns}.${testCase.ctor}`;
        const create = `new ${type}(${testCase.ctorArgs.map(literal).join(', ')})`;
        out.push(line(`    const subject = ${create};`, `    const subject: ${type} = ${create};`));
        out.push(`    expect(${wait}subject.${testCase.fn}(${args})).${matcher}(${literal(value)});`);
      } else {
        out.push(`    expect(${wait}${testCase.ns}.${testCase.fn}(${args})).${matcher}(${literal(value)});`);
      }
      out.push('  });');
    });
    out.push('});');
  }
  return lines(out);
}

module.exports = { TESTS_PER_FILE, assignFeatures, planTestFile, renderTestFile };
