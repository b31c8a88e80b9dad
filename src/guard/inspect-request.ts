/**
 * The inspect step: parse the POST body as JSON-RPC and check the 2026-07-28 mirrored headers against
 * it. Older protocol versions never have their headers trusted. Pure over (body, headers).
 */
import {
  isRequest,
  JSON_RPC_ERRORS,
  type JsonRpcId,
  type JsonRpcMessage,
  parseJsonRpcPayload,
} from '../mcp/json-rpc.ts';
import { checkMirroredHeaders, type HeaderLookup } from './mcp-headers.ts';

export type Inspection =
  | {
      ok: true;
      messages: JsonRpcMessage[];
      batch: boolean;
      era: 'modern' | 'session';
      /** clientInfo.name from initialize or the 2026 `_meta`, if present. */
      clientName: string | null;
    }
  | { ok: false; status: 400; code: number; message: string; id: JsonRpcId };

function clientNameOf(m: JsonRpcMessage): string | null {
  if (!('params' in m) || typeof m.params !== 'object' || m.params === null) return null;
  const p = m.params as Record<string, unknown>;
  const info =
    (p.clientInfo as Record<string, unknown> | undefined) ??
    ((p._meta as Record<string, unknown> | undefined)?.['io.modelcontextprotocol/clientInfo'] as
      | Record<string, unknown>
      | undefined);
  return typeof info?.name === 'string' ? info.name.slice(0, 200) : null;
}

export function inspectPayload(body: Buffer, header: HeaderLookup): Inspection {
  const parsed = parseJsonRpcPayload(body.toString('utf8'));
  if (!parsed.ok) {
    const code = parsed.reason.startsWith('invalid JSON')
      ? JSON_RPC_ERRORS.PARSE_ERROR
      : JSON_RPC_ERRORS.INVALID_REQUEST;
    return {
      ok: false,
      status: 400,
      code,
      message: `${code === JSON_RPC_ERRORS.PARSE_ERROR ? 'Parse error' : 'Invalid Request'}: ${parsed.reason}`,
      id: null,
    };
  }
  let era: 'modern' | 'session' = 'session';
  for (const m of parsed.messages) {
    const check = checkMirroredHeaders(header, m);
    if (check.era === 'modern') era = 'modern';
    if (check.mismatch !== null) {
      return {
        ok: false,
        status: 400,
        code: JSON_RPC_ERRORS.HEADER_MISMATCH,
        message: `Header mismatch: ${check.mismatch}`,
        id: isRequest(m) ? m.id : null,
      };
    }
  }
  if (era === 'modern' && parsed.batch) {
    return {
      ok: false,
      status: 400,
      code: JSON_RPC_ERRORS.INVALID_REQUEST,
      message: 'Invalid Request: batches are not part of 2026-07-28',
      id: null,
    };
  }
  let clientName: string | null = null;
  for (const m of parsed.messages) clientName ??= clientNameOf(m);
  return { ok: true, messages: parsed.messages, batch: parsed.batch, era, clientName };
}
