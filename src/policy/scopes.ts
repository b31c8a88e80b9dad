/**
 * OAuth scopes and their hierarchy. A granted scope covers a required one when:
 *   - they are equal: `files:read` covers `files:read`;
 *   - the granted scope is a parent: `files` covers `files:read` and `files:read:meta`;
 *   - the granted scope ends in `:*`: `files:*` covers `files:read` (but not `files` itself).
 * Segments are separated by `:`. Nothing covers everything: a bare `*` is just an unusual name.
 */

/** RFC 6749 section 3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}

export function scopeCovers(granted: string, required: string): boolean {
  if (granted === required) return true;
  if (granted.endsWith(':*')) {
    const prefix = granted.slice(0, -1); // keeps the trailing ':'
    return required.length > prefix.length && required.startsWith(prefix);
  }
  return required.startsWith(`${granted}:`);
}

export function hasScope(granted: readonly string[], required: string): boolean {
  return granted.some((g) => scopeCovers(g, required));
}

/** The required scopes that the granted set does not cover, in the order given. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  return required.filter((r) => !hasScope(granted, r));
}

/** Parse a `scope` claim (space-separated string) or `scp` claim (array or string) into a list. */
export function parseScopeClaim(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((s) => s.length > 0);
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [];
}
