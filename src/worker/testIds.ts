/** The parts of jest-circus's state this module reads (jest-circus/src/types.ts, stable in Jest 29 and 30). */
export interface CircusTestEntry {
  type: 'test';
  name: string;
  parent: CircusDescribeBlock;
  errors: unknown[];
  duration?: number | null;
  mode?: string;
  concurrent?: boolean;
}
export interface CircusDescribeBlock {
  type: 'describeBlock';
  name: string;
  parent?: CircusDescribeBlock;
  mode?: string;
  children: Array<CircusDescribeBlock | CircusTestEntry>;
}

export const TITLE_SEPARATOR = ' › ';

/** Names from the outermost describe to the test, without circus's root block. */
export function titlePath(test: CircusTestEntry): string[] {
  const titles = [test.name];
  for (let block: CircusDescribeBlock | undefined = test.parent; block?.parent; block = block.parent) {
    titles.unshift(block.name);
  }
  return titles;
}

/**
 * Gives every test of a file a stable id: its title path, and " #n" for the nth occurrence of a title
 * path that repeats (the same `fullName` several times in one file is common).
 */
export class TestIdRegistry {
  private readonly ids = new Map<CircusTestEntry, string>();
  private readonly occurrences = new Map<string, number>();

  registerTree(root: CircusDescribeBlock): void {
    for (const child of root.children) {
      if (child.type === 'describeBlock') this.registerTree(child);
      else this.idOf(child);
    }
  }

  idOf(test: CircusTestEntry): string {
    let id = this.ids.get(test);
    if (id === undefined) {
      const base = titlePath(test).join(TITLE_SEPARATOR);
      const occurrence = (this.occurrences.get(base) ?? 0) + 1;
      this.occurrences.set(base, occurrence);
      id = occurrence === 1 ? base : `${base} #${occurrence}`;
      this.ids.set(test, id);
    }
    return id;
  }

  /** Ids in the order the tests were declared. */
  allTests(): CircusTestEntry[] {
    return [...this.ids.keys()];
  }
}
