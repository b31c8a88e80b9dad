import type { ClientInfo } from '../mcp/protocol.ts';
import type { HttpClient } from '../net/http-client.ts';

/** What every probe step of one endpoint shares: the client, limits, the endpoint budget, counters. */
export interface ProbeContext {
  client: HttpClient;
  clientInfo: ClientInfo;
  /** Aborts when the whole-endpoint budget is spent. */
  signal: AbortSignal;
  /** Deadline of one exchange (headers and body). */
  requestTimeoutMs: number;
  /** Cap on any single body, and on the whole of an SSE stream. */
  maxBodyBytes: number;
  /** Pages of tools/list (and other lists) to follow at most. */
  maxListPages: number;
  maxTools: number;
  /** User headers (--header): sent to the target's own origin only, never to metadata hosts elsewhere. */
  targetHeaders: Record<string, string>;
  targetOrigin: string;
  /** Send the handshake with a foreign Origin first (DNS-rebinding test). */
  originCheck: boolean;
  /** Global request-rate gate (--rate). */
  acquire(): Promise<void>;
  evidence: string[];
  counters: { requests: number };
  /** Next JSON-RPC id for this endpoint. */
  nextId(): number;
}
