import * as path from 'node:path';
import { parse, type ParserPlugin } from '@babel/parser';

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

/**
 * Why a changed source no longer parses, or undefined when it does (or when its language is not one
 * this check knows; its transformer then decides). A false alarm only widens the selection (rule 4).
 */
export function syntaxErrorOf(file: string, content: string): string | undefined {
  const plugins = PLUGINS[path.extname(file)];
  if (!plugins) return undefined;
  try {
    parse(content, {
      sourceType: 'unambiguous',
      plugins,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      errorRecovery: false,
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
