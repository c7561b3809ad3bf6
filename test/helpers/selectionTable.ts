import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { create, failedToRun, insertAfter, insertBefore, remove, rename, replace, sorted, summaryLine, testsThatRan, type Edit } from './editTable';
import { FixtureProject } from './fixtureProject';
import type { InstallName } from './installs';

/**
 * Impact selection, edit by edit (issue 3, DESIGN.md §4). The `edits` fixture is recorded once in `all`
 * mode; every case then starts from a fresh copy of that recorded directory, applies its edits, runs the
 * default runner to learn which tests fail, and runs `jest --runner=jest-runner-impact` in `only` mode at
 * `file` and at `test` granularity. Each run must execute every failing test (safety) and exactly the
 * expected tests (precision). The expected sets are derived from the rules and the fixture's code:
 *
 *   app/                      Jest rootDir (the Jest config is in the fixture's package.json, one level up)
 *     src/prices.js           CATALOG, TAX_RATE; roundCents (a one-line arrow function); priceOf (branch: unknown item), withTax
 *     src/discounts.js        THRESHOLD; discountFor (member / large guest / small guest), couponValue (switch)
 *     src/cart.js             requires prices and discounts; createCart, addItem, subtotal, total
 *     src/lines.js            invoiceLines, required by invoice.js only
 *     src/invoice.js          requires ../../shared/format (outside rootDir), clock, cart, lines
 *     src/clock.js            now(); src/__mocks__/clock.js is its manual mock (receipt.test.js)
 *     src/zones.js            ZONES; zoneOf, isEuropean
 *     src/shipping.js         requires rates.json and zones; FREE_ABOVE; shippingCost
 *     src/rates.json          a JSON fixture required by shipping.js
 *     src/geometry.bundle.js  bundles parts/area.js and parts/perimeter.js (tools/bundle-transformer.js)
 *     src/currency.js         DEFAULT_CURRENCY; currency() (currency.test.js requires it inside its tests)
 *     test/setup.js           setupFiles
 *     test/helpers/builders.js  cartWith, memberCart (a test helper: instrumented, recorded per line)
 *     test/*.test.js          9 test files, 33 tests
 *   shared/format.js          formatMoney, outside rootDir
 *
 * Who loads what: cart.js is loaded by cart, invoice and receipt tests (through builders.js and invoice.js);
 * prices.js and discounts.js by those and by their own test files; zones.js by shipping and interrupt tests.
 *
 * Each case gets a fresh copy of the recorded directory at the recorded path (a developer's checkout stays
 * where it is; the last test checks a copy in another directory separately). Readings of the rules:
 * - rule 3 at `test` granularity: a change inside a test (a literal title, as a statement of the file or of a
 *   describe with a literal title) runs that test; a change anywhere else in a test file runs all of it.
 * - rule 5: a line inserted in a function body (or a changed parameter list) counts for the whole function;
 *   an edit inside a one-line function body counts for that function, even on a line of module-level code.
 * - rules 6 and 8 at `test` granularity: every test of the files that loaded the module or the file.
 * - rule 2: a test file whose last run errored runs whole, even when it is back to its recorded content.
 */

const ROOT_DIR = 'app';

const CART = 'test/cart.test.js';
const PRICES = 'test/prices.test.js';
const DISCOUNTS = 'test/discounts.test.js';
const SHIPPING = 'test/shipping.test.js';
const INVOICE = 'test/invoice.test.js';
const RECEIPT = 'test/receipt.test.js';
const GEOMETRY = 'test/geometry.test.js';
const INTERRUPT = 'test/interrupt.test.js';
const CURRENCY = 'test/currency.test.js';

/** Every test of the recorded fixture, as `describe › title` per test file. */
const FIXTURE_TESTS: Record<string, string[]> = {
  [CART]: [
    'addItem › adds a new line',
    'addItem › merges the same item',
    'totals › subtotal sums prices',
    'totals › guest total adds tax',
    'totals › member total is discounted',
  ],
  [PRICES]: ['price of a known item', 'unknown items throw', 'withTax › adds the tax rate', 'withTax › rounds to whole cents', 'withTax › exposes the rate'],
  [DISCOUNTS]: [
    'discountFor › members get ten percent',
    'discountFor › large guest orders get a flat discount',
    'discountFor › small guest orders pay full price',
    'couponValue › HALF is worth a half',
    'couponValue › TENTH is worth a tenth',
    'couponValue › unknown codes are worth nothing',
  ],
  [SHIPPING]: ['free above the threshold', 'by zone › domestic is flat', 'by zone › europe is per kilo', 'by zone › world is per kilo'],
  [INVOICE]: ['lists quantities and items', 'renders totals in euros', 'renders totals in dollars'],
  [RECEIPT]: ['dates the receipt with the clock', 'a member receipt'],
  [GEOMETRY]: ['area › of a rectangle', 'area › of a circle', 'perimeter › of a rectangle', 'perimeter › of a circle'],
  [INTERRUPT]: ['neighbours are european', 'far countries are not'],
  [CURRENCY]: ['the default currency', 'an explicit currency'],
};

