/**
 * Every failure that a user can fix is an ImpactError: a stable `code`, a message that says what was
 * expected and what was found, and a `hint` that says how to fix it. The runner prints these as one
 * paragraph and never as a bare stack trace.
 */
export class ImpactError extends Error {
  readonly code: string;
  readonly hint: string;

  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }

  /** One paragraph for the terminal: what happened, then how to fix it. */
  toParagraph(): string {
    return `${this.message} ${this.hint} [${this.code}]`;
  }
}

/** An option value or option source could not be used. */
export class ConfigError extends ImpactError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('E_CONFIG', message, hint, options);
  }
}

/** The user's Jest is a version this runner does not support. */
export class UnsupportedJestError extends ImpactError {
  constructor(message: string, hint: string) {
    super('E_JEST_VERSION', message, hint);
  }
}

/** The store could not be opened, read or written. */
export class StoreError extends ImpactError {
  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(code, message, hint, options);
  }
}

/** A command-line argument could not be used. */
export class UsageError extends ImpactError {
  constructor(message: string, hint: string) {
    super('E_USAGE', message, hint);
  }
}

/** Turns any thrown value into a one-paragraph explanation. */
export function describeError(error: unknown): string {
  if (error instanceof ImpactError) return error.toParagraph();
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The live view's server could not start; the tests still run. */
export class LiveServerError extends ImpactError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('E_LIVE', message, hint, options);
  }
}
