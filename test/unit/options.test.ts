import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { loadOptions, mergeOptionSources } from '../../src/config/loadOptions';
import { DEFAULT_FULL_RUN_ON } from '../../src/config/optionTable';
import { ConfigError } from '../../src/errors';

const rootDir = '/project';

describe('option table', () => {
  test('defaults', () => {
    expect(mergeOptionSources(rootDir, [])).toEqual({
      mode: 'only',
      granularity: 'file',
      store: '/project/node_modules/.cache/jest-runner-impact',
      fullRunOn: DEFAULT_FULL_RUN_ON,
      alwaysRun: [],
      live: false,
    });
  });

  test.each([
    [true, 0],
    ['true', 0],
    [false, false],
    ['false', false],
    [4100, 4100],
    ['4100', 4100],
    [0, 0],
  ])('live %j is %j (0: a free port)', (value, expected) => {
    expect(mergeOptionSources(rootDir, [{ description: 'the source', values: { live: value } }]).live).toBe(expected);
  });

  test('later sources win and relative store paths resolve against rootDir', () => {
    const options = mergeOptionSources(rootDir, [
      { description: 'package.json', values: { mode: 'first', store: '.impact' } },
      { description: 'JEST_IMPACT_MODE', values: { mode: 'all' } },
    ]);
    expect(options.mode).toBe('all');
    expect(options.store).toBe('/project/.impact');
  });

  test.each([
    [{ mode: 'fast' }, 'Expected option "mode" to be one of "only", "first", "all", "verify", "off"; got "fast" (from the source).'],
    [{ granularity: 1 }, 'Expected option "granularity" to be one of "file", "test"; got 1 (from the source).'],
    [{ alwaysRun: [''] }, 'Expected option "alwaysRun" to be an array of glob strings; got [""] (from the source).'],
    [{ store: '' }, 'Expected option "store" to be a directory path; got "" (from the source).'],
    [{ live: 'yes' }, 'Expected option "live" to be true, false or a port number (0-65535); got "yes" (from the source).'],
    [{ live: 70000 }, 'Expected option "live" to be true, false or a port number (0-65535); got 70000 (from the source).'],
    [{ colour: true }, 'Unknown option "colour" in the source.'],
  ])('%j is an error that names the key, the value and the source', (values, message) => {
    const run = () => mergeOptionSources(rootDir, [{ description: 'the source', values }]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });
});

describe('option sources', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const project = (files: Record<string, string>) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'impact-options-'));
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return dir;
  };

  test('package.json < config file < runner options < environment', async () => {
    const root = project({
      'package.json': JSON.stringify({ 'jest-runner-impact': { mode: 'first', granularity: 'test', alwaysRun: ['a'] } }),
      'jest-runner-impact.config.js': 'module.exports = { mode: "verify", granularity: "file" };',
    });
    const loaded = await loadOptions(root, { mode: 'all' }, { JEST_IMPACT_MODE: 'off' });
    expect(loaded.options).toMatchObject({ mode: 'off', granularity: 'file', alwaysRun: ['a'] });
    expect(loaded.files).toEqual(['jest-runner-impact.config.js']);
    expect((await loadOptions(root, { mode: 'all' }, {})).options.mode).toBe('all');
  });

  test('a JSON config file', async () => {
    const root = project({ 'jest-runner-impact.config.json': '{ "store": "/tmp/elsewhere" }' });
    expect((await loadOptions(root, undefined, {})).options.store).toBe('/tmp/elsewhere');
  });

  test('two config files are an error', async () => {
    const root = project({ 'jest-runner-impact.config.js': 'module.exports = {};', 'jest-runner-impact.config.json': '{}' });
    await expect(loadOptions(root, undefined, {})).rejects.toThrow('Found 2 option files');
  });

  test('an environment variable is named as the source of a bad value', async () => {
    const root = project({});
    await expect(loadOptions(root, undefined, { JEST_IMPACT_GRANULARITY: 'line' })).rejects.toThrow('got "line" (from JEST_IMPACT_GRANULARITY)');
  });
});
