import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { FixtureProject } from '../helpers/fixtureProject';
import { REPO_ROOT, WORK_DIR } from '../helpers/installs';
import { WatchSession } from '../helpers/watchSession';

const CART = 'test/cart.test.js';
const FORMAT = 'test/format.test.js';
/** Screenshots go into the README's images only when asked to (UPDATE_SCREENSHOTS=1). */
const SCREENSHOT = process.env['UPDATE_SCREENSHOTS'] === '1' ? path.join(REPO_ROOT, 'docs', 'images', 'report.png') : path.join(WORK_DIR, 'report.png');

/** Every source line's tests as the page lists them when the line is chosen: line -> test names. */
async function testsPerLine(page: Page): Promise<Record<number, string[]>> {
  const lines = await page.$$eval('table.code tr.hit', (rows) => rows.map((row) => Number(row.getAttribute('data-line'))));
  const found: Record<number, string[]> = {};
  for (const line of lines) {
    await page.click(`#L${line} td.code-text`);
    await page.waitForSelector(`[data-chosen-line="${line}"]`);
    found[line] = await page.$$eval('#line-test-list li a', (links) => links.map((link) => link.textContent ?? ''));
  }
  return found;
}

/** The sources and lines the test view lists, its own and its file's load lines together: source -> lines. */
async function linesOfTestView(page: Page): Promise<Record<string, number[]>> {
  const pairs = await page.$$eval('#test-lines li, #load-lines li', (items) => items.map((item) => [item.getAttribute('data-source') ?? '', item.getAttribute('data-lines') ?? ''] as const));
  const lines: Record<string, Set<number>> = {};
  for (const [source, list] of pairs) for (const line of list.split(',')) (lines[source] ??= new Set()).add(Number(line));
  return Object.fromEntries(Object.entries(lines).map(([source, set]) => [source, [...set].sort((a, b) => a - b)]));
}

