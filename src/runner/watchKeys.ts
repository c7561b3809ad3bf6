/**
 * The keys typed into Jest's watch terminal since the runner's last run. Jest makes a new context for a
 * project whenever one of its files changes, even during a run, when it starts no run for the change.
 * A new context alone therefore does not tell that a file change started a run: a key pressed after
 * the last run does.
 */
interface KeyLog {
  listening: boolean;
  /** The last chunk Jest read as a key since the runner's last run ended, if any. */
  lastKey: string | undefined;
}

const LOG = Symbol.for('jest-runner-impact.watchKeys');

function keyLog(): KeyLog {
  const holder = globalThis as unknown as Record<symbol, KeyLog | undefined>;
  holder[LOG] ??= { listening: false, lastKey: undefined };
  return holder[LOG];
}

/**
 * Listens to the keys Jest's watch mode reads, once per process. Jest reads keys only where stdin can
 * be put in raw mode (a terminal), and then reads it already: listening changes nothing for Jest.
 */
export function listenToWatchKeys(stdin: NodeJS.ReadStream = process.stdin): void {
  const log = keyLog();
  if (log.listening || typeof stdin.setRawMode !== 'function') return;
  log.listening = true;
  stdin.on('data', (chunk: string | Buffer) => {
    log.lastKey = String(chunk);
  });
}

/** The last key pressed since the runner's last run, and forgets it: the run now starting consumed it. */
export function takeLastKey(): string | undefined {
  const log = keyLog();
  const key = log.lastKey;
  log.lastKey = undefined;
  return key;
}

/** Forgets the keys pressed during a run: a key then interrupts the run and starts none. */
export function forgetKeys(): void {
  keyLog().lastKey = undefined;
}

/** Jest's watch keys that start no run when they are the last one typed: usage, prompts opened or cancelled, quit. */
const KEYS_STARTING_NO_RUN = new Set(['w', 'p', 't', 'q', '\u001b']);

export function keyMayStartRun(key: string): boolean {
  return !KEYS_STARTING_NO_RUN.has(key);
}
