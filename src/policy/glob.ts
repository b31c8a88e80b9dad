import { LockdownError } from '../errors.ts';

/**
 * Name patterns for policy: `*` matches any run of characters (including `/` and `:`), `?` matches
 * exactly one, everything else is literal and case-sensitive. No character classes or braces: a
 * policy should be readable at a glance, and a smaller language has fewer surprises.
 */

export const MAX_PATTERN_LENGTH = 512;

/** Why a pattern is unusable, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return 'pattern contains control characters';
  return null;
}

function patternSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += ch.replace(/[\\^$.|+()[\]{}*?/-]/g, '\\$&');
  }
  // Collapse runs of stars so `a***b` cannot cause heavy backtracking.
  return out.replace(/(?:\[\\s\\S\]\*){2,}/g, '[\\s\\S]*');
}

/** Compile several patterns into one anchored matcher; throws ERR_INVALID_POLICY naming `where`. */
export function compileGlobs(patterns: readonly string[], where: string): (value: string) => boolean {
  if (patterns.length === 0) return () => false;
  patterns.forEach((p, i) => {
    const problem = patternProblem(p);
    if (problem !== null) throw new LockdownError('ERR_INVALID_POLICY', `${where}[${i}]: ${problem}`);
  });
  if (patterns.includes('*')) return () => true;
  const re = new RegExp(`^(?:${patterns.map(patternSource).join('|')})$`, 'u');
  return (value) => re.test(value);
}

/** One-off match, for callers that do not keep a compiled matcher. */
export function globMatch(pattern: string, value: string): boolean {
  return compileGlobs([pattern], 'pattern')(value);
}
