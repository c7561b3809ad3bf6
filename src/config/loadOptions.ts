import * as fs from 'node:fs';
import * as path from 'node:path';
import { lilconfig } from 'lilconfig';
import { ConfigError } from '../errors';
import { describeValue, OPTION_NAMES, OPTION_TABLE, type ImpactOptions } from './optionTable';

export const PACKAGE_JSON_KEY = 'jest-runner-impact';
export const CONFIG_FILE_NAMES = [
  'jest-runner-impact.config.js',
  'jest-runner-impact.config.cjs',
  'jest-runner-impact.config.mjs',
  'jest-runner-impact.config.json',
];

/** One place options came from, in increasing precedence. */
export interface OptionSource {
  description: string;
  values: Record<string, unknown>;
}

export interface LoadedOptions {
  options: ImpactOptions;
  /** The files the options were read from, relative to rootDir (a change to one is a config change). */
  files: string[];
}

function asRecord(value: unknown, description: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ConfigError(
    `Expected the options in ${description} to be an object; got ${JSON.stringify(value)}.`,
    `Write them as an object, for example { "mode": "all" }.`,
  );
}

function readPackageJsonOptions(rootDir: string): OptionSource | undefined {
  const file = path.join(rootDir, 'package.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Could not parse ${file}: ${(error as Error).message}.`, 'Fix the JSON syntax of package.json.');
  }
  const value = (parsed as Record<string, unknown> | null)?.[PACKAGE_JSON_KEY];
  if (value === undefined) return undefined;
  return { description: `package.json key "${PACKAGE_JSON_KEY}"`, values: asRecord(value, 'package.json') };
}

async function readConfigFile(rootDir: string): Promise<(OptionSource & { file: string }) | undefined> {
  const found = CONFIG_FILE_NAMES.filter((name) => fs.existsSync(path.join(rootDir, name)));
  if (found.length > 1) {
    throw new ConfigError(
      `Found ${found.length} option files in ${rootDir}: ${found.join(', ')}.`,
      'Keep one jest-runner-impact.config file and delete the others.',
    );
  }
  if (found.length === 0) return undefined;
  const explorer = lilconfig(PACKAGE_JSON_KEY, { searchPlaces: CONFIG_FILE_NAMES, stopDir: rootDir });
  let result;
  try {
    result = await explorer.search(rootDir);
  } catch (error) {
    throw new ConfigError(
      `Could not load ${found[0]}: ${(error as Error).message}.`,
      'Fix the file so that it exports an object of options.',
      { cause: error },
    );
  }
  if (!result) return undefined;
  const name = path.basename(result.filepath);
  const config = (result.config as { default?: unknown } | null)?.default ?? result.config;
  return { description: name, file: name, values: asRecord(config, name) };
}

function readEnvironment(env: NodeJS.ProcessEnv): OptionSource[] {
  const sources: OptionSource[] = [];
  for (const name of OPTION_NAMES) {
    const variable = OPTION_TABLE[name].env;
    const value = variable ? env[variable] : undefined;
    if (variable && value !== undefined && value !== '') sources.push({ description: variable, values: { [name]: value } });
  }
  return sources;
}

/** Merges sources in order, validating every key of every source. */
export function mergeOptionSources(rootDir: string, sources: OptionSource[]): ImpactOptions {
  const merged = {} as Record<keyof ImpactOptions, unknown>;
  for (const name of OPTION_NAMES) merged[name] = OPTION_TABLE[name].default(rootDir);
  for (const source of sources) {
    for (const [key, value] of Object.entries(source.values)) {
      if (!(OPTION_NAMES as string[]).includes(key)) {
        throw new ConfigError(
          `Unknown option "${key}" in ${source.description}. It is set to ${describeValue(value)}.`,
          `Allowed options are ${OPTION_NAMES.join(', ')}.`,
        );
      }
      const name = key as keyof ImpactOptions;
      const normalize = OPTION_TABLE[name].normalize as (v: unknown, root: string, origin: string) => unknown;
      merged[name] = normalize(value, rootDir, source.description);
    }
  }
  return merged as ImpactOptions;
}

/**
 * Reads the options of DESIGN.md §1 from, in increasing precedence: the package.json key, the
 * config file in rootDir, the runner tuple's options, and environment variables.
 */
export async function loadOptions(
  rootDir: string,
  runnerOptions: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedOptions> {
  const sources: OptionSource[] = [];
  const files: string[] = [];
  const fromPackage = readPackageJsonOptions(rootDir);
  if (fromPackage) sources.push(fromPackage);
  const fromFile = await readConfigFile(rootDir);
  if (fromFile) {
    sources.push(fromFile);
    files.push(fromFile.file);
  }
  if (runnerOptions !== undefined) {
    sources.push({ description: 'the runner options in Jest config', values: asRecord(runnerOptions, 'the runner options') });
  }
  sources.push(...readEnvironment(env));
  return { options: mergeOptionSources(rootDir, sources), files };
}
