import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, whose export the release replaces
import asyncHooks = require('node:async_hooks');
import { installCircusContextRelease, releasingCircusContexts } from '../../src/worker/circusContextRelease';

/** A module that creates an AsyncLocalStorage when loaded, as jest-circus's jestAdapterInit.js does. */
const STORAGE_MODULE = "const { AsyncLocalStorage } = require('node:async_hooks'); exports.storage = new AsyncLocalStorage();\n";
const original = asyncHooks.AsyncLocalStorage;
let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'circus-context-'));
  fs.mkdirSync(path.join(directory, 'node_modules', 'jest-circus', 'build'), { recursive: true });
  fs.mkdirSync(path.join(directory, 'lib'));
  fs.writeFileSync(path.join(directory, 'node_modules', 'jest-circus', 'build', 'jestAdapterInit.js'), STORAGE_MODULE);
  fs.writeFileSync(path.join(directory, 'lib', 'userStorage.js'), STORAGE_MODULE);
  installCircusContextRelease();
});

afterAll(() => {
  asyncHooks.AsyncLocalStorage = original;
  fs.rmSync(directory, { recursive: true, force: true });
});

type Storage = InstanceType<typeof original>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded in the test, as Jest loads circus in a test file
const load = (file: string) => (require(path.join(directory, file)) as { storage: Storage }).storage;

test('the storage jest-circus creates during a test file is disabled when the file is done; a user storage is not', async () => {
  let resume!: () => void;
  const gate = new Promise<void>((resolve) => (resume = resolve));
  let stores!: Promise<unknown[]>;
  await releasingCircusContexts(async () => {
    const circus = load('node_modules/jest-circus/build/jestAdapterInit.js');
    const user = load('lib/userStorage.js');
    // Work still pending inside both contexts when the file's framework call returns.
    stores = circus.run('circus', () =>
      user.run('user', async () => {
        await gate;
        return [circus.getStore(), user.getStore()];
      }),
    );
  });
  resume();
  expect(await stores).toEqual([undefined, 'user']);
});

test('a jest-circus storage created outside a test file is left alone', async () => {
  jest.resetModules();
  const circus = load('node_modules/jest-circus/build/jestAdapterInit.js');
  await releasingCircusContexts(async () => undefined);
  expect(circus.run('kept', () => circus.getStore())).toBe('kept');
  let resume!: () => void;
  const gate = new Promise<void>((resolve) => (resume = resolve));
  const store = circus.run('kept', async () => {
    await gate;
    return circus.getStore();
  });
  resume();
  expect(await store).toBe('kept');
});
