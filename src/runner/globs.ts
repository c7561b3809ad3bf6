import picomatch from 'picomatch';

/** A matcher of rootDir-relative "/" paths against globs (none: matches nothing). */
export function globsToMatcher(globs: string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch(globs, { dot: true });
  return (file) => match(file);
}
