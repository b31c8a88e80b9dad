/**
 * JSON-RPC 2.0 message shapes (https://www.jsonrpc.org/specification) as MCP uses them: classify untrusted
 * JSON into requests, notifications and responses, parse payloads (single or batch), build errors.
 * Classification copies only the known members into fresh objects, so nothing from the wire is merged.
 */

export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: unknown;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
}

export interface JsonRpcSuccess {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: unknown;
}

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: { code: number; message: string; data?: unknown };
}

export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcSuccess | JsonRpcErrorResponse;

export const JSON_RPC_ERRORS = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** MCP 2026-07-28: Mcp-Method / Mcp-Name headers disagree with the body. */
  HEADER_MISMATCH: -32020,
  /** MCP 2026-07-28: the requested protocol version is not supported. */
  UNSUPPORTED_PROTOCOL_VERSION: -32022,
} as const;

type Classified = { ok: true; message: JsonRpcMessage } | { ok: false; reason: string };

const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function isStructured(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** Classify one value, saying why when it is not a JSON-RPC 2.0 message. */
export function describeJsonRpcMessage(value: unknown): Classified {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `expected a JSON object, got ${kindOf(value)}` };
  }
  const o = value as Record<string, unknown>;
  if (!has(o, 'jsonrpc') || o.jsonrpc !== '2.0') return { ok: false, reason: 'missing "jsonrpc": "2.0"' };
  const hasMethod = has(o, 'method');
  const hasResult = has(o, 'result');
  const hasError = has(o, 'error');
  const hasId = has(o, 'id');
  if (hasId && !isId(o.id)) return { ok: false, reason: '"id" must be a string, a number or null' };
  const id = (hasId ? o.id : null) as JsonRpcId;

  if (hasMethod) {
    if (hasResult || hasError)
      return { ok: false, reason: 'a message cannot have both "method" and a result/error' };
    if (typeof o.method !== 'string') return { ok: false, reason: '"method" must be a string' };
    // The spec requires params, when present, to be an object or an array.
    if (has(o, 'params') && !isStructured(o.params)) {
      return { ok: false, reason: '"params" must be an object or an array' };
    }
    const base = hasId
      ? { jsonrpc: '2.0' as const, id, method: o.method }
      : { jsonrpc: '2.0' as const, method: o.method };
    return { ok: true, message: has(o, 'params') ? { ...base, params: o.params } : base };
  }
  if (hasResult && hasError) return { ok: false, reason: 'a response cannot have both "result" and "error"' };
  if (!hasResult && !hasError) return { ok: false, reason: 'no "method", "result" or "error" member' };
  if (!hasId) return { ok: false, reason: 'a response must have an "id"' };
  if (hasResult) return { ok: true, message: { jsonrpc: '2.0', id, result: o.result } };

  const e = o.error;
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    return { ok: false, reason: '"error" must be an object' };
  const eo = e as Record<string, unknown>;
  if (!has(eo, 'code') || !Number.isInteger(eo.code))
    return { ok: false, reason: '"error.code" must be an integer' };
  if (!has(eo, 'message') || typeof eo.message !== 'string') {
    return { ok: false, reason: '"error.message" must be a string' };
  }
  const error: JsonRpcErrorResponse['error'] = { code: eo.code as number, message: eo.message };
  if (has(eo, 'data')) error.data = eo.data;
  return { ok: true, message: { jsonrpc: '2.0', id, error } };
}

/** Shape check: the message, rebuilt from its known members, or null if it is not JSON-RPC 2.0. */
export function classifyJsonRpcMessage(value: unknown): JsonRpcMessage | null {
  const c = describeJsonRpcMessage(value);
  return c.ok ? c.message : null;
}

const MAX_REASON_DETAIL = 160;

/** Parse a JSON-RPC payload: one message or a non-empty batch array. */
export function parseJsonRpcPayload(
  text: string,
): { ok: true; messages: JsonRpcMessage[]; batch: boolean } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `invalid JSON: ${detail.slice(0, MAX_REASON_DETAIL)}` };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { ok: false, reason: 'empty batch' };
    const messages: JsonRpcMessage[] = [];
    for (let k = 0; k < value.length; k++) {
      const c = describeJsonRpcMessage(value[k]);
      if (!c.ok) return { ok: false, reason: `batch item ${k} is not a JSON-RPC 2.0 message: ${c.reason}` };
      messages.push(c.message);
    }
    return { ok: true, messages, batch: true };
  }
  const c = describeJsonRpcMessage(value);
  if (!c.ok) return { ok: false, reason: `not a JSON-RPC 2.0 message: ${c.reason}` };
  return { ok: true, messages: [c.message], batch: false };
}

export function isRequest(m: JsonRpcMessage): m is JsonRpcRequest {
  return 'method' in m && 'id' in m;
}

export function isNotification(m: JsonRpcMessage): m is JsonRpcNotification {
  return 'method' in m && !('id' in m);
}

export function isSuccessResponse(m: JsonRpcMessage): m is JsonRpcSuccess {
  return 'result' in m && !('method' in m);
}

export function isErrorResponse(m: JsonRpcMessage): m is JsonRpcErrorResponse {
  return 'error' in m && !('method' in m);
}

/** The first response (success or error) whose id equals `id` (strictly: "1" is not 1). */
export function findResponse(
  messages: JsonRpcMessage[],
  id: JsonRpcId,
): JsonRpcSuccess | JsonRpcErrorResponse | undefined {
  for (const m of messages) {
    if ((isSuccessResponse(m) || isErrorResponse(m)) && m.id === id) return m;
  }
  return undefined;
}

export function jsonRpcError(
  id: JsonRpcId,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcErrorResponse {
  const error: JsonRpcErrorResponse['error'] = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: '2.0', id, error };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
