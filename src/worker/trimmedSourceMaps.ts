/**
 * Points a test file's stack-trace source maps at copies without istanbul's coverage function
 * (coverageMapTrim.ts). Jest's runtime keeps a registry from module path to the map file its transform
 * cache wrote (`runtime.getSourceMaps()`), and Jest's source-map support asks it for a module's map when
 * a stack frame needs one. The registry's lookups return the trimmed copy instead, written once beside
 * the runtime's other caches (one file per map, named as Jest named the map: its name carries the
 * transform's cache key) and reused by every test file and run after. A map without a coverage
 * function, or one that cannot be read or written, is returned as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { coverageFunctionLines, mappingsWithoutLines } from './coverageMapTrim';

/** Folder of the trimmed maps, inside Jest's cacheDirectory (`jest --clearCache` removes it). */
export const TRIMMED_MAPS_FOLDER = 'jest-runner-impact-maps';

/** Map file -> the file to read instead, for this worker. */
const trimmed = new Map<string, string>();

function trimmedCopy(mapPath: string, folder: string): string {
  const target = path.join(folder, path.basename(mapPath));
  if (fs.existsSync(target)) return target;
  // Jest's transform cache writes a module's code at the map's path without ".map".
  if (!mapPath.endsWith('.map')) return mapPath;
  const code = fs.readFileSync(mapPath.slice(0, -'.map'.length), 'utf8');
  const lines = coverageFunctionLines(code);
  if (!lines) return mapPath;
  const map = JSON.parse(fs.readFileSync(mapPath, 'utf8')) as { mappings?: unknown };
  if (typeof map.mappings !== 'string') return mapPath;
  map.mappings = mappingsWithoutLines(map.mappings, lines[0], lines[1]);
  fs.mkdirSync(folder, { recursive: true });
  // Written whole and renamed: a worker reading it at the same moment sees the old name or the whole file.
  const partial = `${target}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(map));
  fs.renameSync(partial, target);
  return target;
}

/** The map file to read for `mapPath`: its trimmed copy when it has a coverage function. */
export function trimmedMapPath(mapPath: string, folder: string): string {
  let result = trimmed.get(mapPath);
  if (result === undefined) {
    try {
      result = trimmedCopy(mapPath, folder);
    } catch {
      result = mapPath;
    }
    trimmed.set(mapPath, result);
  }
  return result;
}

/** Makes the runtime's source-map registry answer with trimmed copies (a registry that is not a Map is left alone). */
export function useTrimmedSourceMaps(runtime: unknown, cacheDirectory: string | undefined): void {
  const registry = (runtime as { getSourceMaps?: () => unknown }).getSourceMaps?.();
  if (!(registry instanceof Map) || !cacheDirectory) return;
  const folder = path.join(cacheDirectory, TRIMMED_MAPS_FOLDER);
  const get = Map.prototype.get;
  registry.get = function trimmedGet(this: Map<string, unknown>, key: string): unknown {
    const mapPath = get.call(this, key) as unknown;
    return typeof mapPath === 'string' ? trimmedMapPath(mapPath, folder) : mapPath;
  };
}
