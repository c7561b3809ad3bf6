import { whileMuted } from './fsAccessHooks';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

const MUTED = Symbol.for('jest-runner-impact.muted');

/** Wraps every method of `target` (own and inherited, not Object's) so that what it reads is not recorded. */
function muteMethods(target: unknown): void {
  if (!target || typeof target !== 'object' || (target as Record<symbol, unknown>)[MUTED]) return;
  const object = target as Record<string | symbol, unknown>;
  const names = new Set<string>();
  for (let proto: object | null = object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor && typeof descriptor.value === 'function') names.add(name);
    }
  }
  for (const name of names) {
    const original = object[name] as AnyFunction;
    object[name] = function (this: unknown, ...args: unknown[]) {
      return whileMuted(() => original.apply(this, args));
    };
  }
  object[MUTED] = true;
}

/**
 * Mutes what the test file's runtime reads while it resolves and transforms modules: a transformer such
 * as babel-jest (Babel looks for config files) or ts-jest (the TypeScript compiler reads sources) reads
 * through `fs` itself, and those reads are Jest's, not the tests'. The fields are private to
 * jest-runtime: `_scriptTransformer` and `_resolver` up to Jest 30.4, `transformCache.scriptTransformer`
 * and `_resolution.resolver` in 30.5. When none is found nothing is muted, which records more inputs
 * than needed (Babel's config lookups), never fewer.
 */
export function muteTransformerReads(runtime: unknown): void {
  const fields = runtime as {
    _scriptTransformer?: unknown;
    _resolver?: unknown;
    transformCache?: { scriptTransformer?: unknown };
    _resolution?: { resolver?: unknown };
  } | null;
  for (const target of [fields?._scriptTransformer, fields?._resolver, fields?.transformCache?.scriptTransformer, fields?._resolution?.resolver]) {
    muteMethods(target);
  }
}
