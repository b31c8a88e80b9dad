import type { NetFailure } from '../net/net-failure.ts';
import type { PathVerdict } from './endpoint-facts.ts';
import type { HttpAnswer } from './rpc-exchange.ts';

/** What one era's handshake at one path came to. */
export type EraAttempt =
  /** MCP proven; listing done (status open or partial). */
  | { kind: 'confirmed'; verdict: PathVerdict }
  /** 401/403 at the handshake. */
  | { kind: 'refused'; answer: HttpAnswer }
  /** Passive hint only: probably MCP. */
  | { kind: 'hint'; note: string; supportedVersions?: string[] }
  /** A JSON-RPC server that is not MCP (look-alike). */
  | { kind: 'lookalike'; note: string }
  /** Claims MCP but broke the protocol. */
  | { kind: 'protocol-error'; note: string }
  | { kind: 'failure'; failure: NetFailure }
  | { kind: 'redirect-refused'; note: string }
  /** This era is not spoken here; `answer` is what the path said instead. */
  | { kind: 'absent'; answer: HttpAnswer | null };

/** Hints a server gives without proving anything: SDK wording on 405/406 and the like. */
export function passiveHint(answer: HttpAnswer): string | null {
  const text = answer.snippet.toLowerCase();
  if (answer.status === 406 && text.includes('text/event-stream')) {
    return `HTTP 406 asking for text/event-stream (Streamable HTTP wording)`;
  }
  if (
    (answer.status === 405 || answer.status === 400) &&
    text.includes('"jsonrpc"') &&
    /mcp-session-id|session|method not allowed|not initialized/.test(text)
  ) {
    return `HTTP ${answer.status} with a JSON-RPC body mentioning sessions or methods (SDK wording)`;
  }
  if (answer.contentType.startsWith('text/event-stream') && answer.snippet.includes('event: endpoint')) {
    return 'SSE stream with an endpoint event';
  }
  return null;
}

export function lookalikeNote(answer: HttpAnswer, method: string): string | null {
  const r = answer.response;
  if (r && 'error' in r)
    return `JSON-RPC server answered ${method} with error ${r.error.code}: ${r.error.message.slice(0, 120)}`;
  if (r && 'result' in r) return `JSON-RPC server answered ${method} with a result that is not MCP`;
  return null;
}
