/** Why a test file or test was selected: the rule of DESIGN.md §4 and the change behind it. */
export type Reason =
  | { rule: 'new-test-file' }
  | { rule: 'unrecorded' }
  | { rule: 'errored'; detail: string }
  | { rule: 'failed' }
  | { rule: 'dirty' }
  | { rule: 'always-run' }
  | { rule: 'no-recorded-coverage' }
  | { rule: 'test-file-changed' }
  | { rule: 'dependency-changed'; file: string; detail: string }
  | { rule: 'source-unreadable'; source: string; detail: string }
  | { rule: 'module-code-changed'; source: string; lines: number[]; child?: boolean }
  | { rule: 'lines-changed'; source: string; lines: number[]; child?: boolean };

function lineRanges(lines: number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

export function describeReason(reason: Reason): string {
  switch (reason.rule) {
    case 'new-test-file':
      return 'new test file';
    case 'unrecorded':
      return 'its test framework is not recorded';
    case 'errored':
      return `errored last run (${reason.detail})`;
    case 'failed':
      return 'failed last run';
    case 'dirty':
      return 'impacted by an earlier change, and has not completed since';
    case 'always-run':
      return 'alwaysRun';
    case 'no-recorded-coverage':
      return 'coverage is on and the store has no coverage recorded for it';
    case 'test-file-changed':
      return 'test file changed';
    case 'dependency-changed':
      return reason.detail;
    case 'source-unreadable':
      return `${reason.source} ${reason.detail}`;
    case 'module-code-changed':
      return `${reason.source}:${lineRanges(reason.lines)} changed module-level code${reason.child ? ' run in a child process' : ''}`;
    case 'lines-changed':
      return `${reason.source}:${lineRanges(reason.lines)} changed${reason.child ? ' (run in a child process)' : ''}`;
  }
}
