#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { describeError, ImpactError, UsageError } from '../errors';
import { plural } from '../runner/output';
import { decodeExport, encodeExport, mergeExports } from '../store/portable';
import type { TestFileRecord } from '../store/schema';
import { ImpactStore } from '../store/ImpactStore';
import { databasePath, deleteDatabase } from '../store/openStore';
import { answerAffected, formatAffected } from './affected';
import { loadOptions } from '../config/loadOptions';
import { formatStatus, statusOf } from './status';
import { formatWrittenReport, openReport, writeStoreReport } from './report';
import { locateStore } from './storeLocation';
import { answerWhy, formatWhy, parseWhyTarget, whyFoundTests } from './why';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

interface GlobalFlags {
  root?: string;
  store?: string;
}

async function withStore<T>(flags: GlobalFlags, use: (store: ImpactStore, rootDir: string) => T): Promise<T> {
  const location = await locateStore(flags);
  const store = ImpactStore.openForReading(location.store);
  try {
    return use(store, location.rootDir);
  } finally {
    store.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('jest-impact')
    .description('Query and manage the test impact store that `jest --runner=jest-runner-impact` records.')
    .version(version)
    .option('--root <dir>', "Jest's rootDir: paths are relative to it (default: the current directory)")
    .option('--store <dir>', 'store directory (default: the "store" option, JEST_IMPACT_STORE, or <root>/node_modules/.cache/jest-runner-impact)')
    .showHelpAfterError();

  program
    .command('why')
    .description('list the tests that executed FILE, or its lines LINE to LINE, one per line as `test/file.test.js › describe › name`; for a file that is not instrumented (JSON, a data file, a folder), the tests that read, checked or listed it')
    .argument('<target>', 'FILE[:LINE[-LINE]], relative to the current directory')
    .option('--json', 'print JSON: { file, lines: [{ line, tests, childTests? }], dependents?: [{ use, tests }] }')
    .action(async (argument: string, flags: { json?: boolean }) => {
      const found = await withStore(program.opts<GlobalFlags>(), (store, rootDir) => {
        const target = parseWhyTarget(argument, rootDir);
        const answer = answerWhy(store, target);
        if (flags.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        else if (whyFoundTests(answer)) process.stdout.write(`${formatWhy(answer, target)}\n`);
        else process.stderr.write(`No recorded test executed ${argument}, or read it at run time.\n`);
        return whyFoundTests(answer);
      });
      if (!found) process.exitCode = 1;
    });

  program
    .command('affected')
    .description('list the tests the next run would select, one per line as `test/file.test.js › describe › name`, impacted first')
    .option('--json', 'print JSON: { fullRunReason, changedLines, changedFiles, testFiles, files: [{ project, testPath, all, tests, reasons }] }')
    .option('--explain', 'after each test file, the rule and the change behind its selection')
    .action(async (flags: { json?: boolean; explain?: boolean }) => {
      const location = await locateStore(program.opts<GlobalFlags>());
      const { options } = await loadOptions(location.rootDir, undefined);
      const answer = await withStore(program.opts<GlobalFlags>(), (store, rootDir) => answerAffected(store, rootDir, options, version));
      process.stdout.write(`${flags.json ? JSON.stringify(answer, null, 2) : formatAffected(answer, Boolean(flags.explain))}\n`);
    });

  program
    .command('report')
    .description('write a static HTML report of the map (every source line with the tests that execute it, every test with its lines, the last run, what the next run would select); it opens from file:// or any static host')
    .option('--out <dir>', 'folder to write (default: <root>/impact-report); an earlier report there is replaced')
    .option('--open', 'open the report in the default browser')
    .action(async (flags: { out?: string; open?: boolean }) => {
      const location = await locateStore(program.opts<GlobalFlags>());
      const { options } = await loadOptions(location.rootDir, undefined);
      const directory = flags.out ? path.resolve(flags.out) : path.join(location.rootDir, 'impact-report');
      const written = await withStore(program.opts<GlobalFlags>(), (store, rootDir) => writeStoreReport(store, rootDir, options, version, directory));
      process.stdout.write(`${formatWrittenReport(written)}\n`);
      if (flags.open) await openReport(directory);
    });

  program
    .command('status')
    .description('show the store location, schema, Jest version, counts of tests and files, size on disk and the last run')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const report = await withStore(program.opts<GlobalFlags>(), (store) => statusOf(store));
      process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : formatStatus(report)}\n`);
    });

  program
    .command('export')
    .description('write the store to FILE: a portable, versioned, gzipped file for CI caches and artifacts (paths are relative to rootDir)')
    .argument('<file>', 'the file to write')
    .action(async (file: string) => {
      const entries = await withStore(program.opts<GlobalFlags>(), (store) => [...store.entries()]);
      const content = encodeExport(entries);
      writeOutput(file, content);
      process.stdout.write(`Exported ${describeEntries(entries)} to ${file} (${(content.length / 1024).toFixed(1)} kB).\n`);
    });

  program
    .command('import')
    .description('replace the store with the export in FILE (from `jest-impact export`, possibly of another machine or checkout path)')
    .argument('<file>', 'a file written by `jest-impact export`')
    .action(async (file: string) => {
      const document = decodeExport(readInput(file), file);
      const { store } = await locateStore(program.opts<GlobalFlags>());
      ImpactStore.replaceWith(store, document.entries).close();
      process.stdout.write(`Imported ${describeEntries(document.entries)} into ${store}.\n`);
    });

  program
    .command('merge')
    .description('combine the exports of CI shards into one store: each test file as recorded last, sources that differ marked changed')
    .argument('<files...>', 'files written by `jest-impact export`')
    .option('--into <dir>', "store directory to write (default: this project's store)")
    .action(async (files: string[], flags: { into?: string }) => {
      const documents = files.map((file) => ({ file, document: decodeExport(readInput(file), file) }));
      const entries = mergeExports(documents);
      const into = flags.into ? path.resolve(flags.into) : (await locateStore(program.opts<GlobalFlags>())).store;
      ImpactStore.replaceWith(into, entries).close();
      process.stdout.write(`Merged ${plural(files.length, 'export')} into ${into}: ${describeEntries(entries)}.\n`);
    });

  program
    .command('reset')
    .description('delete the store; the next run records everything again')
    .action(async () => {
      const { store } = await locateStore(program.opts<GlobalFlags>());
      if (!fs.existsSync(databasePath(store))) {
        process.stdout.write(`No store at ${store}.\n`);
        return;
      }
      deleteDatabase(store);
      process.stdout.write(`Deleted the store at ${store}.\n`);
    });

  return program;
}

function readInput(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`Expected a readable export file at ${file}, got ${(error as Error).message}.`, 'Pass the path of a file written by `jest-impact export`.');
  }
}

/** Writes an output file, making its folder (`.jest-impact/shard-1.jri` in a fresh CI checkout). */
function writeOutput(file: string, content: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, content);
  } catch (error) {
    throw new UsageError(`Expected a writable file at ${file}, got ${(error as Error).message}.`, 'Pass a path in a folder this user can write to.');
  }
}

/** "3 test files (41 tests)" of a store's entries. */
function describeEntries(entries: Array<[key: string[], value: unknown]>): string {
  let files = 0;
  let tests = 0;
  for (const [key, value] of entries) {
    if (key[0] !== 'file') continue;
    files++;
    tests += (value as TestFileRecord).tests.length;
  }
  return `${plural(files, 'test file')} (${plural(tests, 'test')})`;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (!(error instanceof ImpactError)) throw error;
    process.stderr.write(`jest-impact: ${describeError(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main(process.argv);