describe('jest-impact report and the live view, in headless Chromium', () => {
  const project = new FixtureProject('report', 'jest30');
  let browser: Browser;
  let session: WatchSession | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    session?.close();
    await browser?.close();
    project.remove();
  });

  test('the static report: a line lists exactly the tests `why` lists, a test lists its lines, a changed line lists what the next run selects', async () => {
    project.commitAll('fixture');
    expect(project.jestImpact().status).toBe(0);
    // An edit inside withTax, not run yet: the report marks it and says what it selects.
    project.write('src/cart.js', project.read('src/cart.js').replace('amount * (1 + TAX_RATE)', '(1 + TAX_RATE) * amount'));
    const out = project.file('impact-report');
    const written = project.cli(['report', '--out', out]);
    expect(written.stderr).toBe('');
    expect(written.stdout).toMatch(
      new RegExp(`^Wrote the impact report of 2 source files and 2 test files \\(5 tests\\) to impact-report in \\d+\\.\\d s: open ${pathToFileURL(path.join(out, 'index.html')).href}\\n$`),
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await page.waitForSelector('body[data-view="index"]');
    expect((await page.textContent('#last-run'))?.replace(/\s+/g, ' ').trim()).toMatch(
      /^Mode only, .+: 2 test files \(5 tests\) ran\.Every test file ran: first run: no store yet\.Impact: recorded 2 test files \(5 tests\) of 2 into node_modules\/\.cache\/jest-runner-impact \(first run: no store yet\)\.$/,
    );
    // Per source: its executed lines and the tests that reach it, as `why` counts them.
    const counted = (source: string) => {
      const lines = project.why(source);
      return `${Object.keys(lines).length}|${new Set(Object.values(lines).flat()).size}|`;
    };
    const sourceRows = await page.$$eval('#sources tbody tr', (rows) => rows.map((row) => Array.from(row.children as unknown as ArrayLike<{ textContent: string | null }>, (cell) => (cell.textContent ?? '').trim()).join('|')));
    expect(sourceRows).toEqual([
      `src/cart.jschanged|${counted('src/cart.js')}`,
      `src/format.js|${counted('src/format.js')}`,
    ]);
    expect(await page.$$eval('#test-files tbody tr', (rows) => rows.map((row) => row.getAttribute('data-test-file')))).toEqual([CART, FORMAT]);
    // Non-instrumented dependencies: the JSON file cart.js loads (every test), and the snapshot files Jest looks for (as `why` lists them).
    expect(await page.$$eval('#dependencies tr', (rows) => rows.map((row) => `${row.getAttribute('data-dependency')}: ${row.querySelector('summary')?.textContent}`))).toEqual([
      'src/prices.json: read by 5 tests',
      'test/__snapshots__/cart.test.js.snap: read by 3 tests',
      'test/__snapshots__/format.test.js.snap: read by 2 tests',
    ]);
    const affected = JSON.parse(project.cli(['affected', '--json']).stdout) as { files: Array<{ testPath: string; tests: string[]; reasons: string[] }> };
    expect(affected.files.map((file) => [file.testPath, file.reasons])).toEqual([[CART, ['src/cart.js:18 changed']]]);
    expect((await page.textContent('#next-run'))?.replace(/\s+/g, ' ').trim()).toBe(`1 of 2 test files would run: 1 changed line in 1 file.${CART} (3 tests)because src/cart.js:18 changed`);

    // Every executed line of both sources lists exactly what `jest-impact why` prints for it.
    for (const source of ['src/format.js', 'src/cart.js']) {
      await page.click(`#sources a:text-is("${source}")`);
      await page.waitForSelector('body[data-view="source"]');
      expect(await testsPerLine(page)).toEqual(project.why(source));
      await page.goBack();
      await page.waitForSelector('body[data-view="index"]');
    }

    // The changed line is marked, with the test the next run selects for it.
    await page.click('#sources a:text-is("src/cart.js")');
    await page.waitForSelector('body[data-view="source"]');
    expect(await page.$$eval('tr.changed', (rows) => rows.map((row) => Number(row.getAttribute('data-line'))))).toEqual([18]);
    expect((await page.textContent('#change > :first-child, #change'))?.replace(/\s+/g, ' ').trim()).toMatch(
      /^Changed since the recorded run: line 18 now \(recorded line 18\)\. The next run selects 3 tests for it:/,
    );
    // The same tests as `jest-impact affected`, each with its reason.
    expect(await page.$$eval('#change li', (items) => items.map((item) => `${item.querySelector('a')?.textContent} ${item.querySelector('.reason')?.textContent}`))).toEqual(
      affected.files.flatMap((file) => file.tests.map((id) => `${file.testPath} › ${id} because ${file.reasons[0]}`)),
    );

    // A test's page: its lines, and its file's load lines, are exactly the lines whose `why` names it.
    await page.click('#L10 td.code-text');
    await page.click(`#line-tests a:text-is("${FORMAT} › prints a receipt of the cart")`);
    await page.waitForSelector('body[data-view="test"]');
    expect(await page.textContent('#test-name')).toBe(`${FORMAT} › prints a receipt of the cart`);
    const expected: Record<string, number[]> = {};
    for (const source of ['src/cart.js', 'src/format.js']) {
      const lines = Object.entries(project.why(source))
        .filter(([, tests]) => tests.includes(`${FORMAT} › prints a receipt of the cart`))
        .map(([line]) => Number(line));
      if (lines.length > 0) expected[source] = lines;
    }
    expect(await linesOfTestView(page)).toEqual(expected);
    expect(await page.$$eval('#test-lines li', (items) => items.map((item) => item.getAttribute('data-source')))).toEqual(['src/cart.js', 'src/format.js']);

    // The README's picture: the source view with a line chosen.
    await page.goto(`${pathToFileURL(path.join(out, 'index.html')).href}#/source/0/11`);
    await page.waitForSelector('[data-chosen-line="11"]');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('live: under jest --watch a save shows the new run on the open page, its selection, then its results within 2 s of the run', async () => {
    const watch = new WatchSession(project, ['--watch', '--runner=jest-runner-impact'], { JEST_IMPACT_LIVE: 'true' });
    session = watch;
    // The first run (src/cart.js differs from git HEAD) prints the address once.
    await watch.run();
    const address = /Impact live view: (http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/) \(follows every run of this watch session\)/.exec(watch.screen)?.[1];
    expect(address).toBeDefined();

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(address!);
    await page.waitForSelector('#live.connected');
    // What the page shows, and when, as the pushed messages arrive.
    await page.evaluate(`
      window.seen = [];
      new MutationObserver(() => {
        const key = document.body.getAttribute('data-live-run') + ':' + document.body.getAttribute('data-live-state');
        if (window.seen.length === 0 || window.seen[window.seen.length - 1][0] !== key) {
          window.seen.push([key, Date.now(), document.getElementById('live-run').textContent]);
        }
      }).observe(document.body, { attributes: true, subtree: true, childList: true });
    `);

    const edit = await watch.run(() => project.write('src/format.js', project.read('src/format.js').replace('toFixed(2)', 'toFixed(3)')));
    const editEnd = Date.now();
    // Jest hands over both test files (both relate to files that differ from git HEAD); the runner runs one.
    expect(edit.impact[0]).toBe('Impact: 1 of 2 test files (2 of 5 tests) touches 1 changed line in 1 file; 1 file skipped.');
    await page.waitForSelector('body[data-live-run="2"][data-live-state="finished"]', { timeout: 2000 });
    const seen = (await page.evaluate('window.seen')) as Array<[string, number, string]>;
    const states = seen.map(([key]) => key);
    expect(states.slice(states.indexOf('2:running'))).toEqual(['2:running', '2:finished']);
    const [, runningAt, runningText] = seen.find(([key]) => key === '2:running')!;
    expect(runningText.replace(/\s+/g, ' ')).toContain(`1 of 2 test files selected (1 changed line in 1 file); 1 file skipped.${FORMAT} because src/format.js:2 changed`);
    const [, finishedAt] = seen.find(([key]) => key === '2:finished')!;
    expect(runningAt).toBeLessThanOrEqual(finishedAt);
    expect(finishedAt - editEnd).toBeLessThanOrEqual(2000);
    expect(await page.$$eval('#live-results li', (items) => items.map((item) => (item.textContent ?? '').replace(/ \d+ ms$/, '')))).toEqual([
      `failed ${FORMAT} 0 passed tests, 2 failed tests,`,
    ]);
        expect(errors).toEqual([]);
    expect(await watch.quit()).toBe(0);
  });

  test('live: a port in use is one paragraph that names the fix, and the watch runs its tests as usual', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const watch = new WatchSession(project, ['--watchAll', '--runner=jest-runner-impact'], { JEST_IMPACT_LIVE: String(port) });
      session = watch;
      // The first run of --watchAll reruns the two tests that failed at the end of the last test.
      const first = await watch.run();
      expect([first.json.numFailedTests, first.json.numPendingTests, first.json.numTotalTests]).toEqual([2, 3, 5]);
      expect(watch.screen.replace(/\s*\n\s*/g, ' ')).toContain(
        `jest-runner-impact: Expected to serve the live view on 127.0.0.1:${port}, but another program listens on that port. Set the "live" option (JEST_IMPACT_LIVE) to true to pick a free port, or to another port number. This run went on without the live view. [E_LIVE]`,
      );
      expect(watch.screen).not.toContain('Impact live view:');
      expect(await watch.quit()).toBe(0);
    } finally {
      blocker.close();
    }
  });
});