/** Recorded tests of one file, by title; a typo fails loudly instead of expecting a test that does not exist. */
function tests(file: string, ...titles: string[]): string[] {
  return titles.map((title) => {
    if (!FIXTURE_TESTS[file]?.includes(title)) throw new Error(`The fixture has no test "${title}" in ${file}.`);
    return `${file} › ${title}`;
  });
}

/** Tests that an edit adds (not in the recording). */
function added(file: string, ...titles: string[]): string[] {
  return titles.map((title) => `${file} › ${title}`);
}

/** Every recorded test of the given files. */
function all(...files: string[]): string[] {
  return files.flatMap((file) => tests(file, ...FIXTURE_TESTS[file]!));
}

const EVERY_TEST = all(...Object.keys(FIXTURE_TESTS));
const NOTHING: string[] = [];

// ---------------------------------------------------------------------------------------------------
// The table.

interface Step {
  edits: Edit[];
  /** Tests failing with Jest's default runner after the edits: checks the fixture, and feeds the safety check. */
  fails: string[];
  /** Exactly the tests the impact run must execute, at `file` and at `test` granularity. */
  file: string[];
  test: string[];
  /** Arguments and environment of the impact runs only (not of the default runner's run). */
  args?: string[];
  env?: Record<string, string>;
  /** The impact run kills its own Jest process (an interrupted run): there is no report to compare. */
  killsRun?: boolean;
  /** The `Impact:` summary line, per granularity. */
  summary?: { file: RegExp; test: RegExp };
}

export interface EditCase {
  name: string;
  steps: Step[];
  /** Runs on Jest 29 and later only: the case forces workers with --workerIdleMemoryLimit, new in Jest 29. */
  jest29AndLater?: boolean;
}

const SRC = `${ROOT_DIR}/src`;
const TEST = `${ROOT_DIR}/test`;

/** Interrupting a run: interrupt.test.js SIGKILLs the process that runs it when EDITS_KILL=1. */
const KILL = { EDITS_KILL: '1' };
/** workerIdleMemoryLimit keeps Jest from running a small suite in band: the file dies in a worker. */
const IN_WORKERS = ['--maxWorkers=2', '--workerIdleMemoryLimit=1GB'];

