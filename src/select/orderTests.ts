import type { FileSelection } from './selectTests';

/**
 * Impacted files first: those that failed or errored last time, then those whose tests touch the most
 * changed lines, then the fastest (recorded duration). Ties keep Jest's order.
 */
export function compareSelected(a: FileSelection, b: FileSelection): number {
  if (a.failedBefore !== b.failedBefore) return a.failedBefore ? -1 : 1;
  if (a.touchedLines !== b.touchedLines) return b.touchedLines - a.touchedLines;
  return a.durationMs - b.durationMs;
}

/** Stable sort of items by their selection, items without one last in their original order. */
export function orderBySelection<T>(items: T[], selectionOf: (item: T) => FileSelection | undefined): T[] {
  return items
    .map((item, index) => ({ item, index, selection: selectionOf(item) }))
    .sort((a, b) => {
      if (a.selection && b.selection) return compareSelected(a.selection, b.selection) || a.index - b.index;
      if (a.selection || b.selection) return a.selection ? -1 : 1;
      return a.index - b.index;
    })
    .map(({ item }) => item);
}
