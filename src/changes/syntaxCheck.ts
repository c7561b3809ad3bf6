import * as path from 'node:path';
import * as vm from 'node:vm';
import type { ParserPlugin } from '@babel/parser';
import type { File } from '@babel/types';
import { afterParse, babelParser } from './parserLoading';

const PLUGINS: Record<string, ParserPlugin[]> = {
  '.js': ['jsx'],
  '.jsx': ['jsx'],
  '.mjs': [],
  '.cjs': [],
  '.ts': ['typescript', 'decorators-legacy'],
  '.mts': ['typescript', 'decorators-legacy'],
  '.cts': ['typescript', 'decorators-legacy'],
  '.tsx': ['typescript', 'jsx', 'decorators-legacy'],
};

/** A parse of JavaScript or TypeScript: the program, the parser's error, or neither for a language it does not know. */
export interface ParsedSource {
  program?: File['program'];
  error?: string;
}

/** Parses a source by its extension, as permissively as the transformers Jest runs it through. */
export function parseSource(file: string, content: string): ParsedSource {
  const plugins = PLUGINS[path.extname(file)];
  if (!plugins) return {};
  try {
    // Loaded on first use: most runs change no source, and the parser costs start-up time.
    const { parse } = babelParser();
    const parsed = parse(content, {
      sourceType: 'unambiguous',
      plugins,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      errorRecovery: false,
    });
    afterParse();
    return { program: parsed.program };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Why a changed source no longer parses, or undefined when it does (or when its language is not one
 * this check knows; its transformer then decides). A false alarm only widens the selection (rule 4).
 */
export function syntaxErrorOf(file: string, content: string): string | undefined {
  if (COMMONJS_EXTENSIONS.has(path.extname(file)) && compilesAsCommonJs(content)) return undefined;
  return parseSource(file, content).error;
}

const COMMONJS_EXTENSIONS = new Set(['.js', '.cjs']);

/**
 * V8's own compile of a CommonJS module (wrapped as Node wraps it): a fast yes for the common case,
 * so that the Babel parser is loaded only for files V8 rejects (ESM, JSX, Flow, or a real error).
 */
function compilesAsCommonJs(content: string): boolean {
  const body = content.startsWith('#!') ? `//${content.slice(2)}` : content;
  try {
    new vm.Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`);
    return true;
  } catch {
    return false;
  }
}
