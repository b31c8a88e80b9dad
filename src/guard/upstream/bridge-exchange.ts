/**
 * One inbound HTTP POST waiting on upstream messages, answered the Streamable HTTP way: an SSE stream
 * (related notifications, then the responses) when the client accepts it, otherwise one JSON body once
 * every request in it is answered.
 */
import type { ServerResponse } from 'node:http';
import { JSON_RPC_ERRORS, type JsonRpcId, type JsonRpcMessage, jsonRpcError } from '../../mcp/json-rpc.ts';
import { formatSseEvent, writeChunk } from './stream-write.ts';
import type { ForwardResult } from './upstream-types.ts';

export interface Exchange {
  readonly sse: boolean;
  readonly progressTokens: Set<string | number>;
  /** Upstream ids still unanswered. */
  readonly waiting: Set<string>;
  /** Writes SSE headers now (SSE mode), so the client sees the stream open before the first message. */
  open(): void;
  /** A server notification or request related to this exchange (SSE mode only; dropped otherwise). */
  relay(message: JsonRpcMessage): void;
  /** The response to upstream id `upstreamId`, already carrying the client's id. */
  answer(upstreamId: string, message: JsonRpcMessage): void;
  /** Responses the guard itself answered (policy denials in a batch). */
  preanswer(messages: JsonRpcMessage[]): void;
  /** Answers every unanswered request with a JSON-RPC error. */
  failRemaining(clientIds: Map<string, JsonRpcId>, message: string): void;
  readonly finished: Promise<ForwardResult>;
  markUpstreamSeen(): void;
  clientGone(): boolean;
}

export function createExchange(input: {
  res: ServerResponse;
  sse: boolean;
  batch: boolean;
  headers: Record<string, string>;
  maxResponseBytes: number;
  rewrite: ((m: JsonRpcMessage) => JsonRpcMessage) | null;
  started: number;
}): Exchange {
  const { res, sse, batch } = input;
  const collected: JsonRpcMessage[] = [];
  const waiting = new Set<string>();
  let bytesOut = 0;
  let upstreamMs: number | null = null;
  let ended = false;
  let resolveFinished: (r: ForwardResult) => void = () => undefined;
  const finished = new Promise<ForwardResult>((resolve) => {
    resolveFinished = resolve;
  });

  function open(): void {
    if (!sse || res.headersSent) return;
    res.writeHead(200, {
      ...input.headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
  }

  function emit(message: JsonRpcMessage): void {
    let text = JSON.stringify(message);
    if (Buffer.byteLength(text) > input.maxResponseBytes && 'id' in message && !('method' in message)) {
      text = JSON.stringify(
        jsonRpcError(message.id, JSON_RPC_ERRORS.INTERNAL_ERROR, 'Upstream response exceeds the size cap'),
      );
    }
    const frame = formatSseEvent({ event: 'message', data: text, id: null });
    bytesOut += Buffer.byteLength(frame);
    void writeChunk(res, frame);
  }

  function finish(): void {
    if (ended) return;
    ended = true;
    let status = 200;
    if (sse) {
      if (!res.writableEnded) res.end();
    } else if (!res.headersSent) {
      let body = JSON.stringify(batch ? collected : collected[0]);
      if (Buffer.byteLength(body) > input.maxResponseBytes) {
        status = 502;
        body = JSON.stringify(
          jsonRpcError(null, JSON_RPC_ERRORS.INTERNAL_ERROR, 'Upstream response exceeds the size cap'),
        );
      }
      bytesOut = Buffer.byteLength(body);
      res.writeHead(status, {
        ...input.headers,
        'content-type': 'application/json',
        'content-length': String(bytesOut),
      });
      res.end(body);
    }
    resolveFinished({ status, bytesOut, upstreamMs, error: null });
  }

  return {
    sse,
    progressTokens: new Set(),
    waiting,
    open,
    finished,
    markUpstreamSeen() {
      if (upstreamMs === null) upstreamMs = performance.now() - input.started;
    },
    relay(message) {
      if (sse && !ended) {
        open();
        emit(message);
      }
    },
    answer(upstreamId, message) {
      if (!waiting.delete(upstreamId) || ended) return;
      const out = input.rewrite === null ? message : input.rewrite(message);
      if (sse) {
        open();
        emit(out);
      } else {
        collected.push(out);
      }
      if (waiting.size === 0) finish();
    },
    preanswer(messages) {
      for (const m of messages) {
        if (sse) {
          open();
          emit(m);
        } else {
          collected.push(m);
        }
      }
      if (waiting.size === 0 && messages.length > 0) finish();
    },
    failRemaining(clientIds, message) {
      for (const upstreamId of [...waiting]) {
        const id = clientIds.get(upstreamId) ?? null;
        this.answer(upstreamId, jsonRpcError(id, JSON_RPC_ERRORS.INTERNAL_ERROR, message));
      }
    },
    clientGone() {
      if (ended) return false;
      ended = true;
      resolveFinished({ status: 499, bytesOut, upstreamMs, error: 'client-closed' });
      return true;
    },
  };
}
