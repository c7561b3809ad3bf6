/** One test file as the shard assignment sees it. */
export interface ShardCandidate<T> {
  item: T;
  /** Stable across machines: project and rootDir-relative path. */
  key: string;
  selected: boolean;
  /** Recorded duration; 0 for a file never recorded. */
  durationMs: number;
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The files of shard `shardIndex` (1-based, as in `jest --shard=i/n`). Selected files are balanced by
 * recorded duration (longest first, each to the least loaded shard); files the selection skips go one
 * by one to the shard with the fewest files, so that a shard with no impacted file still gets a file to
 * report (Jest fails a shard that has no test file) and every shard reports its share as skipped.
 * Depends only on its input, so every shard computes the same assignment from the same store.
 */
export function shardTests<T>(candidates: Array<ShardCandidate<T>>, shardIndex: number, shardCount: number): T[] {
  const loads = new Array<number>(shardCount).fill(0);
  const counts = new Array<number>(shardCount).fill(0);
  const mine: T[] = [];
  const assign = (candidate: ShardCandidate<T>, shard: number) => {
    counts[shard]! += 1;
    if (shard === shardIndex - 1) mine.push(candidate.item);
  };
  const selected = candidates.filter((candidate) => candidate.selected).sort((a, b) => b.durationMs - a.durationMs || byKey(a, b));
  for (const candidate of selected) {
    let shard = 0;
    for (let i = 1; i < shardCount; i++) if (loads[i]! < loads[shard]!) shard = i;
    // A file without a recorded duration still counts, so that new files spread out too.
    loads[shard]! += Math.max(candidate.durationMs, 1);
    assign(candidate, shard);
  }
  for (const candidate of candidates.filter((candidate) => !candidate.selected).sort(byKey)) {
    let shard = 0;
    for (let i = 1; i < shardCount; i++) if (counts[i]! < counts[shard]!) shard = i;
    assign(candidate, shard);
  }
  return mine;
}
