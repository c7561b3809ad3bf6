/** One test file a run selected, with the tests it ran (all, or these ids) and why. */
export interface SelectedFile {
  project: string;
  testPath: string;
  all: boolean;
  tests: string[];
  reasons: string[];
}

/**
 * What the last run selected and why, as the report shows it (`jest-impact report`, the live view).
 * Kept apart from the meta record, which every run decodes while it plans.
 */
export interface RunSelection {
  mode: string;
  /** Why every test ran, when it did. */
  fullRunReason?: string;
  /** Test files Jest handed to the runner; of those, how many the selection skipped. */
  candidateFiles: number;
  skippedFiles: number;
  changedLines: number;
  changedFiles: number;
  /** Selected files in run order (a full run lists none). */
  files: SelectedFile[];
  /** The runner's summary block, as printed. */
  summary: string[];
}

export const RUN_SELECTION_KEY = ['runSelection'];
