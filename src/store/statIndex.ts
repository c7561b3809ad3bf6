import type { RootDatabase } from 'lmdb';
import { RANGE_END, type DependencyRecord, type SourceRecord } from './schema';

/**
 * What change detection asks of every recorded source and dependency on every run, in one record:
 * size, mtime and (for a dependency) the hash. Reading it is one decode instead of one per source and
 * per dependency (about 3,000 on a 1,000-file project, most of the planning time); a full source
 * record is then decoded only for a source whose size or mtime moved.
 *
 * The index stands for the records only while nothing else wrote: the first transaction of a store
 * handle that writes a source or dependency record deletes it, the handle keeps its copy up to date,
 * and `close()` writes it back. A run that ends without closing (a crash, a kill) leaves no index, and
 * the next run builds it from the records.
 */
export const STAT_INDEX_KEY = ['statIndex'];

/** Whether a key (as an export lists it) is the index: exports and imports leave it out. */
export const isStatIndexKey = (key: readonly string[]): boolean => key.length === 1 && key[0] === STAT_INDEX_KEY[0];

/** A source's [size, mtimeMs, stale (1) or not (0)]. */
export type SourceStat = [size: number, mtimeMs: number, stale: 0 | 1];

interface StatIndexRecord {
  sources: Record<string, SourceStat>;
  dependencies: Record<string, [hash: string, size: number, mtimeMs: number]>;
}

export class StatIndex {
  private index: StatIndexRecord | undefined;
  /** The stored index no longer matches (deleted by a write of this handle, or never written). */
  private unsaved = false;

  constructor(private readonly db: RootDatabase) {}

  private loaded(): StatIndexRecord {
    if (this.index) return this.index;
    const stored = this.db.get(STAT_INDEX_KEY) as StatIndexRecord | undefined;
    // A count check guards against an index written by a run that raced another writer: a source the
    // index did not list would never be checked for changes.
    if (stored && Object.keys(stored.sources).length === this.count('source') && Object.keys(stored.dependencies).length === this.count('dep')) {
      this.index = stored;
      return stored;
    }
    const built: StatIndexRecord = { sources: {}, dependencies: {} };
    for (const { key, value } of this.db.getRange({ start: ['source'], end: ['source', RANGE_END] })) {
      const record = value as SourceRecord;
      built.sources[(key as [string, string])[1]] = [record.size, record.mtimeMs, record.stale ? 1 : 0];
    }
    for (const { key, value } of this.db.getRange({ start: ['dep'], end: ['dep', RANGE_END] })) {
      const record = value as DependencyRecord;
      built.dependencies[(key as [string, string])[1]] = [record.hash, record.size, record.mtimeMs];
    }
    this.index = built;
    this.unsaved = true;
    return built;
  }

  private count(kind: 'source' | 'dep'): number {
    return this.db.getKeysCount({ start: [kind], end: [kind, RANGE_END] });
  }

  /** Every recorded source with its size, mtime and staleness. */
  sources(): Array<[source: string, stat: SourceStat]> {
    return Object.entries(this.loaded().sources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  dependency(key: string): DependencyRecord | undefined {
    const entry = this.loaded().dependencies[key];
    return entry ? { hash: entry[0], size: entry[1], mtimeMs: entry[2] } : undefined;
  }

  /** Call inside the write transaction, before the records change: the stored index stops standing for them. */
  invalidate(): void {
    if (!this.unsaved) {
      this.db.removeSync(STAT_INDEX_KEY);
      this.unsaved = true;
    }
  }

  sourceWritten(source: string, record: SourceRecord): void {
    if (this.index) this.index.sources[source] = [record.size, record.mtimeMs, record.stale ? 1 : 0];
  }

  dependencyWritten(key: string, record: DependencyRecord): void {
    if (this.index) this.index.dependencies[key] = [record.hash, record.size, record.mtimeMs];
  }

  /** Everything was replaced (a rebuild, an import): the next read builds the index again. */
  reset(): void {
    this.index = undefined;
    this.unsaved = true;
  }

  /** Writes the handle's up-to-date copy (built from the records if it has none) when the stored one is missing or stale. */
  save(): void {
    if (!this.unsaved) return;
    const index = this.loaded();
    this.db.transactionSync(() => this.db.putSync(STAT_INDEX_KEY, index));
    this.unsaved = false;
  }
}
