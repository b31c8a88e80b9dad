/**
 * One upstream conversation of the channel bridge (a stdio child or a legacy SSE connection, and the
 * inbound exchanges waiting on it), and how a message from the upstream finds its way back: responses by
 * rewritten id, progress by token, everything else to the session's GET stream or newest SSE exchange.
 */
import type { ServerResponse } from 'node:http';
import { LockdownError } from '../../errors.ts';
import type { JsonRpcId, JsonRpcMessage } from '../../mcp/json-rpc.ts';
import type { Exchange } from './bridge-exchange.ts';
import type { MessageChannel } from './message-channel.ts';
import { formatSseEvent, writeChunk } from './stream-write.ts';

export interface Pending {
  clientId: JsonRpcId;
  deliver(message: JsonRpcMessage): void;
}

export interface Conversation {
  sessionId: string | null;
  principalId: string;
  channel: MessageChannel | null;
  starting: Promise<MessageChannel> | null;
  initParams: Record<string, unknown> | null;
  pending: Map<string, Pending>;
  exchanges: Set<Exchange>;
  getStream: ServerResponse | null;
  idleTimer: NodeJS.Timeout | null;
}

export function paramsOf(m: JsonRpcMessage): Record<string, unknown> {
  const p = 'params' in m ? m.params : undefined;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

export function newConversation(principalId: string, sessionId: string | null): Conversation {
  return {
    sessionId,
    principalId,
    channel: null,
    starting: null,
    initParams: null,
    pending: new Map(),
    exchanges: new Set(),
    getStream: null,
    idleTimer: null,
  };
}

export function routeMessage(conv: Conversation, message: JsonRpcMessage): void {
  for (const ex of conv.exchanges) ex.markUpstreamSeen();
  if (!('method' in message)) {
    const id = message.id;
    const entry = typeof id === 'string' ? conv.pending.get(id) : undefined;
    if (entry === undefined || typeof id !== 'string') return;
    conv.pending.delete(id);
    entry.deliver({ ...message, id: entry.clientId });
    return;
  }
  const token = paramsOf(message).progressToken;
  if (
    message.method === 'notifications/progress' &&
    (typeof token === 'string' || typeof token === 'number')
  ) {
    for (const ex of conv.exchanges) {
      if (ex.progressTokens.has(token)) {
        ex.relay(message);
        return;
      }
    }
  }
  if (conv.getStream !== null) {
    void writeChunk(
      conv.getStream,
      formatSseEvent({ event: 'message', data: JSON.stringify(message), id: null }),
    );
    return;
  }
  const streams = [...conv.exchanges].filter((ex) => ex.sse);
  streams.at(-1)?.relay(message);
}

/** A request the guard itself makes (the initialize handshake of a new or restarted channel). */
export function guardCall(
  conv: Conversation,
  channel: MessageChannel,
  id: string,
  method: string,
  params: unknown,
  timeoutMs: number,
): Promise<JsonRpcMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        conv.pending.delete(id);
        reject(new LockdownError('ERR_TIMEOUT', `upstream did not answer ${method}`));
      },
      timeoutMs > 0 ? timeoutMs : 30_000,
    );
    conv.pending.set(id, {
      clientId: id,
      deliver: (m) => {
        clearTimeout(timer);
        if ('error' in m)
          reject(new LockdownError('ERR_UPSTREAM', `upstream refused ${method}: ${m.error.message}`));
        else resolve(m);
      },
    });
    channel.send({ jsonrpc: '2.0', id, method, params }).catch((e) => {
      clearTimeout(timer);
      conv.pending.delete(id);
      reject(e);
    });
  });
}
