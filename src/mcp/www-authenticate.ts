import { LockdownError } from '../errors.ts';
import type { AuthChallenge } from '../scan/observation.ts';

/**
 * WWW-Authenticate parsing and building (RFC 9110 section 11.6.1):
 *   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param = token BWS "=" BWS ( token / quoted-string )
 * The header comes from servers we scan, so the parser is lenient (unquoted URLs, missing spaces or
 * commas), bounded in output, and never throws.
 */

export const WWW_AUTHENTICATE_LIMITS = {
  challenges: 16,
  paramsPerChallenge: 32,
  valueChars: 2048,
  nameChars: 256,
} as const;

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN68_CHAR = /^[-._~+/0-9A-Za-z]$/;

function isTchar(ch: string | undefined): boolean {
  return ch !== undefined && TCHAR.test(ch);
}

function isWs(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Parse one or more WWW-Authenticate header values into challenges. Never throws. */
export function parseWwwAuthenticate(header: string | string[] | null | undefined): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  if (header === null || header === undefined) return out;
  const values = Array.isArray(header) ? header : [header];
  for (const value of values) {
    if (out.length >= WWW_AUTHENTICATE_LIMITS.challenges) break;
    if (typeof value !== 'string') continue;
    parseOne(value, out);
  }
  return out;
}

interface Draft {
  scheme: string;
  params: Map<string, string>;
  token68: string | null;
}

function parseOne(s: string, out: AuthChallenge[]): void {
  const n = s.length;
  let i = 0;
  let current: Draft | null = null;
  const flush = (): void => {
    if (current === null) return;
    // Object.fromEntries defines own properties: a '__proto__' param cannot reach the prototype.
    out.push({
      scheme: current.scheme,
      params: Object.fromEntries(current.params),
      token68: current.token68,
    });
    current = null;
  };

  const skipWs = (): void => {
    while (i < n && isWs(s[i])) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && isTchar(s[i])) i++;
    return s.slice(start, i);
  };
  /** Skip to just past the next comma (junk we cannot make sense of). */
  const skipToComma = (): void => {
    while (i < n && s[i] !== ',') i++;
    if (i < n) i++;
  };
  /** True when a `token BWS =` starts at j (an auth-param, not a new scheme). */
  const paramAhead = (from: number): boolean => {
    let j = from;
    while (j < n && isTchar(s[j])) j++;
    if (j === from) return false;
    while (j < n && (s[j] === ' ' || s[j] === '\t')) j++;
    return s[j] === '=';
  };
  /** True when a token68 starting at i runs to the end of the element (end or comma). */
  const token68Ahead = (): number => {
    let j = i;
    while (j < n && TOKEN68_CHAR.test(s[j]!)) j++;
    if (j === i) return -1;
    while (j < n && s[j] === '=') j++;
    const end = j;
    while (j < n && isWs(s[j])) j++;
    return j >= n || s[j] === ',' ? end : -1;
  };

  while (i < n) {
    // Separators and empty list elements.
    while (i < n && (isWs(s[i]) || s[i] === ',')) i++;
    if (i >= n) break;

    if (current !== null && paramAhead(i)) {
      readParam(current);
      continue;
    }
    const scheme = readToken();
    if (scheme.length === 0) {
      // Not a token where a scheme or param belongs: skip this element.
      i++;
      skipToComma();
      continue;
    }
    flush();
    if (out.length >= WWW_AUTHENTICATE_LIMITS.challenges) return;
    const draft: Draft = {
      scheme: scheme.slice(0, WWW_AUTHENTICATE_LIMITS.nameChars),
      params: new Map(),
      token68: null,
    };
    current = draft;
    skipWs();
    if (i >= n || s[i] === ',') continue;
    const t68End = token68Ahead();
    if (t68End !== -1) {
      draft.token68 = s.slice(i, t68End).slice(0, WWW_AUTHENTICATE_LIMITS.valueChars);
      skipToComma();
      continue;
    }
    if (paramAhead(i)) {
      readParam(draft);
      continue;
    }
    // Something after the scheme that is neither token68 nor a param: ignore it.
    skipToComma();
  }
  flush();

  function readParam(draft: Draft): void {
    const name = readToken().toLowerCase();
    skipWs();
    i++; // the '=' that paramAhead saw
    skipWs();
    let value: string;
    if (s[i] === '"') {
      i++;
      const parts: string[] = [];
      let start = i;
      while (i < n && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < n) {
          parts.push(s.slice(start, i));
          start = i + 1;
          i += 2;
          continue;
        }
        i++;
      }
      parts.push(s.slice(start, i));
      if (i < n) i++; // closing quote; an unterminated string runs to the end
      value = parts.join('');
    } else {
      // Lenient token: real servers send URLs unquoted. Runs to a comma; stops at whitespace only when
      // another param follows (a missing comma).
      const start = i;
      let end = i;
      while (i < n && s[i] !== ',') {
        if (isWs(s[i])) {
          let j = i;
          while (j < n && isWs(s[j])) j++;
          if (j >= n || s[j] === ',' || paramAhead(j)) break;
          i = j;
          continue;
        }
        i++;
        end = i;
      }
      value = s.slice(start, end);
    }
    // After the value: a comma, the end, or (missing comma) another param; anything else is junk.
    skipWs();
    if (i < n && s[i] !== ',' && !paramAhead(i)) skipToComma();
    if (name.length === 0 || name.length > WWW_AUTHENTICATE_LIMITS.nameChars) return;
    if (draft.params.has(name)) return; // RFC 9110: a name occurs once; keep the first
    if (draft.params.size >= WWW_AUTHENTICATE_LIMITS.paramsPerChallenge) return;
    draft.params.set(name, value.slice(0, WWW_AUTHENTICATE_LIMITS.valueChars));
  }
}

/** Find the first challenge with this scheme (compared case-insensitively). */
export function findChallenge(challenges: AuthChallenge[], scheme: string): AuthChallenge | undefined {
  const wanted = scheme.toLowerCase();
  return challenges.find((c) => c.scheme.toLowerCase() === wanted);
}

/**
 * Build one challenge with every param value as a quoted-string. Characters a header cannot carry
 * (controls other than tab, and anything outside printable ASCII) become '?', so the result is always
 * a valid header value. Scheme and param names must be tokens.
 */
export function buildWwwAuthenticate(challenge: { scheme: string; params: Record<string, string> }): string {
  if (!TOKEN.test(challenge.scheme)) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `WWW-Authenticate scheme is not a token: ${JSON.stringify(challenge.scheme)}`,
    );
  }
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(challenge.params)) {
    if (!TOKEN.test(name)) {
      throw new LockdownError(
        'ERR_INVALID_OPTION',
        `WWW-Authenticate param name is not a token: ${JSON.stringify(name)}`,
      );
    }
    const value = String(raw)
      .replace(/[^\t\x20-\x7e]/g, '?')
      .replace(/["\\]/g, '\\$&');
    parts.push(`${name}="${value}"`);
  }
  return parts.length === 0 ? challenge.scheme : `${challenge.scheme} ${parts.join(', ')}`;
}
