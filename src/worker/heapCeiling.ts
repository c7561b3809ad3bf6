import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Below this much used heap, V8's own collector decides alone. */
export const FLOOR_BYTES = 384 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let ceiling = FLOOR_BYTES;

const usedHeap = (): number => v8.getHeapStatistics().used_heap_size;

/**
 * Node's `gc()`: the process's own when it was started with --expose-gc, otherwise taken from a
 * context made while the flag is briefly on, so that the test environments made later do not get a
 * `gc` global they would not have had.
 */
export function garbageCollector(): (() => void) | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const exposed: unknown = vm.runInNewContext('gc');
    return typeof exposed === 'function' ? (exposed as () => void) : null;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * How far the used heap may grow past what the last forced collection kept. At 2x, runs on `large` that
 * kept 250-300 MB peaked at 1.5x plain Jest's RSS (benchmarks/RESULTS.md); each forced collection costs
 * 200-330 ms there.
 */
export const GROWTH_FACTOR = 1.5;

/** The used heap at which the next collection is forced: GROWTH_FACTOR times what the last one left, at least FLOOR_BYTES. */
export const nextCeiling = (liveBytes: number): number => Math.max(FLOOR_BYTES, GROWTH_FACTOR * liveBytes);

/**
 * Between two test files: full collections when the used heap passed the ceiling. Each test file
 * leaves a vm context with its instrumented modules, and one mark-compact does not always free a
 * detached context: a recording run, which allocates far less than plain Jest 30 and so collects far
 * less often, grew its heap to several times what full collections keep (benchmarks/RESULTS.md).
 */
export function collectAboveCeiling(): void {
  const before = usedHeap();
  if (before < ceiling) return;
  collect ??= garbageCollector();
  if (!collect) return;
  collect();
  // A context whose weak callback ran in this collection is freed by the next ones.
  if (usedHeap() > before / 2) {
    collect();
    collect();
  }
  ceiling = nextCeiling(usedHeap());
}
