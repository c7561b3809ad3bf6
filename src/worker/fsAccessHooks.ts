/**
 * Sees the files a test file's code reads, checks, lists and writes through Node's `fs` (DESIGN.md §4
 * rule 8: files read at run time). The worker's `fs` and `fs.promises` objects are patched once per
 * worker process; test code gets those same objects from jest-runtime (`_requireCoreModule` returns the
 * worker's own core module, and native ESM imports of `node:fs` are synthetic modules built from it when
 * they are imported, which is after the patch). Jest's own reads (module loading, transforms, snapshots,
 * code frames) go through graceful-fs, which cloned `fs` before the patch, so they are not seen; what
 * a transformer reads through `fs` itself (Babel config files, the TypeScript compiler) is muted with
 * `whileMuted` around the runtime's transformer calls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How a file was used: its content read, its existence checked, its listing read, or written to. */
export type FileAccessKind = 'content' | 'exists' | 'listing' | 'write';

/** Receives every access of the test file that is running; the path is absolute. */
export type FileAccessSink = (kind: FileAccessKind, file: string) => void;

let sink: FileAccessSink | undefined;
let muted = 0;
let installed = false;

/** Routes the accesses of the test file about to run to `next` (undefined between test files). */
export function setFileAccessSink(next: FileAccessSink | undefined): void {
  sink = next;
}

/** Runs `work` without recording its accesses (Jest's and the transformers' own reads). */
export function whileMuted<T>(work: () => T): T {
  muted++;
  let result: T;
  try {
    result = work();
  } catch (error) {
    muted--;
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      muted--;
    }) as T;
  }
  muted--;
  return result;
}

function absolutePath(target: unknown): string | undefined {
  if (typeof target === 'string') return path.resolve(target);
  if (target instanceof URL) return target.protocol === "file:" ? path.resolve(fileURLToPath(target)) : undefined;
  if (Buffer.isBuffer(target)) return path.resolve(target.toString('utf8'));
  return undefined;
}

function report(kind: FileAccessKind, target: unknown): void {
  if (!sink || muted > 0) return;
  const file = absolutePath(target);
  if (file !== undefined) sink(kind, file);
}

const WRITE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND;

/** `open` flags: 'r' reads; 'r+', 'w', 'a', 'wx'... (or numeric flags that write) also write. */
function openKinds(flags: unknown): FileAccessKind[] {
  if (flags === undefined || flags === null) return ['content'];
  if (typeof flags === 'number') return flags & WRITE_FLAGS ? ['content', 'write'] : ['content'];
  const text = String(flags);
  if (text.startsWith('r') && !text.includes('+')) return ['content'];
  return ['content', 'write'];
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `target[name]` with a function that reports, then calls the original. */
function wrap(target: Record<string, unknown>, name: string, before: (args: unknown[]) => void, after?: (result: unknown, args: unknown[]) => void): void {
  const original = target[name] as AnyFunction | undefined;
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    if (sink && muted === 0) before(args);
    const result = original.apply(this, args);
    if (after && sink && muted === 0) after(result, args);
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: original.name });
  // Keep what hangs on the original: util.promisify.custom (fs.exists), realpathSync.native.
  for (const key of [...Object.keys(original), ...Object.getOwnPropertySymbols(original)]) {
    (wrapped as unknown as Record<string | symbol, unknown>)[key] = (original as unknown as Record<string | symbol, unknown>)[key];
  }
  target[name] = wrapped;
}

const first = (kind: FileAccessKind) => (args: unknown[]) => report(kind, args[0]);
const second = (kind: FileAccessKind) => (args: unknown[]) => report(kind, args[1]);
const both = (kind: FileAccessKind) => (args: unknown[]) => {
  report(kind, args[0]);
  report(kind, args[1]);
};

/** The callback-taking and synchronous forms of one fs operation. */
function wrapPair(target: Record<string, unknown>, name: string, before: (args: unknown[]) => void): void {
  wrap(target, name, before);
  wrap(target, `${name}Sync`, before);
}

/** Patches the worker's `fs` and `fs.promises` once; later calls do nothing. */
export function installFsAccessHooks(): void {
  if (installed) return;
  installed = true;
  // The module objects themselves: an `import * as` namespace would be a copy, and test code would not see the patch.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const callbackFs = require('node:fs') as Record<string, unknown>;
  const promiseFs = callbackFs['promises'] as Record<string, unknown>;

  wrapPair(callbackFs, 'readFile', first('content'));
  wrap(callbackFs, 'createReadStream', first('content'));
  wrap(callbackFs, 'createWriteStream', first('write'));
  for (const name of ['stat', 'lstat', 'access', 'exists', 'realpath']) wrapPair(callbackFs, name, first('exists'));
  for (const name of ['readdir', 'opendir']) wrapPair(callbackFs, name, first('listing'));
  for (const name of ['writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'truncate', 'utimes', 'chmod']) wrapPair(callbackFs, name, first('write'));
  for (const name of ['rename', 'copyFile', 'cp', 'symlink', 'link']) wrapPair(callbackFs, name, name === 'rename' ? both('write') : second('write'));
  wrapPair(callbackFs, 'open', (args) => {
    for (const kind of openKinds(args[1])) report(kind, args[0]);
  });
  // mkdtemp names the folder it made only in its result.
  wrap(callbackFs, 'mkdtempSync', () => undefined, (made) => report('write', made));
  wrap(callbackFs, 'mkdtemp', (args) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, made: unknown) => {
        if (!error) report('write', made);
        (callback as AnyFunction)(error, made);
      };
    }
  });

  wrap(promiseFs, 'readFile', first('content'));
  for (const name of ['stat', 'lstat', 'access', 'realpath']) wrap(promiseFs, name, first('exists'));
  for (const name of ['readdir', 'opendir']) wrap(promiseFs, name, first('listing'));
  for (const name of ['writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'truncate', 'utimes', 'chmod']) wrap(promiseFs, name, first('write'));
  for (const name of ['rename', 'copyFile', 'cp', 'symlink', 'link']) wrap(promiseFs, name, name === 'rename' ? both('write') : second('write'));
  wrap(promiseFs, 'open', (args) => {
    for (const kind of openKinds(args[1])) report(kind, args[0]);
  });
  wrap(promiseFs, 'mkdtemp', () => undefined, (made) => {
    if (made instanceof Promise) made.then((folder) => report('write', folder), () => undefined);
  });
}
