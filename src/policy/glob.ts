import { LockdownError } from '../errors.ts';

/**
 * Name patterns for policy: `*` matches any run of characters (including `/` and `:`), `?` matches
 * exactly one character (code point), everything else is literal and case-sensitive. No character
 * classes or braces: a policy should be readable at a glance.
 *
 * Matching does not use regular expressions: names come from clients, and a backtracking regex built
 * from a many-star pattern can be driven into exponential time. The two-pointer algorithm below is
 * O(name x pattern) in the worst case and linear in practice; decide() also caps name length.
 */

export const MAX_PATTERN_LENGTH = 512;

/** Why a pattern is unusable, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return 'pattern contains control characters';
  return null;
}

function matchPoints(p: readonly string[], v: readonly string[]): boolean {
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && p[pi] !== '*' && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star !== -1) {
      // Let the last star absorb one more character and retry from there.
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Compile several patterns into one matcher; throws ERR_INVALID_POLICY naming `where`. */
export function compileGlobs(patterns: readonly string[], where: string): (value: string) => boolean {
  patterns.forEach((p, i) => {
    const problem = patternProblem(p);
    if (problem !== null) throw new LockdownError('ERR_INVALID_POLICY', `${where}[${i}]: ${problem}`);
  });
  if (patterns.length === 0) return () => false;
  if (patterns.some((p) => /^\*+$/.test(p))) return () => true;
  const literals = new Set(patterns.filter((p) => !/[*?]/.test(p)));
  const prefixes = patterns.filter((p) => /^[^*?]+\*$/.test(p)).map((p) => p.slice(0, -1));
  const general = patterns.filter((p) => /[*?]/.test(p) && !/^[^*?]+\*$/.test(p)).map((p) => Array.from(p));
  return (value) => {
    if (literals.has(value)) return true;
    if (prefixes.some((prefix) => value.startsWith(prefix))) return true;
    if (general.length === 0) return false;
    const points = Array.from(value);
    return general.some((p) => matchPoints(p, points));
  };
}

/** One-off match, for callers that do not keep a compiled matcher. */
export function globMatch(pattern: string, value: string): boolean {
  return compileGlobs([pattern], 'pattern')(value);
}
