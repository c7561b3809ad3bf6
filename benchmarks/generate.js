#!/usr/bin/env node
'use strict';
/**
 * Deterministic generator of synthetic, realistically layered Jest projects for benchmarks:
 *
 *   src/core/       5 shared utilities (math, format, validate, collections, text) used by nearly everything
 *   src/services/   mid-layer modules: classes, async methods, switch statements; some read src/data/*.json
 *   src/features/   the leaf modules (the bulk), each calling 1-2 services and core, each tested by 1-3 files
 *   src/cli/, bin/  CLI-only modules and the bins requiring them (plain CommonJS, `.cjs` in a TS project)
 *   test/<area>/    unit tests: 20 tests per file with literal arguments and exact expected values
 *   test/data/      data-driven tests (about 2% of the unit test files, at least 1): one test per case file
 *                   of test/cases/<name>/, listed with fs.readdirSync and read with fs.readFileSync
 *   test/cli/       CLI tests (about 1%, at least 1): 4 tests each, running `node bin/<name>.js ARGS` in a
 *                   child process and asserting its exact stdout
 *
 * Expected values are computed by executing the generated modules in-process (JS twin of a TS project),
 * so every test passes by construction. `bench-manifest.json` lists scripted single-line edits across the
 * layers with exactly the tests each one fails (again by executing the edited modules, and for case files
 * the edited case). Data-driven and CLI tests depend on files outside the module graph (a case file; a
 * module only a child process loads), which is what the `case-file` and `cli-only` edits exercise.
 *
 *   node benchmarks/generate.js --size small|medium|large [--seed 1] [--lang js|ts] --out DIR
 *
 * As a module: `generateProject(dir, { size, seed = 1, lang = 'js' })` writes DIR (deleting it first; it
 * refuses a DIR that contains the working directory or this repository) and returns the manifest:
 * `{ size, seed, lang, testFiles, tests, sources, files, layers, testFileKinds, caseFiles, edits: [{ id,
 * layer, description, file, line, from, to, failingTests, failingFiles }] }`, paths relative to DIR, test
 * names `<test path> › <describe> › <test>`. Edit ids: feature-branch, service-method, service-constant,
 * core-function, one-liner, json-fixture, comment-only, untested-function, async-method, case-file, cli-only.
 *
 * A TS project needs @babel/preset-env and @babel/preset-typescript resolvable from DIR (its
 * babel.config.js names them), e.g. a node_modules in DIR or in a parent directory.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createRandom } = require('./generate/random');
const { render } = require('./generate/emit');
const { buildCore } = require('./generate/core');
const { buildService } = require('./generate/services');
const { buildFeature } = require('./generate/features');
const { TESTS_PER_FILE, assignFeatures, planTestFile, renderTestFile } = require('./generate/tests');
const { createEvaluator, matcherFor } = require('./generate/evaluate');
const { computeEdits } = require('./generate/edits');
const { DATA_CASES, dataFileCount, planDataFiles, caseFileModule, renderDataTestFile } = require('./generate/dataTests');
const { CLI_TESTS, cliFileCount, buildCli, binText, plainPath, renderCliTestFile } = require('./generate/cli');

const SIZES = {
  small: { testFiles: 50, core: 5, services: 15, features: 80 },
  medium: { testFiles: 300, core: 5, services: 75, features: 520 },
  large: { testFiles: 1000, core: 5, services: 195, features: 1800 },
};
const LANGS = ['js', 'ts'];
const AREAS = ['cart', 'checkout', 'catalog', 'orders', 'accounts', 'billing', 'shipping', 'reports', 'search', 'promotions', 'inventory', 'support'];
const MANIFEST = 'bench-manifest.json';
/** Mixed into the seed of the runtime-input tests' random stream (data-driven and CLI test files). */
const RUNTIME_STREAM = 0x2c1b3c6d;
const BABEL_CONFIG = `module.exports = {
  presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
};
`;

const USAGE = `Usage: node benchmarks/generate.js --size small|medium|large [--seed 1] [--lang js|ts] --out DIR

Writes a deterministic synthetic Jest project to DIR (deleting DIR first) and DIR/${MANIFEST}:
scripted single-line edits and exactly the tests each one fails.

  --size   small: ${describeSize('small')}
           medium: ${describeSize('medium')}
           large: ${describeSize('large')}
  --seed   integer seed of the generator (default 1); the same arguments give the same bytes
  --lang   js (CommonJS, default) or ts (ES modules with types, babel.config.js for babel-jest)
  --out    directory to write
  --help   print this help`;

/** Test files of each kind; `SIZES[size].testFiles` counts the unit test files. */
function testFileCounts(shape) {
  return { unit: shape.testFiles, data: dataFileCount(shape.testFiles), cli: cliFileCount(shape.testFiles) };
}

