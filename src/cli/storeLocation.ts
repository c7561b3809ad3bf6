import * as path from 'node:path';
import { loadOptions } from '../config/loadOptions';

export interface CliLocation {
  /** Jest's rootDir: paths in the store are relative to it. */
  rootDir: string;
  store: string;
}

/**
 * Where the store of a project is: `--store`, else the options the runner reads (package.json key,
 * config file, JEST_IMPACT_STORE), else the default under rootDir.
 */
export async function locateStore(flags: { root?: string; store?: string }): Promise<CliLocation> {
  const rootDir = path.resolve(flags.root ?? process.cwd());
  if (flags.store) return { rootDir, store: path.resolve(flags.store) };
  const { options } = await loadOptions(rootDir, undefined);
  return { rootDir, store: options.store };
}
