import * as vm from 'node:vm';
import { describe, expect, test } from '@jest/globals';
import { FLOOR_BYTES, garbageCollector, nextCeiling } from '../../src/worker/heapCeiling';

describe('the heap ceiling of a recording worker', () => {
  test('the collector is a real full collection, and contexts made afterwards get no gc global', async () => {
    const hadGc = vm.runInNewContext('typeof gc');
    const collect = garbageCollector();
    expect(collect).toEqual(expect.any(Function));
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ payload: new Array(1000).fill(0) });
    })();
    // A WeakRef's target is kept until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collect!();
    expect(ref!.deref()).toBeUndefined();
    expect(vm.runInNewContext('typeof gc')).toBe(hadGc);
  });

  test('the next ceiling is 1.5 times what the collection kept, never under the floor', () => {
    expect(nextCeiling(100 * 1024 * 1024)).toBe(FLOOR_BYTES);
    expect(nextCeiling(300 * 1024 * 1024)).toBe(450 * 1024 * 1024);
  });
});
