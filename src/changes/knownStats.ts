/**
 * Sizes and mtimes of files that another part of this run already read from disk (Jest's haste map
 * crawls every file of a project at the start of the run), by absolute path; undefined for a file it
 * does not know. Change detection uses them only to confirm that a file is unchanged.
 */
export type KnownStats = (file: string) => { size: number; mtimeMs: number } | undefined;

/**
 * Whether a known stat matches the recorded size and mtime. Jest keeps mtimes in whole milliseconds
 * (`Date#getTime()`), the store keeps `mtimeMs` with its fraction: within one millisecond is the same.
 */
export function knownUnchanged(known: KnownStats | undefined, file: string, recorded: { size: number; mtimeMs: number }): boolean {
  const stat = known?.(file);
  return stat !== undefined && recorded.size >= 0 && stat.size === recorded.size && Math.abs(stat.mtimeMs - recorded.mtimeMs) < 1;
}
