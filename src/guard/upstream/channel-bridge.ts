/**
 * Inbound Streamable HTTP over message channels (stdio children, legacy HTTP+SSE connections).
 *
 * Mapping (documented in docs/guard.md):
 * - 2025 session era: each `initialize` opens a new channel (one child process / one upstream SSE
 *   connection) and the guard mints a random `Mcp-Session-Id` bound to the caller's principal. Later
 *   requests with that id reach that channel; DELETE or the idle timeout closes it.
 * - Sessionless traffic (2026-07-28 stateless requests, or 2025 clients that send no session id) shares
 *   one channel per principal, initialized by the guard itself.
 * - Request ids are rewritten on the way up (`g<n>`) and restored on the way back, so clients sharing a
 *   channel never collide. A channel that dies answers its pending requests with a JSON-RPC error; the
 *   next request starts a fresh one (a session's channel is re-initialized with the client's original
 *   `initialize` parameters, so the client keeps its session id).
 */
import type { ServerResponse } from 'node:http';
import { isLockdownError, LockdownError } from '../../errors.ts';
import {
  isNotification,
  isRequest,
  JSON_RPC_ERRORS,
  type JsonRpcId,
  type JsonRpcMessage,
  jsonRpcError,
} from '../../mcp/json-rpc.ts';
import { sendRpcError } from '../http-reply.ts';
import type { SessionRegistry } from '../session-registry.ts';
import {
  type Conversation,
  guardCall,
  newConversation,
  paramsOf,
  routeMessage,
} from './bridge-conversation.ts';
import { createExchange } from './bridge-exchange.ts';
import type { ChannelFactory, MessageChannel } from './message-channel.ts';
import type { ForwardContext, ForwardResult, Upstream } from './upstream-types.ts';

export interface ChannelBridgeOptions {
  kind: 'stdio' | 'legacy-sse';
  factory: ChannelFactory;
  registry: SessionRegistry;
  maxChildren: number;
  idleTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  guardVersion: string;
}

const DEFAULT_CLIENT_VERSION = '2025-11-25';
/** Versions a bridged (stdio / legacy SSE) upstream is offered through the guard. */
const BRIDGED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;