function describeSize(size) {
  const shape = SIZES[size];
  const counts = testFileCounts(shape);
  const files = counts.unit + counts.data + counts.cli;
  const tests = counts.unit * TESTS_PER_FILE + counts.data * DATA_CASES + counts.cli * CLI_TESTS;
  const sources = shape.core + shape.services + shape.features + counts.cli;
  return (
    `${files} test files (${counts.unit} unit x ${TESTS_PER_FILE} tests, ${counts.data} data-driven x ${DATA_CASES}, ${counts.cli} CLI x ${CLI_TESTS}), ` +
    `${tests} tests, ${sources} modules (${shape.core} core, ${shape.services} services, ${shape.features} features, ${counts.cli} CLI)`
  );
}

function pathOf(module, lang) {
  if (module.file.endsWith('.json')) return module.file;
  return module.plainJs ? plainPath(module.file, lang) : `${module.file}.${lang}`;
}

/** The project's modules and planned test files; consumes `rnd` in a fixed order. */
function buildProject(shape, rnd) {
  const core = buildCore();
  const services = Array.from({ length: shape.services }, (_, i) => buildService(i, AREAS[i % AREAS.length], rnd));
  const features = Array.from({ length: shape.features }, (_, i) => {
    const area = AREAS[Math.floor((i * AREAS.length) / shape.features)];
    const uses = [services[i % services.length]];
    const other = rnd.chance(0.3) ? rnd.pick(services) : uses[0];
    if (other !== uses[0]) uses.push(other);
    return buildFeature(i, area, uses, rnd);
  });
  const plans = assignFeatures(features.length, shape.testFiles, rnd).map((indexes) => {
    const primary = features[indexes[0]];
    const modules = indexes.map((index) => features[index]);
    if (rnd.chance(0.25)) modules.push(primary.services[0]);
    return planTestFile(`test/${primary.area}/${primary.name}.test`, modules, rnd);
  });
  const fixtures = services.filter((service) => service.json).map((service) => service.json);
  return { core, services, features, fixtures, modules: [...core, ...services, ...fixtures, ...features], plans };
}

/**
 * `dependents(file)`: the test paths whose module graph includes `file`, or that read it (case files), or
 * whose child processes load it (a CLI test's calls are into its CLI module).
 */
function dependencyIndex(modules, plans, lang) {
  const byFile = new Map(modules.map((module) => [module.file, module]));
  const closures = new Map();
  const closure = (file) => {
    if (!closures.has(file)) {
      const set = new Set([file]);
      closures.set(file, set);
      for (const imported of byFile.get(file).imports) for (const reached of closure(imported)) set.add(reached);
    }
    return closures.get(file);
  };
  const index = new Map();
  for (const plan of plans) {
    const testPath = `${plan.file}.${lang}`;
    for (const testCase of plan.describes.flatMap((describe) => describe.cases)) {
      for (const file of [...closure(testCase.module), ...(testCase.reads || [])]) {
        if (!index.has(file)) index.set(file, new Set());
        index.get(file).add(testPath);
      }
    }
  }
  return (file) => index.get(file) || new Set();
}

