import * as fs from 'node:fs';
import { describeError } from '../errors';

const PREFIX = 'jest-runner-impact:';

export type StderrWrite = (text: string) => void;

const toStderr: StderrWrite = (text) => {
  process.stderr.write(text);
};

/**
 * For the process 'exit' path: Jest's exit() (exit-x, used on --bail) replaces process.stderr.write
 * with a no-op before it exits, so write to the file descriptor directly.
 */
export const toStderrDirect: StderrWrite = (text) => {
  fs.writeSync(2, text);
};

/** Writes one warning paragraph to stderr, where Jest writes its own diagnostics. */
export function warn(problem: unknown, write: StderrWrite = toStderr): void {
  write(`\n${PREFIX} ${describeError(problem)}\n`);
}

export function printSummary(lines: string[], write: StderrWrite = toStderr): void {
  write(`\n${lines.join('\n')}\n`);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