export function createChannelBridge(options: ChannelBridgeOptions): Upstream {
  const sessions = new Map<string, Conversation>();
  const pools = new Map<string, Conversation>();
  let nextId = 1;
  let closing = false;
  /** Errors the guard answers in the upstream's stead, with their audit reason (the upstream's own have none). */
  const guardAnswers = new WeakMap<JsonRpcMessage, string>();
  /** Conversations ended by DELETE, idle timeout or shutdown; a channel still opening for one is closed. */
  const retired = new WeakSet<Conversation>();

  const live = (): number => {
    let n = 0;
    for (const c of [...sessions.values(), ...pools.values()])
      if (c.channel?.alive === true || c.starting) n++;
    return n;
  };

  function touch(conv: Conversation): void {
    if (conv.idleTimer !== null) clearTimeout(conv.idleTimer);
    if (options.idleTimeoutMs <= 0) return;
    conv.idleTimer = setTimeout(() => {
      if (conv.pending.size > 0 || conv.starting !== null) return touch(conv);
      void retire(conv);
    }, options.idleTimeoutMs);
    conv.idleTimer.unref();
  }

  async function retire(conv: Conversation): Promise<void> {
    retired.add(conv);
    if (conv.idleTimer !== null) clearTimeout(conv.idleTimer);
    if (conv.sessionId !== null) {
      sessions.delete(conv.sessionId);
      options.registry.forget(conv.sessionId);
    } else if (pools.get(conv.principalId) === conv) {
      pools.delete(conv.principalId);
    }
    conv.getStream?.end();
    const channel = conv.channel;
    conv.channel = null;
    // A DELETE (or shutdown) with calls in flight: answer them now, not at upstream.timeoutMs.
    failPending(conv, 'Session ended before the upstream MCP server answered', 'session-closed');
    if (channel !== null) {
      channel.onClose = () => undefined;
      await channel.close();
    }
  }

  /** Answers every request still waiting on `conv` with a -32603 error, audited under `auditReason`. */
  function failPending(conv: Conversation, message: string, auditReason: string): void {
    const pending = [...conv.pending.values()];
    conv.pending.clear();
    for (const entry of pending) {
      const error = jsonRpcError(entry.clientId, JSON_RPC_ERRORS.INTERNAL_ERROR, message);
      guardAnswers.set(error, auditReason);
      entry.deliver(error);
    }
  }

  function crash(conv: Conversation, reason: string): void {
    conv.channel = null;
    failPending(
      conv,
      `Upstream MCP server ${options.kind === 'stdio' ? 'process' : 'connection'} ended (${reason}); a new one starts on the next request`,
      'upstream-ended',
    );
    conv.getStream?.end();
    if (conv.sessionId === null && pools.get(conv.principalId) === conv) pools.delete(conv.principalId);
    if (conv.sessionId !== null && conv.initParams === null) {
      sessions.delete(conv.sessionId);
      options.registry.forget(conv.sessionId);
    }
  }

  async function ensureChannel(conv: Conversation): Promise<MessageChannel> {
    if (conv.channel?.alive === true) return conv.channel;
    if (conv.starting !== null) return conv.starting;
    if (live() >= options.maxChildren) throw new LockdownError('ERR_UPSTREAM', 'cap');
    conv.starting = (async () => {
      const channel = await options.factory();
      channel.onMessage = (m) => routeMessage(conv, m);
      channel.onClose = (reason) => crash(conv, reason);
      try {
        if (conv.initParams !== null) {
          await guardCall(conv, channel, `g${nextId++}`, 'initialize', conv.initParams, options.timeoutMs);
          await channel.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        }
        if (retired.has(conv))
          throw new LockdownError('ERR_UPSTREAM', 'session ended while its upstream connection was opening');
      } catch (error) {
        // Nobody else holds this channel: left open it would outlive its session (and the guard).
        channel.onClose = () => undefined;
        await channel.close();
        throw error;
      }
      conv.channel = channel;
      return channel;
    })();
    try {
      return await conv.starting;
    } finally {
      conv.starting = null;
    }
  }

  /**
   * A stdio child or legacy SSE server speaks the 2025 era; the guard passes protocols through, it does not
   * translate them. A 2026-07-28 request gets the spec's unsupported-version answer listing what works,
   * and negotiating clients fall back to `initialize`.
   */
  function refuseModern(ctx: ForwardContext, res: ServerResponse): ForwardResult {
    const first = ctx.messages[0];
    const id = first !== undefined && 'id' in first ? first.id : null;
    const bytesOut = sendRpcError(
      res,
      400,
      JSON_RPC_ERRORS.UNSUPPORTED_PROTOCOL_VERSION,
      'Unsupported protocol version',
      {
        id,
        data: { supported: [...BRIDGED_VERSIONS], requested: ctx.headers['mcp-protocol-version'] ?? null },
      },
    );
    return { status: 400, bytesOut, upstreamMs: null, error: null };
  }

  function refuse(res: ServerResponse, status: number, message: string, error: string): ForwardResult {
    return {
      status,
      bytesOut: sendRpcError(res, status, JSON_RPC_ERRORS.INTERNAL_ERROR, message),
      upstreamMs: null,
      error,
    };
  }

  async function forward(ctx: ForwardContext, res: ServerResponse): Promise<ForwardResult> {
    if (closing) return refuse(res, 503, 'Guard is shutting down', 'shutting-down');
    const started = performance.now();
    if (ctx.era === 'modern') return refuseModern(ctx, res);
    const sessionId = ctx.era === 'session' ? ctx.sessionId : undefined;
    const existing = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (sessionId !== undefined && existing === undefined) {
      return {
        status: 404,
        bytesOut: sendRpcError(res, 404, -32001, 'Session not found'),
        upstreamMs: null,
        error: 'unknown-session',
      };
    }
    if (ctx.httpMethod === 'DELETE') {
      if (existing === undefined) return refuse(res, 405, 'DELETE needs an Mcp-Session-Id', 'no-session');
      await retire(existing);
      res.writeHead(200).end();
      return { status: 200, bytesOut: 0, upstreamMs: null, error: null };
    }
    if (ctx.httpMethod === 'GET') return openGetStream(ctx, res, existing);

    const initialize = ctx.messages.find((m) => isRequest(m) && m.method === 'initialize');
    let conv: Conversation;
    let newSession: string | null = null;
    if (initialize !== undefined && existing === undefined) {
      newSession = options.registry.mint(ctx.principalId, ctx.clientName);
      conv = newConversation(ctx.principalId, newSession);
    } else if (existing !== undefined) {
      conv = existing;
    } else {
      const pooled = pools.get(ctx.principalId);
      if (pooled !== undefined) conv = pooled;
      else {
        conv = newConversation(ctx.principalId, null);
        const version = ctx.headers['mcp-protocol-version'];
        conv.initParams = {
          protocolVersion: version !== undefined && version < '2026' ? version : DEFAULT_CLIENT_VERSION,
          capabilities: {},
          clientInfo: { name: 'mcp-lockdown-guard', version: options.guardVersion },
        };
      }
    }
    let channel: MessageChannel;
    try {
      channel = await ensureChannel(conv);
    } catch (error) {
      if (newSession !== null) options.registry.forget(newSession);
      if (isLockdownError(error) && error.message === 'cap') {
        return refuse(
          res,
          503,
          'Upstream capacity reached (too many child sessions); retry later',
          'child-cap',
        );
      }
      return refuse(
        res,
        502,
        `Upstream MCP server could not start: ${(error as Error).message}`,
        'upstream-start',
      );
    }
    if (newSession !== null) {
      sessions.set(newSession, conv);
      conv.initParams = paramsOf(initialize as JsonRpcMessage);
    } else if (conv.sessionId === null && !pools.has(ctx.principalId)) {
      pools.set(ctx.principalId, conv);
    }
    touch(conv);

    const requests = ctx.messages.filter(isRequest);
    const headers: Record<string, string> = newSession !== null ? { 'mcp-session-id': newSession } : {};
    const wantsSse = (ctx.headers.accept ?? '').includes('text/event-stream');
    const exchange = createExchange({
      res,
      sse: wantsSse,
      batch: ctx.batch,
      headers,
      maxResponseBytes: options.maxResponseBytes,
      rewrite: ctx.rewrite,
      started,
    });
    const clientIds = new Map<string, JsonRpcId>();
    const outgoing: JsonRpcMessage[] = [];
    // Why requests were answered by the guard instead of the upstream (200 with -32603), for the audit log.
    let failure: string | null = null;
    for (const m of ctx.messages) {
      if (!isRequest(m)) {
        outgoing.push(m);
      } else {
        const upstreamId = `g${nextId++}`;
        outgoing.push({ ...m, id: upstreamId });
        clientIds.set(upstreamId, m.id);
        exchange.waiting.add(upstreamId);
        const token = (paramsOf(m)._meta as Record<string, unknown> | undefined)?.progressToken;
        if (typeof token === 'string' || typeof token === 'number') exchange.progressTokens.add(token);
        conv.pending.set(upstreamId, {
          clientId: m.id,
          deliver: (reply) => {
            failure ??= guardAnswers.get(reply) ?? null;
            exchange.answer(upstreamId, reply);
          },
        });
      }
    }
    if (requests.length > 0) {
      conv.exchanges.add(exchange);
      exchange.open();
    }
    const answeredHere = requests.length > 0 || ctx.extraResponses.length > 0;
    if (ctx.extraResponses.length > 0) exchange.preanswer(ctx.extraResponses);
    const onClose = (): void => {
      if (!exchange.clientGone()) return;
      for (const upstreamId of exchange.waiting) {
        conv.pending.delete(upstreamId);
        void channel
          .send({
            jsonrpc: '2.0',
            method: 'notifications/cancelled',
            params: { requestId: upstreamId, reason: 'client disconnected' },
          })
          .catch(() => undefined);
      }
    };
    res.once('close', onClose);
    const timer =
      options.timeoutMs > 0 && requests.length > 0
        ? setTimeout(() => {
            for (const id of exchange.waiting) conv.pending.delete(id);
            if (exchange.waiting.size > 0) failure ??= 'timeout';
            exchange.failRemaining(clientIds, 'Upstream MCP server timed out');
          }, options.timeoutMs)
        : null;
    try {
      for (const m of outgoing) {
        if (isRequest(m)) {
          await channel.send(m);
        } else if (isNotification(m) && m.method === 'notifications/cancelled') {
          const target = paramsOf(m).requestId;
          const entry = [...conv.pending].find(([, p]) => p.clientId === target);
          if (entry !== undefined)
            await channel.send({ ...m, params: { ...paramsOf(m), requestId: entry[0] } });
        } else {
          await channel.send(m);
        }
      }
    } catch (error) {
      for (const id of exchange.waiting) conv.pending.delete(id);
      if (exchange.waiting.size > 0) failure ??= 'upstream-send';
      exchange.failRemaining(clientIds, `Upstream MCP server unavailable: ${(error as Error).message}`);
    }
    if (!answeredHere) {
      res.off('close', onClose);
      res.writeHead(202, headers).end();
      if (timer !== null) clearTimeout(timer);
      return { status: 202, bytesOut: 0, upstreamMs: null, error: null };
    }
    if (requests.length === 0) {
      res.off('close', onClose);
      if (timer !== null) clearTimeout(timer);
      return exchange.finished;
    }
    const result = await exchange.finished;
    if (timer !== null) clearTimeout(timer);
    res.off('close', onClose);
    conv.exchanges.delete(exchange);
    touch(conv);
    return failure !== null && result.error === null ? { ...result, error: failure } : result;
  }

  function openGetStream(
    ctx: ForwardContext,
    res: ServerResponse,
    conv: Conversation | undefined,
  ): Promise<ForwardResult> | ForwardResult {
    if (conv === undefined) return refuse(res, 405, 'GET needs an Mcp-Session-Id', 'no-session');
    if (conv.getStream !== null)
      return refuse(res, 409, 'A GET stream is already open for this session', 'stream-conflict');
    if (!ctx.streams.tryOpen()) return refuse(res, 503, 'Too many open streams; retry later', 'stream-cap');
    conv.getStream = res;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    return new Promise((resolve) => {
      res.once('close', () => {
        if (conv.getStream === res) conv.getStream = null;
        ctx.streams.release();
        resolve({ status: 200, bytesOut: 0, upstreamMs: null, error: null });
      });
    });
  }

  return {
    kind: options.kind,
    forward,
    async close() {
      closing = true;
      await Promise.all([...sessions.values(), ...pools.values()].map((c) => retire(c)));
    },
  };
}
