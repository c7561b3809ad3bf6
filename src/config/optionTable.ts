import * as path from 'node:path';
import { ConfigError } from '../errors';

export const MODES = ['only', 'first', 'all', 'verify', 'off'] as const;
export const GRANULARITIES = ['file', 'test'] as const;

export type Mode = (typeof MODES)[number];
export type Granularity = (typeof GRANULARITIES)[number];

/** The options of DESIGN.md §1, normalised. */
export interface ImpactOptions {
  mode: Mode;
  granularity: Granularity;
  /** Absolute directory of the LMDB store. */
  store: string;
  fullRunOn: string[];
  alwaysRun: string[];
  /** Under `jest --watch`/`--watchAll`: serve the live view on this port (0: a free port), or not (false). */
  live: false | number;
}

/** Files whose change makes every test impacted (DESIGN.md §4 rule 1). */
export const DEFAULT_FULL_RUN_ON = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'jest.config.*',
  'babel.config.*',
  '.babelrc',
  '.babelrc.*',
  'tsconfig*.json',
  'jest-runner-impact.config.*',
];

interface OptionSpec<K extends keyof ImpactOptions> {
  name: K;
  env?: string;
  default: (rootDir: string) => ImpactOptions[K];
  /** Turns a raw value into the normalised value, or says what was wrong with it. */
  normalize: (value: unknown, rootDir: string, source: string) => ImpactOptions[K];
}

export function describeValue(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function oneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: unknown, _rootDir: string, source: string): T => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new ConfigError(
      `Expected option "${name}" to be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${describeValue(value)} (from ${source}).`,
      `Set "${name}" to one of the allowed values.`,
    );
  };
}

function globList(name: string) {
  return (value: unknown, _rootDir: string, source: string): string[] => {
    const list = typeof value === 'string' ? [value] : value;
    if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item.length > 0)) return [...list];
    throw new ConfigError(
      `Expected option "${name}" to be an array of glob strings; got ${describeValue(value)} (from ${source}).`,
      `Write "${name}" as a list such as ["src/generated/**"].`,
    );
  };
}

function directory(name: string) {
  return (value: unknown, rootDir: string, source: string): string => {
    if (typeof value === 'string' && value.trim().length > 0) return path.resolve(rootDir, value);
    throw new ConfigError(
      `Expected option "${name}" to be a directory path; got ${describeValue(value)} (from ${source}).`,
      `Give "${name}" a path, absolute or relative to Jest's rootDir.`,
    );
  };
}

/** `live`: true (a free port), false, or a port number; from the environment, the same as strings. */
function livePort(value: unknown, _rootDir: string, source: string): false | number {
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === false || text === 'false') return false;
  if (text === true || text === 'true') return 0;
  const port = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text;
  if (typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new ConfigError(
    `Expected option "live" to be true, false or a port number (0-65535); got ${describeValue(value)} (from ${source}).`,
    'Set "live" to true to serve the live view on a free port, or to the port it should use.',
  );
}

/** The declarative option table: name, environment variable, default and normaliser. */
export const OPTION_TABLE: { [K in keyof ImpactOptions]: OptionSpec<K> } = {
  mode: { name: 'mode', env: 'JEST_IMPACT_MODE', default: () => 'only', normalize: oneOf('mode', MODES) },
  granularity: {
    name: 'granularity',
    env: 'JEST_IMPACT_GRANULARITY',
    default: () => 'file',
    normalize: oneOf('granularity', GRANULARITIES),
  },
  store: {
    name: 'store',
    env: 'JEST_IMPACT_STORE',
    default: (rootDir) => path.join(rootDir, 'node_modules', '.cache', 'jest-runner-impact'),
    normalize: directory('store'),
  },
  fullRunOn: { name: 'fullRunOn', default: () => [...DEFAULT_FULL_RUN_ON], normalize: globList('fullRunOn') },
  alwaysRun: { name: 'alwaysRun', default: () => [], normalize: globList('alwaysRun') },
  live: { name: 'live', env: 'JEST_IMPACT_LIVE', default: () => false, normalize: livePort },
};

export const OPTION_NAMES = Object.keys(OPTION_TABLE) as Array<keyof ImpactOptions>;
