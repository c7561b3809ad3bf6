import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { globSync } from 'tinyglobby';
import { DEFAULT_FULL_RUN_ON } from '../../src/config/optionTable';
import { fullRunOnFiles } from '../../src/runner/fullRunOn';

describe('fullRunOnFiles', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'full-run-on-'));
    for (const file of ['package.json', 'yarn.lock', 'jest.config.js', 'jest.config.ts', '.babelrc', '.babelrc.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'src/package.json', 'packages/a/babel.config.js', 'node_modules/x/package.json']) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), file);
    }
    fs.mkdirSync(path.join(root, 'babel.config.d'));
    fs.symlinkSync(path.join(root, 'packages/a/babel.config.js'), path.join(root, 'babel.config.js'));
    fs.symlinkSync(path.join(root, 'gone.json'), path.join(root, 'tsconfig.broken.json'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const tinyglobby = (globs: string[]) => globSync(globs, { cwd: root, dot: true, ignore: ['**/node_modules/**'], onlyFiles: true }).sort();

  test.each([
    ['the defaults', [...DEFAULT_FULL_RUN_ON]],
    ['braces and classes', ['{package,tsconfig}.json', 'jest.config.[jt]s', '*.lock']],
    ['every root file', ['*']],
    ['a nested glob (tinyglobby walks)', ['**/package.json', 'packages/*/babel.config.js']],
  ])('finds what tinyglobby finds: %s', (_name, globs) => {
    expect(fullRunOnFiles(root, globs)).toEqual(tinyglobby(globs));
  });

  test('the defaults: the root files only, links to files included', () => {
    expect(fullRunOnFiles(root, [...DEFAULT_FULL_RUN_ON])).toEqual(['.babelrc', '.babelrc.json', 'babel.config.js', 'jest.config.js', 'jest.config.ts', 'package.json', 'tsconfig.build.json', 'tsconfig.json', 'yarn.lock']);
  });

  test('a link to a folder whose name matches is not a file (tinyglobby lists the files inside it)', () => {
    const linked = fs.mkdtempSync(path.join(os.tmpdir(), 'full-run-on-'));
    try {
      fs.mkdirSync(path.join(linked, 'src'));
      fs.writeFileSync(path.join(linked, 'src', 'package.json'), '{}');
      fs.writeFileSync(path.join(linked, 'tsconfig.json'), '{}');
      fs.symlinkSync(path.join(linked, 'src'), path.join(linked, 'tsconfig.dir.json'));
      expect(fullRunOnFiles(linked, [...DEFAULT_FULL_RUN_ON])).toEqual(['tsconfig.json']);
    } finally {
      fs.rmSync(linked, { recursive: true, force: true });
    }
  });

  test('a root folder that does not exist has no files', () => {
    expect(fullRunOnFiles(path.join(root, 'missing'), [...DEFAULT_FULL_RUN_ON])).toEqual([]);
  });
});
