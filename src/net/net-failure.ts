/** Why a network exchange failed, as a value: expected outcomes of scanning are not exceptions. */
export type NetFailureKind = 'refused' | 'timeout' | 'tls' | 'reset' | 'http-parse' | 'too-large' | 'other';

export interface NetFailure {
  kind: NetFailureKind;
  /** The underlying error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, ERR_SSL_...). */
  code: string;
  message: string;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ABORT_ERR',
  'UND_ERR_ABORTED',
  'ERR_TIMEOUT',
]);
const REFUSED_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

/** Map any thrown error from node:net, node:tls or undici to a NetFailure. */
export function classifyNetError(error: unknown): NetFailure {
  const err = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown } | null;
  const code =
    typeof err?.code === 'string' ? err.code : typeof err?.name === 'string' ? err.name : 'UNKNOWN';
  const message = typeof err?.message === 'string' ? err.message : String(error);
  if (TIMEOUT_CODES.has(code) || err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { kind: 'timeout', code, message };
  }
  if (REFUSED_CODES.has(code)) return { kind: 'refused', code, message };
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO' || /SSL|TLS/.test(code)) {
    return { kind: 'tls', code, message };
  }
  if (code.startsWith('HPE_') || code === 'UND_ERR_INFO' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return { kind: 'http-parse', code, message };
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return { kind: 'too-large', code, message };
  }
  if (RESET_CODES.has(code)) {
    const cause = err?.cause;
    if (cause && cause !== error) {
      const inner = classifyNetError(cause);
      if (inner.kind !== 'other') return inner;
    }
    return { kind: 'reset', code, message };
  }
  return { kind: 'other', code, message };
}
