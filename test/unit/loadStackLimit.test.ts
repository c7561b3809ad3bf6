import { describe, expect, test } from '@jest/globals';
import { raiseLoadStackLimit } from '../../src/worker/loadStackLimit';

/** A test environment's global with its own Error, as a vm context has. */
const environmentWith = (stackTraceLimit: unknown) => ({ Error: { stackTraceLimit } });

// Called as the framework wrapper: from a unit test, no caller is a frame of the built runner.
function wrapper(environment: Record<string, unknown>, between: number) {
  return raiseLoadStackLimit(environment, wrapper, between);
}

describe("the test environment's stack limit while a file loads", () => {
  test('is raised by the wrapper and the frames between it and the framework, then put back', () => {
    const environment = environmentWith(10);
    const limit = wrapper(environment, 1);
    expect(environment.Error.stackTraceLimit).toBe(12);
    limit.restore();
    expect(environment.Error.stackTraceLimit).toBe(10);
  });

  test('a limit the test code set while loading is kept', () => {
    const environment = environmentWith(10);
    const limit = wrapper(environment, 1);
    environment.Error.stackTraceLimit = 50;
    limit.restore();
    expect(environment.Error.stackTraceLimit).toBe(50);
  });

  test('restoring twice (run_start, then the end of the file) restores once', () => {
    const environment = environmentWith(10);
    const limit = wrapper(environment, 0);
    limit.restore();
    environment.Error.stackTraceLimit = 11;
    limit.restore();
    expect(environment.Error.stackTraceLimit).toBe(11);
  });

  test.each([[Infinity], [undefined], ['10']])('a limit of %p is left alone', (value) => {
    const environment = environmentWith(value);
    wrapper(environment, 1).restore();
    expect(environment.Error.stackTraceLimit).toBe(value);
    const unchanged = environmentWith(value);
    wrapper(unchanged, 1);
    expect(unchanged.Error.stackTraceLimit).toBe(value);
  });
});