export const CASES: EditCase[] = [
  {
    name: 'rule 5: a changed line inside one branch runs the one test that took it, and the summary says so',
    steps: [
      {
        edits: [replace(`${SRC}/discounts.js`, '    return 50;', '    return 60;')],
        fails: tests(DISCOUNTS, 'discountFor › large guest orders get a flat discount'),
        file: all(DISCOUNTS),
        test: tests(DISCOUNTS, 'discountFor › large guest orders get a flat discount'),
        summary: {
          // At file granularity the 6 tests of the file run; the summary may count the 1 impacted test or the 6.
          file: /^Impact: 1 of 9 test files \((1|6) of 33 tests\) touches 1 changed line in 1 file; 8 files skipped\.$/,
          test: /^Impact: 1 of 9 test files \(1 of 33 tests\) touches 1 changed line in 1 file; 8 files skipped\.$/,
        },
      },
    ],
  },
  {
    name: 'rule 5: a line inserted in a function body runs the tests that executed the function',
    steps: [
      {
        edits: [insertAfter(`${SRC}/cart.js`, '  let sum = 0;\n', "  if (cart.customer.kind === 'member') sum += 10;\n")],
        fails: [...tests(CART, 'totals › member total is discounted'), ...tests(RECEIPT, 'a member receipt')],
        file: all(CART, INVOICE, RECEIPT),
        // subtotal() runs for the totals of cart.test.js, both renders of invoice.test.js and both receipts.
        test: [
          ...tests(CART, 'totals › subtotal sums prices', 'totals › guest total adds tax', 'totals › member total is discounted'),
          ...tests(INVOICE, 'renders totals in euros', 'renders totals in dollars'),
          ...all(RECEIPT),
        ],
      },
    ],
  },
  {
    name: 'rule 5: a deleted line runs the tests that executed it',
    steps: [
      {
        edits: [replace(`${SRC}/cart.js`, '    existing.quantity += quantity;\n', '')],
        fails: [...tests(CART, 'addItem › merges the same item'), ...tests(INVOICE, 'lists quantities and items')],
        file: all(CART, INVOICE),
        test: [...tests(CART, 'addItem › merges the same item'), ...tests(INVOICE, 'lists quantities and items')],
      },
    ],
  },
  {
    name: 'rule 5: a changed parameter list (no statement of its own) runs the tests that executed the function',
    steps: [
      {
        edits: [replace(`${SRC}/zones.js`, 'function zoneOf(country) {', 'function zoneOf(country, fallback) {')],
        fails: NOTHING,
        file: all(SHIPPING, INTERRUPT),
        // 'free above the threshold' returns before shippingCost calls zoneOf.
        test: [...tests(SHIPPING, 'by zone › domestic is flat', 'by zone › europe is per kilo', 'by zone › world is per kilo'), ...all(INTERRUPT)],
      },
    ],
  },
  {
    name: 'rule 5 by columns: an edit inside a one-line function on a module-level line runs the tests that called it',
    steps: [
      {
        // Comments above it move the line: its frame and body lines move with it, nothing runs.
        edits: [insertBefore(`${SRC}/prices.js`, 'const roundCents', '// Rounds a taxed amount\n// to whole cents.\n')],
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
      {
        // `const roundCents = (amount) => Math.round(amount);` is module-level code and a whole function body.
        edits: [replace(`${SRC}/prices.js`, '(amount) => Math.round(amount);', '(amount) => Math.floor(amount);')],
        fails: tests(PRICES, 'withTax › rounds to whole cents'),
        file: all(PRICES, CART, INVOICE, RECEIPT),
        // withTax calls roundCents: its tests, the cart totals, the invoice renders and both receipts.
        test: [
          ...tests(PRICES, 'withTax › adds the tax rate', 'withTax › rounds to whole cents'),
          ...tests(CART, 'totals › guest total adds tax', 'totals › member total is discounted'),
          ...tests(INVOICE, 'renders totals in euros', 'renders totals in dollars'),
          ...all(RECEIPT),
        ],
      },
    ],
  },
  {
    name: 'rule 6: the same one-line function edited outside its body runs every test of the files that loaded the module',
    steps: [
      {
        edits: [replace(`${SRC}/prices.js`, '(amount) => Math.round(amount);', '(value) => Math.round(value);')],
        fails: NOTHING,
        file: all(PRICES, CART, INVOICE, RECEIPT),
        test: all(PRICES, CART, INVOICE, RECEIPT),
      },
    ],
  },
  {
    name: 'rule 5: a line of a test helper module runs the tests that executed it',
    steps: [
      {
        edits: [replace(`${TEST}/helpers/builders.js`, '    addItem(cart, item);', '    addItem(cart, item, 1);')],
        fails: NOTHING,
        file: all(CART, INVOICE, RECEIPT),
        test: [...tests(CART, 'totals › subtotal sums prices', 'totals › guest total adds tax', 'totals › member total is discounted'), ...all(INVOICE), ...all(RECEIPT)],
      },
    ],
  },
  {
    name: 'rule 5: a line of a part that a transformer bundles into another file',
    steps: [
      {
        edits: [replace(`${SRC}/parts/area.js`, 'return Math.PI * shape.r * shape.r;', 'return 3.14 * shape.r * shape.r;')],
        fails: tests(GEOMETRY, 'area › of a circle'),
        file: all(GEOMETRY),
        test: tests(GEOMETRY, 'area › of a circle'),
      },
    ],
  },
  {
    name: 'rule 6: a module-level constant runs every test of the files that loaded the module',
    steps: [
      {
        edits: [replace(`${SRC}/prices.js`, 'const TAX_RATE = 0.2;', 'const TAX_RATE = 0.25;')],
        fails: [
          ...tests(PRICES, 'withTax › adds the tax rate', 'withTax › rounds to whole cents', 'withTax › exposes the rate'),
          ...tests(CART, 'totals › guest total adds tax', 'totals › member total is discounted'),
          ...tests(INVOICE, 'renders totals in euros', 'renders totals in dollars'),
          ...tests(RECEIPT, 'a member receipt'),
        ],
        file: all(PRICES, CART, INVOICE, RECEIPT),
        test: all(PRICES, CART, INVOICE, RECEIPT),
      },
    ],
  },
  {
    name: 'rule 6: an import line runs every test of the files that loaded the module',
    steps: [
      {
        edits: [replace(`${SRC}/invoice.js`, "const { subtotal, total } = require('./cart');", "const { total, subtotal } = require('./cart');")],
        fails: NOTHING,
        file: all(INVOICE, RECEIPT),
        test: all(INVOICE, RECEIPT),
      },
    ],
  },
  {
    name: 'rule 6: a function added at module level and exported',
    steps: [
      {
        edits: [
          replace(
            `${SRC}/shipping.js`,
            'module.exports = { shippingCost };',
            'function isFree(orderTotal) {\n  return orderTotal >= FREE_ABOVE;\n}\n\nmodule.exports = { shippingCost, isFree };',
          ),
        ],
        fails: NOTHING,
        file: all(SHIPPING),
        test: all(SHIPPING),
      },
    ],
  },
  {
    name: 'rule 6: module-level code of a module first required inside a test belongs to every test of the file',
    steps: [
      {
        // Only 'the default currency' executed the line (it required the module first); the other test uses it too.
        edits: [replace(`${SRC}/currency.js`, "process.env.SHOP_CURRENCY || 'EUR';", "process.env.SHOP_CURRENCY || 'GBP';")],
        fails: tests(CURRENCY, 'the default currency'),
        file: all(CURRENCY),
        test: all(CURRENCY),
      },
    ],
  },
  {
    name: 'rule 4: a source that no longer parses runs every test file that loaded it',
    steps: [
      {
        // Inside couponValue, but the whole module fails to load: cart, invoice and receipt tests load it too.
        edits: [replace(`${SRC}/discounts.js`, "    case 'TENTH':", "    case 'TENTH'")],
        fails: [failedToRun(CART), failedToRun(DISCOUNTS), failedToRun(INVOICE), failedToRun(RECEIPT)],
        file: [failedToRun(CART), failedToRun(DISCOUNTS), failedToRun(INVOICE), failedToRun(RECEIPT)],
        test: [failedToRun(CART), failedToRun(DISCOUNTS), failedToRun(INVOICE), failedToRun(RECEIPT)],
      },
    ],
  },
  {
    name: 'rule 7: comments only (a changed comment, a comment line inserted in a function) select nothing',
    steps: [
      {
        edits: [
          replace(
            `${SRC}/cart.js`,
            '// Adding an item that is already in the cart raises its quantity.',
            '// An item already in the cart gets a higher quantity, not a second line.',
          ),
          insertBefore(`${SRC}/shipping.js`, '  if (orderTotal >= FREE_ABOVE) {', '  // Large orders ship for free, whatever they weigh.\n'),
        ],
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
    ],
  },
  {
    name: 'rule 7: a reformat (same tokens, other lines and indentation) selects nothing',
    steps: [
      {
        edits: [
          replace(
            `${SRC}/discounts.js`,
            "    case 'HALF':\n      return 0.5;\n    case 'TENTH':\n      return 0.1;\n    default:\n      return 0;\n",
            "    case 'HALF': return 0.5;\n    case 'TENTH': return 0.1;\n    default: return 0;\n",
          ),
          replace(`${SRC}/zones.js`, "  return ZONES[country] || 'world';", "  return ZONES[country]\n      || 'world';"),
        ],
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
    ],
  },
  {
    name: 'rule 7: a directive in a comment (istanbul ignore) is code: a line inserted in the function',
    steps: [
      {
        edits: [insertBefore(`${SRC}/discounts.js`, '  switch (code) {', '  /* istanbul ignore next */\n')],
        fails: NOTHING,
        file: all(DISCOUNTS),
        test: tests(DISCOUNTS, 'couponValue › HALF is worth a half', 'couponValue › TENTH is worth a tenth', 'couponValue › unknown codes are worth nothing'),
      },
    ],
  },
  {
    name: 'rule 8: a JSON file a source requires runs every test file that loaded it',
    steps: [
      {
        edits: [replace(`${SRC}/rates.json`, '"europe": 300', '"europe": 320')],
        fails: tests(SHIPPING, 'by zone › europe is per kilo'),
        file: all(SHIPPING),
        test: all(SHIPPING),
      },
    ],
  },
  {
    name: 'rule 8: a snapshot file runs its test file',
    steps: [
      {
        edits: [replace(`${TEST}/__snapshots__/invoice.test.js.snap`, '"total": "€5.28"', '"total": "€5.29"')],
        fails: tests(INVOICE, 'renders totals in euros'),
        file: all(INVOICE),
        test: all(INVOICE),
      },
    ],
  },
  {
    name: 'rule 8: a manual mock runs the test file that mocked the module',
    steps: [
      {
        edits: [replace(`${SRC}/__mocks__/clock.js`, '2024-03-01T10:00:00Z', '2024-03-02T10:00:00Z')],
        fails: tests(RECEIPT, 'dates the receipt with the clock'),
        file: all(RECEIPT),
        test: all(RECEIPT),
      },
    ],
  },
  {
    name: 'rule 8: a setup file runs every test',
    steps: [
      {
        edits: [insertAfter(`${TEST}/setup.js`, "process.env.TZ = 'UTC';\n", "process.env.LANG = 'C';\n")],
        fails: NOTHING,
        file: EVERY_TEST,
        test: EVERY_TEST,
      },
    ],
  },
  {
    name: 'rule 8: a source outside rootDir runs every test file that loaded it',
    steps: [
      {
        // A module-level line: every test of the files that loaded it, whether or not the file is instrumented.
        edits: [replace('shared/format.js', "USD: '$'", "USD: 'US$'")],
        fails: tests(INVOICE, 'renders totals in dollars'),
        file: all(INVOICE, RECEIPT),
        test: all(INVOICE, RECEIPT),
      },
    ],
  },
  {
    name: 'rule 3: a line inside one test of a test file',
    steps: [
      {
        edits: [replace(`${TEST}/cart.test.js`, 'toBe(210)', 'toBe(211)')],
        fails: tests(CART, 'totals › subtotal sums prices'),
        file: all(CART),
        test: tests(CART, 'totals › subtotal sums prices'),
      },
    ],
  },
  {
    name: 'rule 3: a renamed test runs under its new name, alone',
    steps: [
      {
        edits: [replace(`${TEST}/prices.test.js`, "test('unknown items throw',", "test('unknown items are rejected',")],
        fails: NOTHING,
        file: [...tests(PRICES, 'price of a known item', 'withTax › adds the tax rate', 'withTax › rounds to whole cents', 'withTax › exposes the rate'), ...added(PRICES, 'unknown items are rejected')],
        test: added(PRICES, 'unknown items are rejected'),
      },
    ],
  },
  {
    name: 'rule 7: a comment and a reformat inside a test select nothing',
    steps: [
      {
        edits: [
          replace(
            `${TEST}/cart.test.js`,
            "    expect(subtotal(cartWith(['apple', 'pear']))).toBe(210);",
            "    // An apple and a pear.\n    expect(subtotal(cartWith(['apple', 'pear'])))\n      .toBe(210);",
          ),
        ],
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
    ],
  },
  {
    name: 'rule 3: code outside any test of a test file runs all its tests',
    steps: [
      {
        edits: [
          insertAfter(`${TEST}/prices.test.js`, "require('../src/prices');\n", '\nbeforeEach(() => {\n  expect.hasAssertions();\n});\n'),
        ],
        fails: NOTHING,
        file: all(PRICES),
        test: all(PRICES),
      },
    ],
  },
  {
    name: 'rule 2: a new test file',
    steps: [
      {
        edits: [
          create(
            `${TEST}/zones.test.js`,
            [
              "const { zoneOf, isEuropean } = require('../src/zones');",
              '',
              "test('france is domestic', () => {",
              "  expect(zoneOf('FR')).toBe('domestic');",
              '});',
              '',
              "describe('isEuropean', () => {",
              "  test('germany is', () => {",
              "    expect(isEuropean('DE')).toBe(true);",
              '  });',
              '});',
              '',
            ].join('\n'),
          ),
        ],
        fails: NOTHING,
        file: added('test/zones.test.js', 'france is domestic', 'isEuropean › germany is'),
        test: added('test/zones.test.js', 'france is domestic', 'isEuropean › germany is'),
      },
    ],
  },
  {
    name: 'rules 2 and 3: a new test in an old test file',
    steps: [
      {
        edits: [
          insertAfter(
            `${TEST}/shipping.test.js`,
            "    expect(shippingCost(1200, 'JP', 100)).toBe(1800);\n  });\n",
            "\n  test('unknown countries ship as world', () => {\n    expect(shippingCost(500, 'XX', 100)).toBe(900);\n  });\n",
          ),
        ],
        fails: NOTHING,
        file: [...all(SHIPPING), ...added(SHIPPING, 'by zone › unknown countries ship as world')],
        test: [...all(SHIPPING), ...added(SHIPPING, 'by zone › unknown countries ship as world')],
      },
    ],
  },
  {
    name: 'rule 9: a deleted source file runs every test file that loaded it',
    steps: [
      {
        edits: [remove(`${SRC}/zones.js`)],
        fails: [failedToRun(SHIPPING), failedToRun(INTERRUPT)],
        file: [failedToRun(SHIPPING), failedToRun(INTERRUPT)],
        test: [failedToRun(SHIPPING), failedToRun(INTERRUPT)],
      },
    ],
  },
  {
    name: 'rule 9: a renamed source file, its importer updated',
    steps: [
      {
        edits: [rename(`${SRC}/lines.js`, `${SRC}/invoiceLines.js`), replace(`${SRC}/invoice.js`, "require('./lines')", "require('./invoiceLines')")],
        fails: NOTHING,
        file: all(INVOICE, RECEIPT),
        test: all(INVOICE, RECEIPT),
      },
    ],
  },
  {
    name: 'a deleted test file: nothing runs',
    steps: [{ edits: [remove(`${TEST}/geometry.test.js`)], fails: NOTHING, file: NOTHING, test: NOTHING }],
  },
  {
    name: 'rule 2: a renamed test file runs as a new test file',
    steps: [
      {
        edits: [rename(`${TEST}/geometry.test.js`, `${TEST}/shapes.test.js`)],
        fails: NOTHING,
        file: added('test/shapes.test.js', ...FIXTURE_TESTS[GEOMETRY]!),
        test: added('test/shapes.test.js', ...FIXTURE_TESTS[GEOMETRY]!),
      },
    ],
  },
  {
    name: 'rule 1: a change to the Jest config runs every test',
    steps: [
      {
        edits: [insertAfter('package.json', '"testEnvironment": "node",\n', '    "testTimeout": 10000,\n')],
        fails: NOTHING,
        file: EVERY_TEST,
        test: EVERY_TEST,
      },
    ],
  },
  {
    name: 'rule 2: a failing test runs again, with the impact of a later edit, until it passes',
    steps: [
      {
        edits: [replace(`${SRC}/discounts.js`, '      return 0.5;', '      return 0.4;')],
        fails: tests(DISCOUNTS, 'couponValue › HALF is worth a half'),
        file: all(DISCOUNTS),
        test: tests(DISCOUNTS, 'couponValue › HALF is worth a half'),
      },
      {
        // An unrelated edit elsewhere: the still-failing test runs too.
        edits: [replace(`${SRC}/shipping.js`, '    return rates.domestic;', '    return rates.domestic + 5;')],
        fails: [...tests(DISCOUNTS, 'couponValue › HALF is worth a half'), ...tests(SHIPPING, 'by zone › domestic is flat')],
        file: all(DISCOUNTS, SHIPPING),
        test: [...tests(DISCOUNTS, 'couponValue › HALF is worth a half'), ...tests(SHIPPING, 'by zone › domestic is flat')],
      },
      {
        // The first edit undone: its test runs (changed line and failed last time) and passes.
        edits: [replace(`${SRC}/discounts.js`, '      return 0.4;', '      return 0.5;')],
        fails: tests(SHIPPING, 'by zone › domestic is flat'),
        file: all(DISCOUNTS, SHIPPING),
        test: [...tests(DISCOUNTS, 'couponValue › HALF is worth a half'), ...tests(SHIPPING, 'by zone › domestic is flat')],
      },
      {
        // No edit: only the test that still fails.
        edits: [],
        fails: tests(SHIPPING, 'by zone › domestic is flat'),
        file: all(SHIPPING),
        test: tests(SHIPPING, 'by zone › domestic is flat'),
      },
    ],
  },
  {
    name: 'rule 2: a test file that failed to run runs again until it runs, even when it is back to its recorded content',
    steps: [
      {
        edits: [replace(`${TEST}/geometry.test.js`, "require('../src/geometry.bundle');", "require('../src/geometry.bundle';")],
        fails: [failedToRun(GEOMETRY)],
        file: [failedToRun(GEOMETRY)],
        test: [failedToRun(GEOMETRY)],
      },
      {
        edits: [],
        fails: [failedToRun(GEOMETRY)],
        file: [failedToRun(GEOMETRY)],
        test: [failedToRun(GEOMETRY)],
      },
      {
        edits: [replace(`${TEST}/geometry.test.js`, "require('../src/geometry.bundle';", "require('../src/geometry.bundle');")],
        fails: NOTHING,
        file: all(GEOMETRY),
        test: all(GEOMETRY),
      },
      {
        edits: [],
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
    ],
  },
  {
    name: 'rule 10: a worker killed during a run: its impacted tests run next time, the files that finished do not',
    jest29AndLater: true,
    steps: [
      {
        edits: [replace(`${SRC}/zones.js`, "return ZONES[country] || 'world';", "return ZONES[country] ?? 'world';")],
        args: IN_WORKERS,
        env: KILL,
        fails: NOTHING,
        file: [...all(SHIPPING), failedToRun(INTERRUPT)],
        test: [...tests(SHIPPING, 'by zone › domestic is flat', 'by zone › europe is per kilo', 'by zone › world is per kilo'), failedToRun(INTERRUPT)],
      },
      {
        edits: [],
        fails: NOTHING,
        file: all(INTERRUPT),
        test: all(INTERRUPT),
      },
    ],
  },
  {
    name: 'rule 10: a run killed while the impacted tests run: they run next time',
    steps: [
      {
        edits: [replace(`${SRC}/zones.js`, "return zone === 'domestic' || zone === 'europe';", "return zone === 'europe' || zone === 'domestic';")],
        args: ['--runInBand'],
        env: KILL,
        killsRun: true,
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
      {
        edits: [],
        fails: NOTHING,
        file: all(INTERRUPT),
        test: all(INTERRUPT),
      },
    ],
  },
  {
    name: 'rule 10: a run limited to some test files keeps the impact on the others',
    steps: [
      {
        edits: [replace(`${SRC}/discounts.js`, '    return Math.round(total * 0.1);', '    return Math.round(total / 10);')],
        args: ['test/discounts'],
        fails: NOTHING,
        file: all(DISCOUNTS),
        test: tests(DISCOUNTS, 'discountFor › members get ten percent'),
      },
      {
        edits: [],
        fails: NOTHING,
        file: all(CART, RECEIPT),
        test: [...tests(CART, 'totals › member total is discounted'), ...tests(RECEIPT, 'a member receipt')],
      },
    ],
  },
  {
    name: 'rule 10: tests the test code skips (test.skip, describe.skip, test.todo) leave no dirty mark; a test -t leaves out keeps it',
    steps: [
      {
        edits: [
          insertAfter(
            `${TEST}/currency.test.js`,
            "  expect(currency('USD')).toBe('USD');\n});\n",
            "\ntest.skip('later', () => {});\ntest.todo('someday');\ndescribe.skip('parked', () => {\n  test('one', () => {});\n});\n",
          ),
        ],
        fails: NOTHING,
        file: all(CURRENCY),
        test: all(CURRENCY),
      },
      { edits: [], fails: NOTHING, file: NOTHING, test: NOTHING },
      {
        edits: [replace(`${SRC}/currency.js`, '  return override || DEFAULT_CURRENCY;', '  return override ? override : DEFAULT_CURRENCY;')],
        args: ['-t', 'the default currency'],
        fails: NOTHING,
        file: tests(CURRENCY, 'the default currency'),
        test: tests(CURRENCY, 'the default currency'),
      },
      { edits: [], fails: NOTHING, file: all(CURRENCY), test: tests(CURRENCY, 'an explicit currency') },
      { edits: [], fails: NOTHING, file: NOTHING, test: NOTHING },
    ],
  },
  {
    name: 'two edits in a row without a run in between: both count, against the recorded lines',
    steps: [
      {
        edits: [
          replace(`${SRC}/discounts.js`, '      return 0.1;', '      return 0.12;'),
          // The second edit of the same file moves the first one down a line.
          insertBefore(`${SRC}/discounts.js`, 'const THRESHOLD = 1000;', '// Amounts are in cents.\n'),
          replace(`${SRC}/parts/perimeter.js`, 'return 2 * Math.PI * shape.r;', 'return Math.PI * shape.r * 2;'),
        ],
        fails: tests(DISCOUNTS, 'couponValue › TENTH is worth a tenth'),
        file: all(DISCOUNTS, GEOMETRY),
        test: [...tests(DISCOUNTS, 'couponValue › TENTH is worth a tenth'), ...tests(GEOMETRY, 'perimeter › of a circle')],
      },
    ],
  },
  {
    name: 'after a partial run, the tests that did not run keep their lines, moved with the edit',
    steps: [
      {
        // Two lines inserted above everything: the file's recorded lines all move down by two.
        edits: [
          insertBefore(`${SRC}/discounts.js`, 'const THRESHOLD = 1000;', '// Discount rules.\n// Amounts are in cents.\n'),
          replace(`${SRC}/discounts.js`, '    return 50;', '    return 25 + 25;'),
        ],
        fails: NOTHING,
        file: all(DISCOUNTS),
        test: tests(DISCOUNTS, 'discountFor › large guest orders get a flat discount'),
      },
      {
        // Lines of tests that did not run in step 1: cart and receipt tests (and, at test granularity, the
        // other discounts tests) must be found at the moved line numbers.
        edits: [
          replace(`${SRC}/discounts.js`, '    return Math.round(total * 0.1);', '    return Math.round(total / 10);'),
          replace(`${SRC}/discounts.js`, '      return 0.1;', '      return 1 / 10;'),
        ],
        fails: NOTHING,
        file: all(DISCOUNTS, CART, RECEIPT),
        test: [
          ...tests(DISCOUNTS, 'discountFor › members get ten percent', 'couponValue › TENTH is worth a tenth'),
          ...tests(CART, 'totals › member total is discounted'),
          ...tests(RECEIPT, 'a member receipt'),
        ],
      },
    ],
  },
  {
    name: 'an edit undone before the next run selects nothing',
    steps: [
      {
        edits: [
          replace(`${SRC}/prices.js`, 'const TAX_RATE = 0.2;', 'const TAX_RATE = 0.25;'),
          replace(`${SRC}/prices.js`, 'const TAX_RATE = 0.25;', 'const TAX_RATE = 0.2;'),
        ],
        fails: NOTHING,
        file: NOTHING,
        test: NOTHING,
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------
// Running a case.

/** The selection table on one Jest install: the given cases, each at both granularities. */
export function describeSelectionTable(install: InstallName, cases: EditCase[]): void {
 describe(`impact selection on the edits fixture (${install})`, () => {
  const project = new FixtureProject('edits', install);
  const recorded = `${project.dir}-recorded`;

  beforeAll(() => {
    const recording = project.jestJson(['--runner=jest-runner-impact'], { JEST_IMPACT_MODE: 'all' });
    if (testsThatRan(project, recording.json, undefined, ROOT_DIR).length !== EVERY_TEST.length || !recording.json.success) {
      throw new Error(`The recording run did not pass:\n${recording.run.stderr}`);
    }
    project.saveTo(recorded);
  });

  afterAll(() => {
    project.remove();
    fs.rmSync(recorded, { recursive: true, force: true });
  });

  test('the fixture passes and every test is recorded', () => {
    project.restoreFrom(recorded);
    const { json } = project.jestJson([]);
    expect(json.success).toBe(true);
    expect(testsThatRan(project, json, undefined, ROOT_DIR)).toEqual(sorted(EVERY_TEST));
    expect(fs.existsSync(project.file(`${ROOT_DIR}/node_modules/.cache/jest-runner-impact`))).toBe(true);
  });

  test.each(cases.filter((edit) => (install !== 'jest28' && install !== 'jest27') || !edit.jest29AndLater).map((edit) => [edit.name, edit] as const))('%s', (_name, edit) => {
    const defaultFailures: string[][] = [];
    const observed: unknown[] = [];
    const expected: unknown[] = [];
    for (const granularity of ['file', 'test'] as const) {
      project.restoreFrom(recorded);
      edit.steps.forEach((step, index) => {
        for (const apply of step.edits) apply(project);
        if (granularity === 'file') {
          defaultFailures.push(testsThatRan(project, project.jestJson([]).json, ['failed'], ROOT_DIR));
        }
        const failing = defaultFailures[index]!;
        const args = ['--runner=jest-runner-impact', ...(step.args ?? [])];
        const env = { JEST_IMPACT_MODE: 'only', JEST_IMPACT_GRANULARITY: granularity, ...step.env };
        const where = { step: index + 1, granularity };
        if (step.killsRun) {
          const run = project.jest(args, env);
          observed.push({ ...where, killed: run.status === null });
          expected.push({ ...where, killed: true });
          return;
        }
        const { run, json } = project.jestJson(args, env);
        const ran = testsThatRan(project, json, undefined, ROOT_DIR);
        observed.push({
          ...where,
          failingButNotRun: failing.filter((name) => !ran.includes(name)),
          ran,
          ...(step.summary ? { summary: summaryLine(run.stderr) } : {}),
        });
        expected.push({
          ...where,
          failingButNotRun: [],
          ran: sorted(step[granularity]),
          ...(step.summary ? { summary: expect.stringMatching(step.summary[granularity]) } : {}),
        });
      });
    }
    // The fixture and the edits do what the table says with Jest's default runner.
    expect(defaultFailures).toEqual(edit.steps.map((step) => sorted(step.fails)));
    // Safety (every failing test ran) and precision (exactly the expected tests ran), per step and granularity.
    expect(observed).toEqual(expected);
  });

  test('a recorded project copied to another directory keeps its store: an edit runs only its tests', () => {
    project.restoreFrom(recorded);
    const moved = project.clone();
    try {
      replace(`${SRC}/discounts.js`, '    return 50;', '    return 60;')(moved);
      const { run, json } = moved.jestJson(['--runner=jest-runner-impact'], { JEST_IMPACT_MODE: 'only', JEST_IMPACT_GRANULARITY: 'test' });
      expect({ ran: testsThatRan(moved, json, undefined, ROOT_DIR), summary: summaryLine(run.stderr) }).toEqual({
        ran: tests(DISCOUNTS, 'discountFor › large guest orders get a flat discount'),
        summary: expect.stringMatching(/^Impact: 1 of 9 test files \(1 of 33 tests\) touches 1 changed line in 1 file; 8 files skipped\.$/),
      });
    } finally {
      moved.remove();
    }
  });
});
}