function validate(size, seed, lang) {
  if (!Object.hasOwn(SIZES, size)) throw new Error(`size must be one of ${Object.keys(SIZES).join(', ')} (got ${size})`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer (got ${seed})`);
  if (!LANGS.includes(lang)) throw new Error(`lang must be one of ${LANGS.join(', ')} (got ${lang})`);
}

/** Refuses to delete a directory that holds the working directory or this repository (`--out .`, `/`). */
function checkOutput(dir) {
  const target = path.resolve(dir);
  for (const precious of [process.cwd(), path.resolve(__dirname, '..')]) {
    const relative = path.relative(target, precious);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      throw new Error(`refusing to replace ${target}: it contains ${precious}`);
    }
  }
  return target;
}

function generateProject(dir, { size, seed = 1, lang = 'js' } = {}) {
  seed = Number(seed);
  validate(size, seed, lang);
  dir = checkOutput(dir);
  const shape = SIZES[size];
  const rnd = createRandom(seed);
  const project = buildProject(shape, rnd);
  const files = new Map(project.modules.map((module) => [pathOf(module, 'js'), render(module.lines, 'js')]));
  const evaluator = createEvaluator();

  // Tests with runtime inputs draw from their own seeded stream: `rnd` goes on to the edits exactly as it
  // did before projects had them, so the other edits' choices stay the same for a seed.
  const runtimeRnd = createRandom(seed ^ RUNTIME_STREAM);
  const counts = testFileCounts(shape);
  const dataPlans = planDataFiles(counts.data, project.features, runtimeRnd, (calls) => evaluator.run(files, calls));
  const clis = Array.from({ length: counts.cli }, (_, i) => buildCli(i, AREAS[i % AREAS.length], runtimeRnd));
  for (const cli of clis) files.set(pathOf(cli.module, 'js'), render(cli.module.lines, 'js'));
  const plans = [...project.plans, ...dataPlans, ...clis.map((cli) => cli.plan)];

  // Expected values: run every test's call against the JS twin of the sources.
  const cases = plans.flatMap((plan) => plan.describes.flatMap((describe) => describe.cases));
  const outcomes = evaluator.run(files, cases);
  cases.forEach((testCase, index) => {
    const outcome = outcomes[index];
    testCase.testPath = `${testCase.file}.${lang}`;
    testCase.name = [testCase.testPath, ...testCase.titles].join(' › ');
    if (!outcome.done || 'error' in outcome) throw new Error(`generated test does not pass: ${testCase.name}: ${outcome.error}`);
    testCase.expected = outcome.value;
    testCase.matcher = testCase.matcher || matcherFor(outcome.value);
  });

  // Case files hold the data-driven tests' expected values, so they exist only now.
  const caseFiles = cases.filter((testCase) => testCase.caseFile).map(caseFileModule);
  for (const caseFile of caseFiles) files.set(caseFile.file, render(caseFile.lines, 'js'));
  const modules = [...project.modules, ...clis.map((cli) => cli.module), ...caseFiles];
  const dependents = dependencyIndex(modules, plans, lang);
  const edits = computeEdits({ modules, files, cases, dependents, pathOf, lang, rnd, evaluator });

  const manifest = {
    size,
    seed,
    lang,
    testFiles: plans.length,
    tests: cases.length,
    sources: project.core.length + project.services.length + project.features.length + clis.length,
    files: 0,
    layers: {
      core: project.core.length,
      services: project.services.length,
      features: project.features.length,
      data: project.fixtures.length,
      cli: clis.length,
    },
    testFileKinds: { unit: project.plans.length, data: dataPlans.length, cli: clis.length },
    caseFiles: caseFiles.length,
    edits,
  };

  const output = new Map();
  const pkg = { name: 'bench-project', private: true, jest: { testEnvironment: 'node' } };
  output.set('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  if (lang === 'ts') output.set('babel.config.js', BABEL_CONFIG);
  for (const module of modules) output.set(pathOf(module, lang), render(module.lines, lang));
  for (const cli of clis) output.set(plainPath(`bin/${cli.name}`, lang), binText(cli, lang));
  const expected = (testCase) => ({ value: testCase.expected, matcher: testCase.matcher });
  for (const plan of plans) output.set(`${plan.file}.${lang}`, render(renderPlan(plan, expected, lang), lang));
  manifest.files = output.size + 1;
  output.set(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);

  fs.rmSync(dir, { recursive: true, force: true });
  const directories = new Set([...output.keys()].map((file) => path.dirname(path.join(dir, file))));
  for (const directory of directories) fs.mkdirSync(directory, { recursive: true });
  for (const [file, text] of output) fs.writeFileSync(path.join(dir, file), text, file.startsWith('bin/') ? { mode: 0o755 } : undefined);
  return manifest;
}

/** Lines of a planned test file of any kind. */
function renderPlan(plan, expected, lang) {
  if (plan.kind === 'data') return renderDataTestFile(plan);
  if (plan.kind === 'cli') return renderCliTestFile(plan, expected, lang);
  return renderTestFile(plan, expected);
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      options.help = true;
      continue;
    }
    const match = /^--(size|seed|lang|out)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument: ${argv[i]}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${match[1]} needs a value`);
    options[match[1]] = value;
  }
  return options;
}

function main(argv) {
  let options;
  try {
    options = parseArguments(argv);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    if (!options.size) throw new Error('--size is required');
    if (!options.out) throw new Error('--out is required');
    if (options.seed !== undefined && !/^-?\d+$/.test(options.seed)) throw new Error(`seed must be an integer (got ${options.seed})`);
    validate(options.size, Number(options.seed ?? 1), options.lang ?? 'js');
    checkOutput(options.out);
  } catch (error) {
    console.error(`generate: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const out = path.resolve(options.out);
  const start = process.hrtime.bigint();
  const manifest = generateProject(out, { size: options.size, seed: Number(options.seed ?? 1), lang: options.lang ?? 'js' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `${manifest.size} ${manifest.lang} project (seed ${manifest.seed}) in ${out}: ${manifest.files} files, ${manifest.tests} tests, ` +
      `${manifest.sources} sources, ${manifest.edits.length} edits, ${seconds.toFixed(1)}s`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { generateProject, SIZES };
