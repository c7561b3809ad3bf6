'use strict';
/**
 * The scripted single-line edits of a generated project and, for each, exactly the tests it fails: the
 * edit is applied to the JS twin of its file, every test's call is re-run in a fresh world and compared
 * with the expected value written in the test.
 */
const { render } = require('./emit');
const { passes } = require('./evaluate');

/**
 * `kind` names the candidate tag set by the templates; `pick` how to choose among candidates: `failing`
 * (first, in seeded order, that fails at least one test), `moderate` (failing count closest to 5% of the
 * tests), `widest` (in the module most test files depend on), `any` (first in seeded order).
 */
const EDITS = [
  { id: 'feature-branch', kind: 'feature-branch', pick: 'failing', description: 'a branch body in a leaf feature' },
  { id: 'service-method', kind: 'service-method', pick: 'failing', description: 'a statement in a service method' },
  { id: 'service-constant', kind: 'service-constant', pick: 'failing', description: 'a module-level constant in a service' },
  { id: 'core-function', kind: 'core-function', pick: 'moderate', description: 'a core utility function used widely' },
  { id: 'json-fixture', kind: 'json-value', pick: 'failing', description: 'a value in a JSON fixture' },
  { id: 'comment-only', kind: 'comment', pick: 'widest', description: 'a comment in a widely executed service method' },
  { id: 'untested-function', kind: 'untested', pick: 'any', description: 'a line of a function no test executes' },
  { id: 'async-method', kind: 'async', pick: 'failing', description: 'a line of an async service method' },
];
const MAX_TRIES = 40;

/**
 * `modules`: every source module and JSON fixture (`{ file, layer, lines }`); `files`: the JS twin texts
 * by path; `cases`: every test's call with `expected`, `matcher`, `testPath` and `name`; `dependents(file)`:
 * the test files whose module graph includes `file`; `pathOf(module, lang)`; `evaluator` runs calls.
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
    const outcomes = evaluator.run(new Map(files).set(pathOf(candidate.module, 'js'), render(edited, 'js')), subset);
    return subset.filter((testCase, index) => !passes(outcomes[index], testCase.expected, testCase.matcher));
  };
  const affected = (candidate) => {
    const files = dependents(candidate.module.file);
    return cases.filter((testCase) => files.has(testCase.testPath));
  };

  const choose = (spec, list) => {
    if (spec.pick === 'any') return list[0];
    if (spec.pick === 'widest') {
      return [...list].sort((a, b) => dependents(b.module.file).size - dependents(a.module.file).size)[0];
    }
    if (spec.pick === 'moderate') {
      const target = Math.max(1, Math.round(cases.length * 0.05));
      const scored = list
        .map((candidate) => ({ candidate, count: failing(candidate, affected(candidate)).length }))
        .filter(({ count }) => count > 0)
        .map((entry) => ({ ...entry, distance: Math.abs(Math.log(entry.count / target)) }));
      scored.sort((a, b) => a.distance - b.distance);
      return scored.length ? scored[0].candidate : list[0];
    }
    for (const candidate of list.slice(0, MAX_TRIES)) {
      const subset = affected(candidate);
      if (subset.length && failing(candidate, subset).length) return candidate;
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
    const chosen = choose(spec, list);
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
