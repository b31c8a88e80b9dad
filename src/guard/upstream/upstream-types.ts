/** The contract between the guard's pipeline and an upstream transport (HTTP, legacy HTTP+SSE, stdio). */
import type { ServerResponse } from 'node:http';
import type { JsonRpcMessage } from '../../mcp/json-rpc.ts';

export interface StreamSlots {
  /** Takes an open-stream slot; false when the guard is at its cap. */
  tryOpen(): boolean;
  release(): void;
}

export interface ForwardContext {
  httpMethod: 'POST' | 'GET' | 'DELETE';
  /** Inbound headers the upstream may see (lowercase names); never Authorization, Cookie or Host. */
  headers: Record<string, string>;
  body: Buffer | null;
  messages: JsonRpcMessage[];
  batch: boolean;
  principalId: string;
  /** The guard-checked session id (already verified to belong to this principal), if any. */
  sessionId: string | undefined;
  era: 'modern' | 'session';
  /** clientInfo.name from this request's initialize (or 2026 `_meta`), remembered with a minted session. */
  clientName: string | null;
  /** Rewrites JSON-RPC responses (list filtering); null streams the upstream bytes untouched. */
  rewrite: ((message: JsonRpcMessage) => JsonRpcMessage) | null;
  /** Responses the guard answers itself within a batch (policy denials), merged into the upstream's answer. */
  extraResponses: JsonRpcMessage[];
  /** Called before response headers go out with a session id the upstream issued; false refuses it. */
  onSessionIssued(sessionId: string): boolean;
  onSessionClosed(sessionId: string): void;
  streams: StreamSlots;
}

export interface ForwardResult {
  status: number;
  bytesOut: number;
  /** Time to the upstream's response headers (or first message), ms; null when never reached. */
  upstreamMs: number | null;
  /** A short machine-readable failure kind for metrics and the audit log, or null. */
  error: string | null;
}

export interface Upstream {
  readonly kind: 'http' | 'legacy-sse' | 'stdio';
  forward(ctx: ForwardContext, res: ServerResponse): Promise<ForwardResult>;
  close(): Promise<void>;
}

/** Headers copied from the client to an HTTP upstream. Authorization is deliberately absent. */
export const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'mcp-protocol-version',
  'mcp-session-id',
  'mcp-method',
  'mcp-name',
  'last-event-id',
] as const;
