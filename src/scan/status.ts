/** The closed vocabulary of scan outcomes. Each is documented in docs/statuses.md. */
export const SCAN_STATUSES = [
  'mcp-open',
  'mcp-partial',
  'mcp-auth-required',
  'mcp-likely',
  'not-mcp',
  'http-error',
  'protocol-error',
  'tls-error',
  'timeout',
  'closed',
  'invalid-target',
] as const;

export type ScanStatus = (typeof SCAN_STATUSES)[number];

export const STATUS_DESCRIPTIONS: Readonly<Record<ScanStatus, string>> = {
  'mcp-open':
    'An MCP server proved itself (valid initialize or server/discover result) and listed its tools to an anonymous caller.',
  'mcp-partial':
    'An MCP server answered initialize or server/discover anonymously, but refused to list tools without credentials.',
  'mcp-auth-required':
    'An MCP endpoint demanded authentication before answering initialize or server/discover (401/403 with MCP or OAuth evidence).',
  'mcp-likely':
    'Passive hints only (406/405 wording, an SSE endpoint event, a bare 401 on an MCP path): probably MCP, not proven.',
  'not-mcp': 'An HTTP server answered, but nothing it said proves MCP (JSON-RPC look-alikes land here).',
  'http-error': 'The HTTP exchange failed: 5xx answers, malformed HTTP, a refused cross-origin redirect.',
  'protocol-error':
    'The server claims MCP but broke the protocol (malformed result, hostile SSE endpoint, body over the cap).',
  'tls-error': 'The TLS handshake failed.',
  timeout: 'A phase (connect, headers, body, or the whole endpoint budget) ran out of time.',
  closed: 'Nothing accepted the TCP connection.',
  'invalid-target': 'The target line could not be parsed; nothing was sent.',
};

/** Statuses that mean an MCP server is (or very probably is) there. */
export const MCP_STATUSES: ReadonlySet<ScanStatus> = new Set([
  'mcp-open',
  'mcp-partial',
  'mcp-auth-required',
]);
