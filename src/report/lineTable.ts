/** [line, tests that depend on it, test group or -1, load group or -1] */
export type SourceLineRow = [line: number, count: number, testGroup: number, loadGroup: number];

/**
 * The tests of one source, line by line, as the report's source view needs them: which tests executed
 * each line and which test files ran it at load (all their tests depend on it). Recorded lines go
 * through the source's line map to the file on disk now; a line the map drops (changed since) is left out.
 */
export class LineTable {
  private readonly testsByLine = new Map<number, number[]>();
  private readonly loadByLine = new Map<number, number[]>();
  private readonly testsReaching = new Set<number>();
  private readonly filesLoading = new Set<number>();

  constructor(private readonly lineMap?: Map<number, number>) {}

  private mapped(lines: number[]): number[] {
    if (!this.lineMap) return lines;
    const out: number[] = [];
    for (const line of lines) {
      const target = this.lineMap.get(line);
      if (target !== undefined) out.push(target);
    }
    return out;
  }

  /** A test file's load bucket here; returns its lines as shown. */
  addLoad(file: number, testCount: number, lines: number[]): number[] {
    const shown = this.mapped(lines);
    if (shown.length > 0 && testCount > 0) this.filesLoading.add(file);
    for (const line of shown) push(this.loadByLine, line, file);
    return shown;
  }

  /** One test's lines here; returns them as shown. */
  addTest(test: number, lines: number[]): number[] {
    const shown = this.mapped(lines);
    if (shown.length > 0) this.testsReaching.add(test);
    for (const line of shown) push(this.testsByLine, line, test);
    return shown;
  }

  /** Distinct tests that depend on some line of the source. */
  reach(tests: ReadonlyArray<[file: number, ...rest: unknown[]]>, files: ReadonlyArray<{ count: number }>): number {
    let count = 0;
    for (const file of this.filesLoading) count += files[file]!.count;
    for (const test of this.testsReaching) if (!this.filesLoading.has(tests[test]![0])) count++;
    return count;
  }

  /** Rows per line in line order, the distinct test and load sets they refer to, and each line's count of distinct tests. */
  groups(
    tests: ReadonlyArray<[file: number, ...rest: unknown[]]>,
    files: ReadonlyArray<{ first: number; count: number }>,
  ): { testGroups: number[][]; loadGroups: number[][]; lines: SourceLineRow[] } {
    const testGroups: number[][] = [];
    const loadGroups: number[][] = [];
    const testGroupIds = new Map<string, number>();
    const loadGroupIds = new Map<string, number>();
    const groupOf = (list: number[] | undefined, ids: Map<string, number>, groups: number[][]): number => {
      if (!list || list.length === 0) return -1;
      const sorted = [...new Set(list)].sort((a, b) => a - b);
      const key = sorted.join(',');
      let id = ids.get(key);
      if (id === undefined) {
        id = groups.length;
        ids.set(key, id);
        groups.push(sorted);
      }
      return id;
    };
    const lines = [...new Set([...this.testsByLine.keys(), ...this.loadByLine.keys()])].sort((a, b) => a - b);
    const rows: SourceLineRow[] = lines.map((line) => {
      const loadGroup = groupOf(this.loadByLine.get(line), loadGroupIds, loadGroups);
      const testGroup = groupOf(this.testsByLine.get(line), testGroupIds, testGroups);
      const loading = new Set(loadGroup < 0 ? [] : loadGroups[loadGroup]);
      let count = 0;
      for (const file of loading) count += files[file]!.count;
      for (const test of testGroup < 0 ? [] : testGroups[testGroup]!) if (!loading.has(tests[test]![0])) count++;
      return [line, count, testGroup, loadGroup];
    });
    return { testGroups, loadGroups, lines: rows };
  }
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
