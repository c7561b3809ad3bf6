/**
 * The files a test file's Jest runtime read: every module it required or imported (sources, mocks,
 * setup files, JSON). jest-runtime keeps them in the per-test-file file cache it was constructed with;
 * the field is private, so both known shapes are read:
 *   Jest 29: `runtime._cacheFS` (jest-runtime/src/index.ts)
 *   Jest 30: `runtime.fileCache.strings` / `.buffers` (jest-runtime/src/FileCache.ts)
 * Returns undefined when neither shape is present, so the caller can record that dependencies are unknown.
 */
export function filesReadByRuntime(runtime: unknown): string[] | undefined {
  const candidate = runtime as {
    _cacheFS?: Map<string, unknown>;
    fileCache?: { strings?: Map<string, unknown>; buffers?: Map<string, unknown> };
  };
  const maps = [candidate._cacheFS, candidate.fileCache?.strings, candidate.fileCache?.buffers].filter(
    (map): map is Map<string, unknown> => map instanceof Map,
  );
  if (maps.length === 0) return undefined;
  const files = new Set<string>();
  for (const map of maps) for (const file of map.keys()) files.add(file);
  return [...files];
}

/** The snapshot file the test file's expect state points at (jest-snapshot's SnapshotState). */
export function snapshotFileOf(environmentGlobal: Record<string, unknown>): string | undefined {
  const expect = environmentGlobal['expect'] as { getState?: () => { snapshotState?: { _snapshotPath?: unknown } } } | undefined;
  const snapshotPath = expect?.getState?.().snapshotState?._snapshotPath;
  return typeof snapshotPath === 'string' ? snapshotPath : undefined;
}
