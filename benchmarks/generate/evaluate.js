'use strict';
/**
 * Runs the generated JS modules in-process to find what every test's call returns. Each run is a fresh
 * module registry over a map of file texts (so an edited copy is just another map), in a `vm` context
 * whose microtasks run when a script finishes (`microtaskMode: 'afterEvaluate'`): async calls settle
 * synchronously, through real promises. Comparisons follow Jest's `toBe` (Object.is) and `toEqual`
 * (recursive, Object.is on primitives, undefined properties ignored).
 */
const path = require('node:path');
const vm = require('node:vm');

// Runs inside the context: arguments are parsed there (like the literals of a test), results settle there.
const RUNNER = `(function runCalls(calls, load, boxes) {
  calls.forEach((call, index) => {
    const box = boxes[index];
    try {
      const exported = load(call.module);
      const args = JSON.parse(call.argsJson);
      const value = call.ctor
        ? new exported[call.ctor](...JSON.parse(call.ctorArgsJson))[call.fn](...args)
        : exported[call.fn](...args);
      if (!call.async) {
        box.done = true;
        box.value = value;
        return;
      }
      Promise.resolve(value).then(
        (result) => { box.done = true; box.value = result; },
        (error) => { box.done = true; box.error = error; },
      );
    } catch (error) {
      box.done = true;
      box.error = error;
    }
  });
})`;

function resolve(from, spec) {
  const target = path.posix.join(path.posix.dirname(from), spec);
  return target.endsWith('.json') ? target : `${target}.js`;
}

/**
 * One context per generated project; compiled module wrappers are kept per file text, but every `run`
 * starts from an empty module registry, so each run executes every module it loads afresh.
 */
function createEvaluator() {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const runner = vm.runInContext(RUNNER, context);
  const compiled = new Map();

  function compile(file, source) {
    const hit = compiled.get(file);
    if (hit && hit.source === source) return hit.wrapper;
    const wrapper = vm.compileFunction(source, ['require', 'module', 'exports'], { filename: file, parsingContext: context });
    if (!hit) compiled.set(file, { source, wrapper });
    return wrapper;
  }

  /**
   * `files`: Map of project path (with extension, JS twin) to text; `calls`: `{ module, fn, args, ctor,
   * ctorArgs, async }`. Returns per call `{ done, value }` or `{ done, error }`; async calls are awaited.
   */
  function run(files, calls) {
    const registry = new Map();
    const load = (file) => {
      const cached = registry.get(file);
      if (cached) return cached.exports;
      const source = files.get(file);
      if (source === undefined) throw new Error(`Cannot find module '${file}'`);
      const module = { exports: {} };
      registry.set(file, module);
      if (file.endsWith('.json')) {
        module.exports = JSON.parse(source);
        return module.exports;
      }
      compile(file, source).call(module.exports, (spec) => load(resolve(file, spec)), module, module.exports);
      return module.exports;
    };
    const specs = calls.map((call) => ({
      module: `${call.module}.js`,
      fn: call.fn,
      ctor: call.ctor,
      argsJson: JSON.stringify(call.args),
      ctorArgsJson: JSON.stringify(call.ctorArgs),
      async: call.async,
    }));
    const boxes = calls.map(() => ({ done: false }));
    context.__runCalls = () => runner(specs, load, boxes);
    try {
      vm.runInContext('__runCalls()', context, { timeout: 120000 });
    } finally {
      delete context.__runCalls;
    }
    return boxes;
  }

  return { run };
}

function isObject(value) {
  return value !== null && typeof value === 'object';
}

function equals(a, b) {
  if (Object.is(a, b)) return true;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((item, index) => equals(item, b[index]));
  const keys = (value) => Object.keys(value).filter((key) => value[key] !== undefined).sort();
  const [ka, kb] = [keys(a), keys(b)];
  return ka.length === kb.length && ka.every((key, index) => key === kb[index] && equals(a[key], b[key]));
}

function matcherFor(value) {
  return isObject(value) ? 'toEqual' : 'toBe';
}

/** Whether a test expecting `expected` with `matcher` passes on `outcome`. */
function passes(outcome, expected, matcher) {
  if (!outcome.done || 'error' in outcome) return false;
  return matcher === 'toBe' ? Object.is(outcome.value, expected) : equals(outcome.value, expected);
}

module.exports = { createEvaluator, passes, matcherFor };
