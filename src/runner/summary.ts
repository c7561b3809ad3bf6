import { describeReason } from '../select/reasons';
import type { Selection } from '../select/selectTests';
import { plural } from './output';
import type { RecordingTotals } from './runRecorder';

export interface SummaryInput {
  mode: string;
  /** Why every test ran, or undefined for a selected run. */
  fullRunReason?: string;
  selection?: Selection;
  totals: RecordingTotals;
  /** Test files Jest handed to the runner, and how many of them the selection chose. */
  candidateFiles: number;
  selectedFiles: number;
  /** Tests known in the candidate files after the run (recorded or new). */
  knownTests: number;
  storeLocation: string;
  /** Files changed only in comments or formatting since the last run. */
  formattingOnly?: string[];
}

const MAX_DETAILS = 8;

function detailLines(selection: Selection): string[] {
  const byCause = new Map<string, Set<string>>();
  for (const file of selection.files.values()) {
    for (const reason of file.reasons) {
      const cause = describeReason(reason);
      if (!byCause.has(cause)) byCause.set(cause, new Set());
      byCause.get(cause)!.add(file.testPath);
    }
  }
  const lines = [...byCause].slice(0, MAX_DETAILS).map(([cause, files]) => {
    const [first] = files;
    return files.size === 1 ? `  ${cause} -> ${first}` : `  ${cause} -> ${plural(files.size, 'test file')}`;
  });
  if (byCause.size > MAX_DETAILS) lines.push(`  ... and ${byCause.size - MAX_DETAILS} more causes (jest-impact affected --explain lists them all)`);
  return lines;
}

/** "src/a.js", "src/a.js and src/b.js", or "src/a.js and 2 more files". */
export function formattingOnlyText(files: string[]): string {
  if (files.length <= 2) return files.join(' and ');
  return `${files[0]} and ${files.length - 1} more files`;
}

/** The runner's block of output (DESIGN.md §1): what was selected and why, and what was recorded. */
export function summaryLines(input: SummaryInput): string[] {
  const { totals, selection } = input;
  const errored =
    totals.erroredFiles === 1
      ? ['  1 test file failed to run: it kept its last records, and runs again next time.']
      : totals.erroredFiles > 1
        ? [`  ${totals.erroredFiles} test files failed to run: they kept their last records, and run again next time.`]
        : [];
  if (input.fullRunReason || !selection) {
    return [
      `Impact: recorded ${plural(totals.testFiles, 'test file')} (${plural(totals.tests, 'test')}) of ${input.candidateFiles} into ${input.storeLocation} (${input.fullRunReason ?? 'full run'}).`,
      ...errored,
    ];
  }
  const one = input.selectedFiles === 1;
  const what =
    selection.changedLines > 0
      ? `${one ? 'touches' : 'touch'} ${plural(selection.changedLines, 'changed line')} in ${plural(selection.changedFiles, 'file')}`
      : selection.files.size > 0
        ? `${one ? 'is' : 'are'} impacted`
        : input.formattingOnly && input.formattingOnly.length > 0
          ? `run: ${formattingOnlyText(input.formattingOnly)} changed only in comments or formatting: no test to run`
          : 'run: nothing changed since the last run';
  const rest = input.candidateFiles - input.selectedFiles;
  const head =
    input.mode === 'first'
      ? `Impact: ${input.selectedFiles} of ${plural(input.candidateFiles, 'test file')} ${what} and ran first${rest > 0 ? `; then the other ${plural(rest, 'file')} ran` : ''}.`
      : `Impact: ${input.selectedFiles} of ${plural(input.candidateFiles, 'test file')} (${totals.tests} of ${plural(input.knownTests, 'test')}) ${what}; ${plural(rest, 'file')} skipped.`;
  const coverage =
    totals.coverageOfSkipped > 0 ? [`  The coverage report includes the recorded coverage of ${plural(totals.coverageOfSkipped, 'skipped test file')}.`] : [];
  return [head, ...detailLines(selection), ...coverage, ...errored];
}
