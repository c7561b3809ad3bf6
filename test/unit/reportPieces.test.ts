import { describe, expect, test } from '@jest/globals';
import { escapeHtml, highlightLines } from '../../src/report/highlight';
import { LineTable } from '../../src/report/lineTable';

describe('highlightLines', () => {
  test('one escaped HTML string per line, keywords, strings, numbers and comments in spans', () => {
    expect(highlightLines("const a = '<b>' + 1; // x & y\nreturn a;")).toEqual([
      '<span class="k">const</span> a = <span class="s">\'&lt;b&gt;\'</span> + <span class="n">1</span>; <span class="c">// x &amp; y</span>',
      '<span class="k">return</span> a;',
    ]);
  });

  test('a token across lines is closed at each line end, and empty lines stay lines', () => {
    expect(highlightLines('/* one\n\ntwo */ x = `a\nb`;\n')).toEqual([
      '<span class="c">/* one</span>',
      '',
      '<span class="c">two */</span> x = <span class="s">`a</span>',
      '<span class="s">b`</span>;',
      '',
    ]);
  });

  test('escapes quotes for attributes too', () => {
    expect(escapeHtml('"a" < b & c > d')).toBe('&quot;a&quot; &lt; b &amp; c &gt; d');
  });
});

describe('LineTable', () => {
  // Two test files: file 0 has tests 0-2, file 1 has tests 3-4.
  const files = [
    { first: 0, count: 3 },
    { first: 3, count: 2 },
  ];
  const tests: Array<[number]> = [[0], [0], [0], [1], [1]];

  test('counts each line by distinct tests: its own tests, plus every test of a file that runs it at load', () => {
    const table = new LineTable();
    table.addLoad(0, 3, [1, 5]);
    table.addTest(3, [2, 3, 5]);
    table.addTest(4, [2, 3]);
    table.addTest(1, [5]);
    const { testGroups, loadGroups, lines } = table.groups(tests, files);
    expect(testGroups).toEqual([[3, 4], [1, 3]]);
    expect(loadGroups).toEqual([[0]]);
    // Line 5: file 0's three tests at load, and test 3; test 1 is one of file 0's tests already.
    expect(lines).toEqual([
      [1, 3, -1, 0],
      [2, 2, 0, -1],
      [3, 2, 0, -1],
      [5, 4, 1, 0],
    ]);
    expect(table.reach(tests, files)).toBe(5);
  });

  test('recorded lines go through the line map; a line the map drops is left out', () => {
    const table = new LineTable(new Map([[1, 1], [2, 4], [3, 5]]));
    expect(table.addTest(0, [1, 2, 7])).toEqual([1, 4]);
    expect(table.groups(tests, files).lines).toEqual([
      [1, 1, 0, -1],
      [4, 1, 0, -1],
    ]);
  });
});
