/**
 * Gives every child process a test starts a folder for Node's own coverage output (NODE_V8_COVERAGE), so
 * that the project lines a Node.js child executes are charged to the test that started it (DESIGN.md §4
 * rule 8). Node passes the variable on to its own children (a shell, npx, a node grandchild) and every
 * Node process writes its coverage there when it exits. The child's environment is otherwise exactly
 * what the test gave it. `child_process` is patched once per worker, like `fs` (fsAccessHooks.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { whileMuted } from './fsAccessHooks';

export const COVERAGE_VARIABLE = 'NODE_V8_COVERAGE';

/** Receives the coverage folder of each child started while a test file runs. */
export type ChildStartSink = (coverageDir: string) => void;

let sink: ChildStartSink | undefined;
let installed = false;
let baseDir: string | undefined;
let counter = 0;

export function setChildStartSink(next: ChildStartSink | undefined): void {
  sink = next;
}

function newCoverageDir(): string {
  baseDir ??= fs.mkdtempSync(path.join(os.tmpdir(), `jest-runner-impact-${process.pid}-`));
  counter += 1;
  const dir = path.join(baseDir, String(counter));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes the folders of this worker's children (when the worker is done with a test file). */
export function removeCoverageDirs(dirs: string[]): void {
  whileMuted(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

type Options = { env?: NodeJS.ProcessEnv | null };

/**
 * The arguments with NODE_V8_COVERAGE added to the options' environment (or to a copy of process.env,
 * which is what the child would inherit); undefined when the test set the variable itself (a coverage
 * tool of its own): then the child is left alone.
 */
export function withCoverageDir(args: unknown[], dir: () => string): unknown[] | undefined {
  const copy = [...args];
  let index = copy.findIndex((arg, i) => i > 0 && arg !== null && typeof arg === 'object' && !Array.isArray(arg));
  if (index < 0) {
    index = Array.isArray(copy[1]) ? 2 : 1;
    copy.splice(index, 0, {});
  }
  const options = copy[index] as Options;
  const env = options.env ?? process.env;
  if (env[COVERAGE_VARIABLE]) return undefined;
  copy[index] = { ...options, env: { ...env, [COVERAGE_VARIABLE]: dir() } };
  return copy;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Patches spawn, spawnSync, exec, execSync, execFile, execFileSync and fork of the worker once. */
export function installChildProcessHooks(): void {
  if (installed) return;
  installed = true;
  // The module object itself: an `import * as` namespace would be a copy, and test code would not see the patch.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const target = require('node:child_process') as Record<string, unknown>;
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    const original = target[name] as AnyFunction | undefined;
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const report = sink;
      if (!report) return original.apply(this, args);
      let started: string | undefined;
      const changed = withCoverageDir(args, () => (started = whileMuted(newCoverageDir)));
      if (started) report(started);
      return original.apply(this, changed ?? args);
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    for (const key of [...Object.keys(original), ...Object.getOwnPropertySymbols(original)]) {
      (wrapped as unknown as Record<string | symbol, unknown>)[key] = (original as unknown as Record<string | symbol, unknown>)[key];
    }
    target[name] = wrapped;
  }
}
