/**
 * Names of the non-instrumented dependencies of a test file (DESIGN.md §4 rule 8) in the store. A file
 * loaded as a module or read with `fs` depends on its content and is named by its path, as before; a
 * path whose existence was checked, and a folder whose entries were listed, carry a suffix after a NUL
 * (no file name can hold one).
 */
import { INPUT_CONTENT, INPUT_EXISTS, INPUT_LISTING } from '../recording';

export type InputKind = 'content' | 'exists' | 'listing';

const SEPARATOR = '\0';

export function inputKey(kind: InputKind, file: string): string {
  return kind === 'content' ? file : `${file}${SEPARATOR}${kind}`;
}

export function parseInputKey(key: string): { kind: InputKind; file: string } {
  const at = key.indexOf(SEPARATOR);
  if (at < 0) return { kind: 'content', file: key };
  const kind = key.slice(at + 1);
  return { kind: kind === 'exists' || kind === 'listing' ? kind : 'content', file: key.slice(0, at) };
}

/** The kinds a RuntimeInput's bits stand for. */
export function kindsOf(bits: number): InputKind[] {
  const kinds: InputKind[] = [];
  if (bits & INPUT_CONTENT) kinds.push('content');
  if (bits & INPUT_EXISTS) kinds.push('exists');
  if (bits & INPUT_LISTING) kinds.push('listing');
  return kinds;
}

/** The value a missing file or folder has, whatever the kind. */
export const MISSING = 'missing';
/** The value of an existence check of a path that exists. */
export const PRESENT = 'present';

/** How a dependency changed, in words: `test/cases/ (a folder listed) had an entry added, removed or renamed`. */
export function describeInputChange(key: string, recorded: string, current: string | undefined): string {
  const { kind, file } = parseInputKey(key);
  if (kind === 'listing') {
    return current === MISSING ? `${file}/ (a folder listed at run time) was removed` : `${file}/ (a folder listed at run time) had an entry added, removed or renamed`;
  }
  if (kind === 'exists') return recorded === MISSING ? `${file} (checked at run time) now exists` : `${file} (checked at run time) no longer exists`;
  if (current === MISSING) return `${file} was deleted (not instrumented)`;
  if (recorded === MISSING) return `${file} was created (not instrumented)`;
  return `${file} changed (not instrumented)`;
}

/** How a test used a dependency, in words: `read by`, `listed by`, `checked by`. */
export function describeInputUse(key: string): string {
  const { kind } = parseInputKey(key);
  return kind === 'listing' ? 'listed by' : kind === 'exists' ? 'checked by' : 'read by';
}
