import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { FixtureProject } from '../helpers/fixtureProject';
import { installDir, type InstallName } from '../helpers/installs';

/**
 * What a user reads, with what differs by design left out: the runner's own Impact block, and the
 * timings. Files are compared as blocks in a fixed order (Jest orders a run by what its cache knows).
 */
function comparable(output: string): string[] {
  const lines = output.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('Impact: ')) {
      while (i + 1 < lines.length && lines[i + 1]!.startsWith('  ')) i++;
      continue;
    }
    kept.push(lines[i]!.replace(/^Time:.*$/, 'Time: (masked)').replace(/\(\d+(\.\d+)? ?m?s\)/g, '(masked)'));
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .split(/\n(?=(?:PASS|FAIL) |Test Suites:)/)
    .sort();
}

/** The test files of an in-band run, in the order they ran. */
function fileOrder(output: string): string[] {
  return [...output.matchAll(/^(?:PASS|FAIL) (\S+)/gm)].map((match) => match[1]!);
}

// On Jest 27 the default runner prints two of Jest's scheduler frames for a file that fails to load: the
// stack of that error must not lose them to the runner's own frames (worker/loadStackLimit.ts). Whether
// V8's async stack reaches the scheduler there depends on the file's place in an in-band run (only the
// last file's does), so the selected run, which orders the files itself, is compared with the default
// runner given the same order.
/**
 * The trimmed source maps (worker/trimmedSourceMaps.ts) made for one source: each is named as the map in
 * Jest's transform cache, whose code beside it names the source it was made from.
 */
function trimmedMapsOf(install: InstallName, source: string): string[] {
  const cache = path.join(installDir(install), '.jest-cache');
  const trimmed = path.join(cache, 'jest-runner-impact-maps');
  const transformCaches = fs.readdirSync(cache).filter((name) => name.startsWith('jest-transform-cache-'));
  const base = path.basename(source, path.extname(source));
  return (fs.existsSync(trimmed) ? fs.readdirSync(trimmed) : []).filter((name) => {
    const match = new RegExp(`^${base}_([0-9a-f]+)\\.map$`).exec(name);
    if (!match) return false;
    const code = transformCaches.map((dir) => path.join(cache, dir, match[1]!.slice(0, 2), name.slice(0, -'.map'.length))).find((file) => fs.existsSync(file));
    return code !== undefined && fs.readFileSync(code, 'utf8').includes(JSON.stringify(source));
  });
}

describe.each<InstallName>(['jest30', 'jest29', 'jest28', 'jest27'])('failure output under the runner on %s', (install) => {
  const project = new FixtureProject('failures', install);
  afterAll(() => project.remove());

  test('is what the default runner prints: messages, code frames, stack frames and paths', () => {
    const plain = project.jest(['--runInBand']);
    const recording = project.jestImpact(['--runInBand']);
    const selected = project.jestImpact(['--runInBand']);
    expect(plain.status).toBe(1);
    // The frame line after the code frame differs between Jest versions; the runners must agree on it.
    expect(comparable(plain.stderr).join('\n')).toContain(
      [
        'FAIL test/hook.test.js',
        '  ● never runs',
        '',
        '    the empty sum is not 0',
        '',
        '      2 |',
        '      3 | beforeAll(() => {',
        "    > 4 |   if (sum([]) !== 0) throw new Error('the empty sum is not 0');",
        '        |                            ^',
        '      5 | });',
        '      6 |',
        "      7 | test('never runs', () => {",
        '',
      ].join('\n'),
    );
    expect(recording.stderr).not.toContain('jest-runner-impact/');
    expect(comparable(recording.stderr)).toEqual(comparable(plain.stderr));
    // The frames in src/sum.js were mapped through its map without istanbul's coverage function
    // (worker/trimmedSourceMaps.ts), and still read as the default runner's.
    expect(trimmedMapsOf(install, path.join(project.dir, 'src', 'sum.js'))).toHaveLength(1);
    // The next run selects the failed files again (failed first, fastest first): the same output as the
    // default runner running them in that order.
    const order = fileOrder(selected.stderr);
    expect([...order].sort()).toEqual(['test/assertions.test.js', 'test/hook.test.js', 'test/load.test.js']);
    const plainInOrder = project.jest(['--runInBand', '--testSequencer=./fileOrderSequencer.js'], { FIXTURE_FILE_ORDER: order.join(',') });
    expect(fileOrder(plainInOrder.stderr)).toEqual(order);
    expect(comparable(selected.stderr)).toEqual(comparable(plainInOrder.stderr));
    expect([recording.status, selected.status]).toEqual([1, 1]);
  });
});
