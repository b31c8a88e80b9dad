/**
 * One registry of stable error codes. Expected scan outcomes (closed port, 401,
 * not MCP) are values, not errors; these codes are for misuse and real faults.
 * Every code here is documented in docs/errors.md (a test enforces it).
 */
export const ERROR_CODES = {
  ERR_INVALID_TARGET: 'A target line could not be parsed (bad host, port, CIDR or URL).',
  ERR_INVALID_OPTION: 'A command-line flag or library option has an invalid value.',
  ERR_INVALID_CONFIG: 'A configuration file failed validation; the message names the key.',
  ERR_INVALID_POLICY: 'A policy rule failed validation; the message names the rule.',
  ERR_INPUT_READ: 'A target list or results file could not be read.',
  ERR_RESULTS_FORMAT: 'A results file is not a valid mcp-lockdown JSON or JSONL run.',
  ERR_BODY_TOO_LARGE: 'A remote body or stream exceeded its byte cap.',
  ERR_TIMEOUT: 'A network phase exceeded its timeout.',
  ERR_REDIRECT_REFUSED: 'A redirect to another origin was not followed.',
  ERR_UNSAFE_BIND: 'The guard refused to listen beyond loopback without authentication.',
  ERR_UPSTREAM: 'The guard could not reach or start its upstream MCP server.',
  ERR_KEY_STORE: 'The API key store could not be read or written.',
  ERR_LAB_START: 'A lab server failed to start.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable, documented code; tests assert the code, not the message. */
export class LockdownError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LockdownError';
    this.code = code;
    this.details = details;
  }
}

export function isLockdownError(value: unknown, code?: ErrorCode): value is LockdownError {
  return value instanceof LockdownError && (code === undefined || value.code === code);
}
