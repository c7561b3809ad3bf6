import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

type BabelParser = typeof import('@babel/parser');

/**
 * @babel/parser, loaded on first use, through V8's code cache when a folder for it is set. In a process
 * that just started (Jest's parent planning a run, a new worker), compiling the parser's 1.8 MB and
 * running its functions for the first time cost 25-30 ms of the first parse; with the bytecode of a
 * previous process, about 14 ms. The cache sits in Jest's cacheDirectory (`jest --clearCache` removes
 * it), named by the parser's and Node's versions; V8 rejects a cache made for other code or another V8,
 * and the parser is then compiled as usual and the cache made again.
 */
let parser: BabelParser | undefined;
let cacheDir: string | undefined;

/** Where the code cache goes: `<dir>/jest-runner-impact-parser/`. Call before the first parse. */
export function useParserCodeCache(dir: string | undefined): void {
  cacheDir = dir;
}

export function babelParser(): BabelParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!parser) parser = (cacheDir ? loadWithCodeCache(cacheDir) : undefined) ?? (require('@babel/parser') as BabelParser);
  return parser;
}

/** After the first parse the bytecode covers the functions parsing ran: that is the cache worth saving. */
let saveAfterFirstParse: (() => void) | undefined;

export function afterParse(): void {
  const save = saveAfterFirstParse;
  saveAfterFirstParse = undefined;
  save?.();
}

function loadWithCodeCache(dir: string): BabelParser | undefined {
  try {
    const file = require.resolve('@babel/parser');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require('@babel/parser/package.json') as { version: string };
    const cacheFile = path.join(dir, 'jest-runner-impact-parser', `babel-parser-${version}-node-${process.version}-${process.arch}.v8cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // None yet.
    }
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
    const loaded = { exports: {} as BabelParser };
    (script.runInThisContext() as (...args: unknown[]) => void)(loaded.exports, require, loaded, file, path.dirname(file));
    if (!cachedData || script.cachedDataRejected) {
      saveAfterFirstParse = () => {
        try {
          fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
          const partial = `${cacheFile}.${process.pid}`;
          fs.writeFileSync(partial, script.createCachedData());
          fs.renameSync(partial, cacheFile);
        } catch {
          // A cache that cannot be written costs the next process the compile, nothing else.
        }
      };
    }
    return loaded.exports;
  } catch {
    return undefined;
  }
}
