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

test('selected files balance by duration, skipped files go to the shards with fewest files, every file in exactly one shard', () => {
  const shards = [1, 2, 3].map((index) => shardTests(files, index, 3));
  expect(shards).toEqual([
    // Skipped files go to the shard with fewest files: slow's (1 file), then the first of three ties, then
    // the first of the two left with 2.
    ['slow', 'skip1', 'skip2'],
    // fast (100) joins the least loaded shard (mid2, 400); new then ties 500/500 and takes the first.
    ['mid1', 'new', 'skip3'],
    ['mid2', 'fast'],
  ]);
  expect(shards.flat().sort()).toEqual(files.map((file) => file.item).sort());
});

test('the assignment does not depend on the order the files come in', () => {
  const reversed = [...files].reverse();
  expect([1, 2].map((index) => shardTests(reversed, index, 2))).toEqual([1, 2].map((index) => shardTests(files, index, 2)));
});

test('a shard that gets no impacted file gets a skipped one to report', () => {
  const few: Array<ShardCandidate<string>> = [
    { item: 'impacted', key: 'a', selected: true, durationMs: 100 },
    { item: 'skip1', key: 'b', selected: false, durationMs: 100 },
    { item: 'skip2', key: 'c', selected: false, durationMs: 100 },
  ];
  expect([1, 2, 3].map((index) => shardTests(few, index, 3))).toEqual([['impacted'], ['skip1'], ['skip2']]);
});
