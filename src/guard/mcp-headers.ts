/**
 * 2026-07-28 request metadata headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) checked against
 * the JSON-RPC body. A gateway that decides on these values must verify them, or a client could route on
 * one name and execute another. Older protocol versions never get their headers trusted: the guard
 * always decides on the body.
 */

export const MODERN_PROTOCOL_VERSION = '2026-07-28';
export const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';

/** Methods whose `Mcp-Name` header mirrors `params.name` or `params.uri`. */
const NAMED_METHODS: Record<string, 'name' | 'uri'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

const SENTINEL_PREFIX = '=?base64?';
const SENTINEL_SUFFIX = '?=';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes the Base64 sentinel form `=?base64?...?=`; plain values come back unchanged. Returns null for a
 * sentinel whose payload is not valid Base64 or not valid UTF-8 (a malformed header).
 */
export function decodeHeaderValue(value: string): string | null {
  if (!(value.startsWith(SENTINEL_PREFIX) && value.endsWith(SENTINEL_SUFFIX))) return value;
  if (value.length < SENTINEL_PREFIX.length + SENTINEL_SUFFIX.length) return value;
  const payload = value.slice(SENTINEL_PREFIX.length, value.length - SENTINEL_SUFFIX.length);
  if (!BASE64.test(payload) || payload.length % 4 !== 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(payload, 'base64'));
  } catch {
    return null;
  }
}

/** True for a version string that requires header/body validation (2026-07-28 and later date versions). */
export function isModernVersion(version: string | undefined): boolean {
  return (
    typeof version === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= MODERN_PROTOCOL_VERSION
  );
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The body's `_meta` protocol version claim, if the message carries one. */
export function bodyProtocolVersion(message: unknown): string | undefined {
  const meta = record(record(record(message)?.params)?._meta);
  const version = meta?.[PROTOCOL_VERSION_META_KEY];
  return typeof version === 'string' ? version : undefined;
}

/** The body value `Mcp-Name` must mirror for this method, or undefined when the method is not named. */
export function bodyName(message: unknown): string | undefined {
  const msg = record(message);
  const method = msg?.method;
  if (typeof method !== 'string') return undefined;
  const field = NAMED_METHODS[method];
  if (field === undefined) return undefined;
  const value = record(msg?.params)?.[field];
  return typeof value === 'string' ? value : undefined;
}

export type HeaderLookup = (name: string) => string | undefined;

export interface HeaderCheck {
  /** 'modern' when the request claims 2026-07-28 or later by header or body; otherwise 'session'. */
  era: 'modern' | 'session';
  /** null when consistent; otherwise why the request must be rejected with -32020. */
  mismatch: string | null;
}

/**
 * Checks one JSON-RPC request against the mirrored headers. Only requests (messages with a method) are
 * checked; the era is modern when either the header or the body claims a modern version, so a client
 * cannot dodge validation by omitting one of them.
 */
export function checkMirroredHeaders(header: HeaderLookup, message: unknown): HeaderCheck {
  const headerVersion = header('mcp-protocol-version');
  const bodyVersion = bodyProtocolVersion(message);
  const modern = isModernVersion(headerVersion) || isModernVersion(bodyVersion);
  if (!modern) return { era: 'session', mismatch: null };
  const method = record(message)?.method;
  if (typeof method !== 'string') return { era: 'modern', mismatch: null };
  if (headerVersion === undefined)
    return { era: 'modern', mismatch: 'MCP-Protocol-Version header is missing' };
  if (headerVersion !== bodyVersion) {
    return {
      era: 'modern',
      mismatch: `MCP-Protocol-Version header '${headerVersion}' does not match body _meta value '${bodyVersion ?? '(absent)'}'`,
    };
  }
  const headerMethod = header('mcp-method');
  if (headerMethod === undefined) return { era: 'modern', mismatch: 'Mcp-Method header is missing' };
  if (headerMethod !== method) {
    return {
      era: 'modern',
      mismatch: `Mcp-Method header '${headerMethod}' does not match body method '${method}'`,
    };
  }
  if (NAMED_METHODS[method] === undefined) return { era: 'modern', mismatch: null };
  const expected = bodyName(message);
  const rawName = header('mcp-name');
  if (rawName === undefined) return { era: 'modern', mismatch: 'Mcp-Name header is missing' };
  const decoded = decodeHeaderValue(rawName);
  if (decoded === null) return { era: 'modern', mismatch: 'Mcp-Name header has a malformed Base64 sentinel' };
  if (expected === undefined || decoded !== expected) {
    return {
      era: 'modern',
      mismatch: `Mcp-Name header '${decoded}' does not match body value '${expected ?? '(absent)'}'`,
    };
  }
  return { era: 'modern', mismatch: null };
}
