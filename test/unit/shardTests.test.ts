import { expect, test } from '@jest/globals';
import { shardTests, type ShardCandidate } from '../../src/select/shardTests';

const files: Array<ShardCandidate<string>> = [
  { item: 'slow', key: 'a', selected: true, durationMs: 900 },
  { item: 'mid1', key: 'b', selected: true, durationMs: 500 },
  { item: 'mid2', key: 'c', selected: true, durationMs: 400 },
  { item: 'fast', key: 'd', selected: true, durationMs: 100 },
  { item: 'new', key: 'e', selected: true, durationMs: 0 },
  { item: 'skip1', key: 'f', selected: false, durationMs: 700 },
  { item: 'skip2', key: 'g', selected: false, durationMs: 700 },
  { item: 'skip3', key: 'h', selected: false, durationMs: 700 },
];

test('selected files balance by duration, skipped files are dealt round-robin, every file in exactly one shard', () => {
  const shards = [1, 2, 3].map((index) => shardTests(files, index, 3));
  expect(shards).toEqual([
    ['slow', 'skip1'],
    // fast (100) joins the least loaded shard (mid2, 400); new then ties 500/500 and takes the first.
    ['mid1', 'new', 'skip2'],
    ['mid2', 'fast', 'skip3'],
  ]);
  expect(shards.flat().sort()).toEqual(files.map((file) => file.item).sort());
});

test('the assignment does not depend on the order the files come in', () => {
  const reversed = [...files].reverse();
  expect([1, 2].map((index) => shardTests(reversed, index, 2))).toEqual([1, 2].map((index) => shardTests(files, index, 2)));
});
