import * as path from 'node:path';
import type { KnownStats } from '../changes/knownStats';

/** jest-haste-map's per-file metadata: [id, mtime, size, visited, dependencies, sha1] (Jest 24-30). */
const MTIME = 1;
const SIZE = 2;

interface HasteFiles {
  rootDir: string;
  files: Map<string, unknown>;
}

/** The file table of a context's HasteFS (`_rootDir`, `_files`: private fields), when it has the known shape. */
function hasteFilesOf(context: { [key: string]: unknown }): HasteFiles | undefined {
  const hasteFS = context.hasteFS as { _rootDir?: unknown; _files?: unknown } | undefined;
  if (!hasteFS || typeof hasteFS._rootDir !== 'string' || !(hasteFS._files instanceof Map)) return undefined;
  return { rootDir: hasteFS._rootDir, files: hasteFS._files as Map<string, unknown> };
}

/**
 * The sizes and mtimes Jest's haste map took for this run: its crawl at start-up (or its watcher's
 * updates in watch mode) stats every file of each project, so a file it knows needs no second stat.
 * They come from fields Jest does not publish; any other shape, or a file outside the map, leaves the
 * runner to stat the file itself.
 */
export function hasteStatsOf(contexts: Iterable<{ [key: string]: unknown }>): KnownStats | undefined {
  const tables: HasteFiles[] = [];
  for (const context of new Set(contexts)) {
    const table = hasteFilesOf(context);
    if (table && !tables.some((known) => known.files === table.files)) tables.push(table);
  }
  if (tables.length === 0) return undefined;
  const prefixed = tables.map(({ rootDir, files }) => ({ prefix: rootDir + path.sep, files }));
  return (file) => {
    for (const { prefix, files } of prefixed) {
      if (!file.startsWith(prefix)) continue;
      const meta = files.get(file.slice(prefix.length));
      if (!Array.isArray(meta)) continue;
      const mtimeMs: unknown = meta[MTIME];
      const size: unknown = meta[SIZE];
      if (typeof mtimeMs === 'number' && mtimeMs > 0 && typeof size === 'number' && size >= 0) return { size, mtimeMs };
    }
    return undefined;
  };
}
