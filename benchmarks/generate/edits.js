'use strict';
/**
 * The scripted single-line edits of a generated project and, for each, exactly the tests it fails: the
 * edit is applied to the JS twin of its file, every test's call is re-run in a fresh world and compared
 * with the expected value written in the test (or, for a data-driven test, with the arguments and
 * expected value its case file holds once edited).
 */
const { render } = require('./emit');
const { passes } = require('./evaluate');

/**
 * `kind` names the candidate tag set by the templates; `pick` how to choose among candidates: `failing`
 * (first, in seeded order, that fails at least one test), `moderate` (failing count closest to 5% of the
 * tests), `widest` (in the module most test files depend on), `any` (first in seeded order), `some`
 * (first that fails some but not all of the tests depending on its file). `runtime` edits are of files
 * only tests with runtime inputs depend on (case files, CLI-only modules), so they choose among every
 * test; the others choose among the unit tests only, which keeps their choices what they were before
 * projects had such tests (their failing tests are still computed over every test).
 */
const EDITS = [
  { id: 'feature-branch', kind: 'feature-branch', pick: 'failing', description: 'a branch body in a leaf feature' },
  { id: 'service-method', kind: 'service-method', pick: 'failing', description: 'a statement in a service method' },
  { id: 'service-constant', kind: 'service-constant', pick: 'failing', description: 'a module-level constant in a service' },
  { id: 'core-function', kind: 'core-function', pick: 'moderate', description: 'a core utility function used widely' },
  { id: 'one-liner', kind: 'one-liner', pick: 'failing', description: 'the body of a one-line arrow function in a core module' },
  { id: 'json-fixture', kind: 'json-value', pick: 'failing', description: 'a value in a JSON fixture' },
  { id: 'comment-only', kind: 'comment', pick: 'widest', description: 'a comment in a widely executed service method' },
  { id: 'untested-function', kind: 'untested', pick: 'any', description: 'a line of a function no test executes' },
  { id: 'async-method', kind: 'async', pick: 'failing', description: 'a line of an async service method' },
  { id: 'case-file', kind: 'case-file', pick: 'failing', runtime: true, description: 'the expected value in a case file a data-driven test reads' },
  { id: 'cli-only', kind: 'cli-only', pick: 'some', runtime: true, description: 'a line of a CLI-only module some CLI tests run in a child process' },
];
const MAX_TRIES = 40;

/**
 * The call a test makes with `texts` as the project's files: a data-driven test's arguments and expected
 * value come from its case file, as the test reads them at run time.
 */
function callIn(testCase, texts) {
  return testCase.caseFile ? { ...testCase, ...JSON.parse(texts.get(testCase.caseFile)) } : testCase;
}

/**
 * `modules`: every source module, JSON fixture, CLI-only module and case file (`{ file, layer, lines }`);
 * `files`: the JS twin texts by path (case files included); `cases`: every test's call with `expected`,
 * `matcher`, `testPath` and `name` (`runtime` set on data-driven and CLI tests); `dependents(file)`: the
 * test files whose module graph, case files or child processes include `file`; `pathOf(module, lang)`;
 * `evaluator` runs calls.
 */
function computeEdits({ modules, files, cases, dependents, pathOf, lang, rnd, evaluator }) {
  const candidates = new Map();
  for (const module of modules) {
    module.lines.forEach((item, index) => {
      for (const tag of item.edits || []) {
        if (!candidates.has(tag.kind)) candidates.set(tag.kind, []);
        candidates.get(tag.kind).push({ module, index, ...tag });
      }
    });
  }

  const failing = (candidate, subset) => {
    const edited = candidate.module.lines.map((item, index) =>
      index === candidate.index ? { js: item.js.replace(candidate.search, candidate.replacement) } : item,
    );
    const texts = new Map(files).set(pathOf(candidate.module, 'js'), render(edited, 'js'));
    const calls = subset.map((testCase) => callIn(testCase, texts));
    const outcomes = evaluator.run(texts, calls);
    return subset.filter((testCase, index) => !passes(outcomes[index], calls[index].expected, testCase.matcher));
  };

  // The tests (and their files) a spec chooses among; see EDITS.
  const unitCases = cases.filter((testCase) => !testCase.runtime);
  const unitPaths = new Set(unitCases.map((testCase) => testCase.testPath));
  const unitDependents = (file) => new Set([...dependents(file)].filter((testPath) => unitPaths.has(testPath)));
  const scopes = { unit: { cases: unitCases, dependents: unitDependents }, all: { cases, dependents } };

  const choose = (spec, list, scope) => {
    const affected = (candidate) => {
      const files = scope.dependents(candidate.module.file);
      return scope.cases.filter((testCase) => files.has(testCase.testPath));
    };
    if (spec.pick === 'any') return list[0];
    if (spec.pick === 'widest') {
      return [...list].sort((a, b) => scope.dependents(b.module.file).size - scope.dependents(a.module.file).size)[0];
    }
    if (spec.pick === 'moderate') {
      const target = Math.max(1, Math.round(scope.cases.length * 0.05));
      const scored = list
        .map((candidate) => ({ candidate, count: failing(candidate, affected(candidate)).length }))
        .filter(({ count }) => count > 0)
        .map((entry) => ({ ...entry, distance: Math.abs(Math.log(entry.count / target)) }));
      scored.sort((a, b) => a.distance - b.distance);
      return scored.length ? scored[0].candidate : list[0];
    }
    for (const candidate of list.slice(0, MAX_TRIES)) {
      const subset = affected(candidate);
      const count = subset.length ? failing(candidate, subset).length : 0;
      if (count > 0 && (spec.pick !== 'some' || count < subset.length)) return candidate;
    }
    return list[0];
  };

  const edits = [];
  const editedFiles = new Set();
  for (const spec of EDITS) {
    // Seeded order, modules no earlier edit touched first (two edits of one module often fail the same tests).
    const shuffled = rnd.shuffle(candidates.get(spec.kind) || []);
    const list = [...shuffled.filter((c) => !editedFiles.has(c.module.file)), ...shuffled.filter((c) => editedFiles.has(c.module.file))];
    if (list.length === 0) continue;
    const chosen = choose(spec, list, spec.runtime ? scopes.all : scopes.unit);
    const failed = failing(chosen, cases);
    const reachable = dependents(chosen.module.file);
    const stray = failed.find((testCase) => !reachable.has(testCase.testPath));
    if (stray) throw new Error(`edit ${spec.id} fails ${stray.name}, which does not load ${chosen.module.file}`);
    editedFiles.add(chosen.module.file);
    const from = chosen.module.lines[chosen.index][lang];
    edits.push({
      id: spec.id,
      layer: chosen.module.layer,
      description: spec.description,
      file: pathOf(chosen.module, lang),
      line: chosen.index + 1,
      from,
      to: from.replace(chosen.search, chosen.replacement),
      failingTests: failed.map((testCase) => testCase.name),
      failingFiles: [...new Set(failed.map((testCase) => testCase.testPath))],
    });
  }
  return edits;
}

module.exports = { computeEdits, EDITS };
