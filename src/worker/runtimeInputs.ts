import * as path from 'node:path';
import { INPUT_CONTENT, INPUT_EXISTS, INPUT_LISTING, type RuntimeInput } from '../recording';
import type { FileAccessKind } from './fsAccessHooks';

const BITS: Record<Exclude<FileAccessKind, 'write'>, number> = { content: INPUT_CONTENT, exists: INPUT_EXISTS, listing: INPUT_LISTING };

/** The files one owner (a test, or the test file's load bucket) used, path -> kind bits. */
export type InputSet = Map<string, number>;

/**
 * Files a test file's code used through `fs`, and the paths it wrote. Only paths under rootDir and
 * outside node_modules are kept. What the suite wrote itself (a temp folder, a rewritten fixture, a file
 * it created and removed) is its output, not an input: `inputsOf` leaves it out, so that a suite that
 * writes as it runs does not run again and again.
 */
export class RuntimeInputs {
  private readonly written = new Set<string>();
  private readonly prefix: string;

  constructor(rootDir: string) {
    this.prefix = rootDir.endsWith(path.sep) ? rootDir : `${rootDir}${path.sep}`;
  }

  /** Records one access into `owner`'s set. */
  record(owner: InputSet, kind: FileAccessKind, file: string): void {
    if (!file.startsWith(this.prefix) && `${file}${path.sep}` !== this.prefix) return;
    if (file.includes(`${path.sep}node_modules${path.sep}`) || file.endsWith(`${path.sep}node_modules`)) return;
    if (kind === 'write') {
      this.written.add(file);
      return;
    }
    owner.set(file, (owner.get(file) ?? 0) | BITS[kind]);
  }

  private writtenOrUnderWritten(file: string): boolean {
    for (let current = file; ; ) {
      if (this.written.has(current)) return true;
      const parent = path.dirname(current);
      if (parent === current) return false;
      current = parent;
    }
  }

  private writtenDirectories(): Set<string> {
    return new Set([...this.written].map((file) => path.dirname(file)));
  }

  /** The inputs of one owner, without the suite's own output; a content read also stands for existence. */
  inputsOf(owner: InputSet, except: ReadonlySet<string>): RuntimeInput[] {
    const touchedDirectories = this.writtenDirectories();
    const inputs: RuntimeInput[] = [];
    for (const [file, bits] of owner) {
      if (except.has(file) || this.writtenOrUnderWritten(file)) continue;
      let kinds = bits;
      if (kinds & INPUT_CONTENT) kinds &= ~INPUT_EXISTS;
      if (kinds & INPUT_LISTING && touchedDirectories.has(file)) kinds &= ~INPUT_LISTING;
      if (kinds !== 0) inputs.push([file, kinds]);
    }
    return inputs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
