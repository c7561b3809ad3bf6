/**
 * istanbul's statement and function maps of a source file as Node runs it (no transform): what a child
 * process executed is read from V8 coverage against these, so that its lines and the file's shape
 * (statement lines, function spans, module-level lines) mean what the in-process recorder's mean.
 * istanbul-lib-instrument is the one the user's Jest already instruments with, found beside
 * @jest/transform (through babel-plugin-istanbul), which this worker has loaded.
 */
import * as path from 'node:path';
import { whileMuted } from './fsAccessHooks';
import type { StatementMaps } from './v8ExecutedLines';

interface Instrumenter {
  instrumentSync(code: string, filename: string): string;
  lastFileCoverage(): StatementMaps;
}
type CreateInstrumenter = (options: Record<string, unknown>) => Instrumenter;

let create: CreateInstrumenter | null | undefined;

function resolveFrom(request: string, from: string | undefined): string | undefined {
  try {
    return require.resolve(request, from ? { paths: [from] } : undefined);
  } catch {
    return undefined;
  }
}

/** @jest/transform's folder, from the modules this worker has loaded. */
function jestTransformDir(): string | undefined {
  const marker = `${path.sep}@jest${path.sep}transform${path.sep}`;
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf(marker);
    if (at >= 0) return file.slice(0, at + marker.length);
  }
  return undefined;
}

function loadInstrumenter(): CreateInstrumenter | null {
  const transformDir = jestTransformDir();
  const plugin = resolveFrom('babel-plugin-istanbul/package.json', transformDir);
  const instrument = resolveFrom('istanbul-lib-instrument', plugin ? path.dirname(plugin) : transformDir) ?? resolveFrom('istanbul-lib-instrument', undefined);
  if (!instrument) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(instrument) as { createInstrumenter: CreateInstrumenter }).createInstrumenter;
}

const PLAIN_JAVASCRIPT = /\.(c|m)?jsx?$/;

const cache = new Map<string, StatementMaps | null>();

/**
 * The maps of `text` (the content of `file`), or null when it is not plain JavaScript or does not parse
 * (TypeScript run through a loader, for example): the caller then treats every executed line alike.
 */
export function plainSourceMaps(file: string, text: string, hash: string): StatementMaps | null {
  if (!PLAIN_JAVASCRIPT.test(file)) return null;
  const key = `${file}\0${hash}`;
  if (cache.has(key)) return cache.get(key)!;
  if (create === undefined) create = whileMuted(loadInstrumenter);
  let maps: StatementMaps | null = null;
  if (create) {
    try {
      const instrumenter = create({ esModules: true, produceSourceMap: false, compact: true });
      whileMuted(() => instrumenter.instrumentSync(text, file));
      const coverage = instrumenter.lastFileCoverage();
      maps = { statementMap: coverage.statementMap, fnMap: coverage.fnMap };
    } catch {
      maps = null;
    }
  }
  cache.set(key, maps);
  return maps;
}
