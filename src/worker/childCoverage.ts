/**
 * Reads what Node.js child processes wrote into their NODE_V8_COVERAGE folders (childProcessHooks.ts)
 * and turns it into the project lines they executed, with each source's shape, in original lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash } from '../changes/fingerprint';
import type { SourceShape } from '../recording';
import { whileMuted } from './fsAccessHooks';
import { plainSourceMaps } from './plainSourceMaps';
import { buildStatementIndex } from './statementIndex';
import { executedLines, lineStartOffsets, linesInExecutedRanges, type V8FunctionCoverage } from './v8ExecutedLines';

interface ScriptCoverage {
  url: string;
  functions: V8FunctionCoverage[];
}

/** What the children of one test (or of a test file's load bucket) executed. */
export interface ChildExecution {
  /** Source -> sorted executed lines. */
  lines: Map<string, number[]>;
  shapes: Map<string, SourceShape>;
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

function scriptPath(url: string): string | undefined {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return path.isAbsolute(url) ? url : undefined;
}

function coverageFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** A shape for a file whose statements are not known: every line counts as module-level code. */
function wholeFileShape(text: string): SourceShape {
  const lines = lineStartOffsets(text).map((_start, index) => index + 1);
  return { statementLines: lines, moduleLines: lines, functions: [] };
}

function addLines(into: ChildExecution, file: string, lines: number[]): void {
  const known = into.lines.get(file);
  into.lines.set(file, known ? [...new Set([...known, ...lines])].sort((a, b) => a - b) : lines);
}

/**
 * The project sources (under `rootDir`, outside node_modules) the children whose coverage went to
 * `dirs` executed. A child that was killed, or is still running, wrote nothing: it is charged nothing.
 */
export function readChildExecution(dirs: readonly string[], rootDir: string): ChildExecution {
  return whileMuted(() => {
    const execution: ChildExecution = { lines: new Map(), shapes: new Map() };
    const prefix = rootDir.endsWith(path.sep) ? rootDir : `${rootDir}${path.sep}`;
    for (const dir of dirs) {
      for (const file of coverageFiles(dir)) {
        let scripts: ScriptCoverage[];
        try {
          scripts = (JSON.parse(fs.readFileSync(file, 'utf8')) as { result: ScriptCoverage[] }).result;
        } catch {
          continue;
        }
        for (const script of scripts) {
          const source = scriptPath(script.url);
          if (!source || !source.startsWith(prefix) || source.includes(NODE_MODULES)) continue;
          let text: string;
          try {
            text = fs.readFileSync(source, 'utf8');
          } catch {
            continue;
          }
          const maps = plainSourceMaps(source, text, contentHash(text));
          if (maps) {
            addLines(execution, source, executedLines(script.functions, text, maps));
            if (!execution.shapes.has(source)) {
              const shape = buildStatementIndex({ path: source, s: {}, f: {}, ...maps } as never).shapes.get(source);
              execution.shapes.set(source, shape ?? wholeFileShape(text));
            }
          } else {
            addLines(execution, source, linesInExecutedRanges(script.functions, text));
            execution.shapes.set(source, wholeFileShape(text));
          }
        }
      }
    }
    return execution;
  });
}
