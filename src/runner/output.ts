import { describeError } from '../errors';

const PREFIX = 'jest-runner-impact:';

/** Writes one warning paragraph to stderr, where Jest writes its own diagnostics. */
export function warn(problem: unknown): void {
  process.stderr.write(`\n${PREFIX} ${describeError(problem)}\n`);
}

export function printSummary(lines: string[]): void {
  process.stderr.write(`\n${lines.join('\n')}\n`);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
