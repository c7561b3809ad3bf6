import * as path from 'node:path';
import type { ProjectConfig } from './jestTypes';

/** "/" separated path relative to rootDir (paths outside it start with "../"). */
export function relativePath(rootDir: string, file: string): string {
  // Fast path for the common case, a normalised file under rootDir (path.relative resolves both paths).
  if (file.length > rootDir.length + 1 && file.startsWith(rootDir) && file[rootDir.length] === path.sep && !rootDir.endsWith(path.sep)) {
    const relative = file.slice(rootDir.length + 1);
    if (!relative.includes(`${path.sep}.`)) return path.sep === '/' ? relative : relative.split(path.sep).join('/');
  }
  return path.relative(rootDir, file).split(path.sep).join('/');
}

/**
 * A stable name per Jest project, so that one test file run by two projects has two records: the
 * displayName when there is one, else the project's rootDir relative to the global rootDir.
 */
export function projectKeys(rootDir: string, configs: ProjectConfig[]): Map<string, string> {
  const keys = new Map<string, string>();
  const taken = new Map<string, number>();
  for (const config of configs) {
    if (keys.has(config.id)) continue;
    const base = config.displayName?.name || relativePath(rootDir, config.rootDir) || '.';
    const count = (taken.get(base) ?? 0) + 1;
    taken.set(base, count);
    keys.set(config.id, count === 1 ? base : `${base}#${count}`);
  }
  return keys;
}
