/** Protocol constants and request builders for every era the scanner speaks. */

export const MODERN_PROTOCOL_VERSION = '2026-07-28';
/** What we propose at `initialize` (2025 Streamable HTTP and legacy HTTP+SSE alike); servers may negotiate down. */
export const SESSION_ERA_PROTOCOL_VERSION = '2025-11-25';
/** Every revision we recognise, newest first. */
export const KNOWN_PROTOCOL_VERSIONS = [
  '2026-07-28',
  '2025-11-25',
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
] as const;

export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
export const META_CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
export const META_CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
export const META_SERVER_INFO = 'io.modelcontextprotocol/serverInfo';

export const HEADER_PROTOCOL_VERSION = 'mcp-protocol-version';
export const HEADER_SESSION_ID = 'mcp-session-id';
export const HEADER_METHOD = 'mcp-method';
export const HEADER_NAME = 'mcp-name';

/** Both media types: without text/event-stream, SDK servers answer 406. */
export const POST_ACCEPT = 'application/json, text/event-stream';

export interface ClientInfo {
  name: string;
  version: string;
}

export interface WireRequest {
  body: string;
  headers: Record<string, string>;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: POST_ACCEPT } as const;

/** A 2026-07-28 request: per-request `_meta` envelope plus the mirrored headers that must match it. */
export function buildModernRequest(
  id: number,
  method: string,
  clientInfo: ClientInfo,
  params: Record<string, unknown> = {},
): WireRequest {
  const envelope = {
    [META_PROTOCOL_VERSION]: MODERN_PROTOCOL_VERSION,
    [META_CLIENT_INFO]: clientInfo,
    [META_CLIENT_CAPABILITIES]: {},
  };
  return {
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: envelope } }),
    headers: { ...JSON_HEADERS, [HEADER_PROTOCOL_VERSION]: MODERN_PROTOCOL_VERSION, [HEADER_METHOD]: method },
  };
}

/** A 2025-era `initialize` (also the legacy HTTP+SSE handshake). */
export function buildInitializeRequest(id: number, clientInfo: ClientInfo): WireRequest {
  return {
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'initialize',
      params: { protocolVersion: SESSION_ERA_PROTOCOL_VERSION, capabilities: {}, clientInfo },
    }),
    headers: { ...JSON_HEADERS },
  };
}

/** A 2025-era request or notification after initialize (id null makes a notification). */
export function buildSessionRequest(
  id: number | null,
  method: string,
  negotiatedVersion: string,
  sessionId: string | null,
  params?: Record<string, unknown>,
): WireRequest {
  const message: Record<string, unknown> = { jsonrpc: '2.0', method };
  if (id !== null) message.id = id;
  if (params !== undefined) message.params = params;
  const headers: Record<string, string> = { ...JSON_HEADERS };
  // 2024-11-05 predates the header; sending it to such a server is harmless but untrue.
  if (negotiatedVersion !== '2024-11-05') headers[HEADER_PROTOCOL_VERSION] = negotiatedVersion;
  if (sessionId !== null) headers[HEADER_SESSION_ID] = sessionId;
  return { body: JSON.stringify(message), headers };
}

/** Whether a version string is one of the 2025 Streamable-HTTP-era revisions (or the 2024 one). */
export function isSessionEraVersion(version: string): boolean {
  return version === '2024-11-05' || version.startsWith('2025-');
}
