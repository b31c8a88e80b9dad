/**
 * Streamable HTTP upstream (2025 session era and 2026-07-28 alike) over undici. Bytes are streamed through
 * chunk by chunk; only list responses are parsed (to filter them). The client's Authorization never
 * leaves the guard: the upstream sees only the configured upstream headers.
 */
import type { ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { JSON_RPC_ERRORS, type JsonRpcMessage, parseJsonRpcPayload } from '../../mcp/json-rpc.ts';
import { createSseParser } from '../../mcp/sse-parser.ts';
import { sendRpcError } from '../http-reply.ts';
import { formatSseEvent, writeChunk } from './stream-write.ts';
import { startExchange, type UpstreamExchange, type UpstreamHead } from './upstream-exchange.ts';
import type { ForwardContext, ForwardResult, Upstream } from './upstream-types.ts';

export interface HttpUpstreamOptions {
  url: string;
  /** Upstream credentials and other fixed headers; they override anything the client sent. */
  headers: Record<string, string>;
  /** Deadline for a POST or DELETE exchange, and for a GET stream's response headers. */
  timeoutMs: number;
  maxResponseBytes: number;
}

const SMALL_BODY_BYTES = 65_536;
const PASSED_RESPONSE_HEADERS = ['content-type', 'mcp-session-id', 'cache-control', 'mcp-protocol-version'];

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function createHttpUpstream(options: HttpUpstreamOptions): Upstream {
  const target = new URL(options.url);
  const path = `${target.pathname}${target.search}`;
  const pool = new Pool(target.origin, { keepAliveTimeout: 30_000, pipelining: 1 });
  const fixedHeaders = Object.fromEntries(
    Object.entries(options.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );

  const hasFixedHeaders = Object.keys(fixedHeaders).length > 0;

  async function forward(ctx: ForwardContext, res: ServerResponse): Promise<ForwardResult> {
    const started = performance.now();
    const exchange = startExchange(pool, {
      path,
      method: ctx.httpMethod,
      headers: hasFixedHeaders ? { ...ctx.headers, ...fixedHeaders } : ctx.headers,
      body: ctx.body ?? null,
      headersTimeout: Math.max(options.timeoutMs, 0),
      bodyTimeout: 0,
    });
    // The client going away cancels the upstream exchange (and with it a tool call's SSE stream).
    let clientGone = false;
    const onClientGone = (): void => {
      if (res.writableFinished) return;
      clientGone = true;
      exchange.abort(new Error('client closed'));
    };
    res.once('close', onClientGone);
    // The deadline: undici's headersTimeout up to the response head; past it (POST and DELETE only: a GET
    // stream lives on) a timer for what is left, armed only when the body has not already arrived.
    let timedOut = false;
    let timer: NodeJS.Timeout | null = null;
    const armDeadline = (): void => {
      if (timer !== null || options.timeoutMs <= 0 || ctx.httpMethod === 'GET') return;
      const left = options.timeoutMs - (performance.now() - started);
      timer = setTimeout(
        () => {
          timedOut = true;
          exchange.abort(new Error('upstream timeout'));
        },
        Math.max(1, left),
      );
    };
    const fail = (status: number, error: string, message: string, upstreamMs: number | null) =>
      failReply(res, status, error, message, upstreamMs);
    let slot = false;
    try {
      let head: UpstreamHead;
      try {
        head = await exchange.head;
      } catch (error) {
        timedOut ||= (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT';
        if (clientGone) return { status: 499, bytesOut: 0, upstreamMs: null, error: 'client-closed' };
        if (timedOut) return fail(504, 'timeout', 'Upstream MCP server timed out', null);
        return fail(502, 'unreachable', 'Upstream MCP server is unreachable', null);
      }
      const upstreamMs = performance.now() - started;
      const { status, headers: replyHeaders } = head;
      if (status === 401 || status === 403) {
        exchange.discard();
        return fail(502, 'upstream-auth', 'Upstream MCP server rejected the guard credentials', upstreamMs);
      }
      const issued = first(replyHeaders['mcp-session-id']);
      if (issued !== undefined && issued !== ctx.sessionId && !ctx.onSessionIssued(issued)) {
        exchange.discard();
        return fail(
          502,
          'session-conflict',
          'Upstream issued a session id already bound to another principal',
          upstreamMs,
        );
      }
      if (ctx.sessionId !== undefined && ((ctx.httpMethod === 'DELETE' && status < 300) || status === 404)) {
        ctx.onSessionClosed(ctx.sessionId);
      }
      const contentType = first(replyHeaders['content-type']) ?? '';
      const isSse = contentType.toLowerCase().startsWith('text/event-stream');
      const outHeaders: Record<string, string> = {};
      for (const name of PASSED_RESPONSE_HEADERS) {
        const v = first(replyHeaders[name]);
        if (v !== undefined) outHeaders[name] = v;
      }
      if (isSse) {
        if (!ctx.streams.tryOpen()) {
          exchange.abort(new Error('stream cap'));
          return fail(503, 'stream-cap', 'Too many open streams; retry later', upstreamMs);
        }
        slot = true;
        outHeaders['x-accel-buffering'] = 'no';
        outHeaders['cache-control'] = 'no-cache';
      }
      const extras = ctx.extraResponses;
      if (extras.length > 0 && !isSse && !contentType.includes('json')) {
        exchange.discard();
        const body = JSON.stringify(extras);
        res.writeHead(200, {
          ...outHeaders,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        });
        res.end(body);
        return { status: 200, bytesOut: Buffer.byteLength(body), upstreamMs, error: null };
      }
      const whole = (): Promise<Buffer | null | 'failed'> => {
        armDeadline();
        return readWhole(exchange, options.maxResponseBytes);
      };
      const brokenBody = (): ForwardResult =>
        clientGone
          ? { status, bytesOut: 0, upstreamMs, error: 'client-closed' }
          : timedOut
            ? fail(504, 'timeout', 'Upstream MCP server timed out', upstreamMs)
            : fail(502, 'stream-broken', 'Upstream MCP server broke off its response', upstreamMs);
      if ((ctx.rewrite !== null || extras.length > 0) && !isSse && contentType.includes('json')) {
        const body = await whole();
        if (body === 'failed') return brokenBody();
        if (body === null)
          return fail(502, 'response-too-large', 'Upstream response exceeds the size cap', upstreamMs);
        return rewriteJson(ctx, res, body, status, outHeaders, upstreamMs);
      }
      const declared = Number(first(replyHeaders['content-length']));
      if (!isSse && Number.isFinite(declared) && declared > options.maxResponseBytes) {
        exchange.abort(new Error('response cap'));
        return fail(502, 'response-too-large', 'Upstream response exceeds the size cap', upstreamMs);
      }
      if (!isSse && Number.isFinite(declared) && ctx.rewrite === null)
        outHeaders['content-length'] = String(declared);
      // A small complete JSON body goes out in one write together with the headers (fewer syscalls);
      // everything else, SSE above all, streams chunk by chunk as it arrives.
      if (!isSse && extras.length === 0 && Number.isFinite(declared) && declared <= SMALL_BODY_BYTES) {
        const body = exchange.bodyIfComplete(options.maxResponseBytes) ?? (await whole());
        if (body === 'failed') return brokenBody();
        if (body === null)
          return fail(502, 'response-too-large', 'Upstream response exceeds the size cap', upstreamMs);
        res.writeHead(status, outHeaders);
        res.end(body);
        return { status, bytesOut: body.length, upstreamMs, error: null };
      }
      armDeadline();
      res.writeHead(status, outHeaders);
      if (isSse) res.flushHeaders();
      let bytesOut = 0;
      for (const extra of extras)
        await writeChunk(res, formatSseEvent({ event: 'message', data: JSON.stringify(extra), id: null }));
      const parser = isSse && ctx.rewrite !== null ? createSseParser() : null;
      try {
        for await (const chunk of exchange.chunks()) {
          bytesOut += chunk.length;
          if (bytesOut > options.maxResponseBytes) {
            exchange.abort(new Error('response cap'));
            res.destroy();
            return { status, bytesOut, upstreamMs, error: 'response-too-large' };
          }
          if (parser === null) {
            await writeChunk(res, chunk);
          } else {
            for (const event of parser.push(chunk)) await writeChunk(res, rewriteEvent(ctx, event));
          }
        }
      } catch {
        if (!res.writableEnded) res.destroy();
        if (clientGone) return { status, bytesOut, upstreamMs, error: 'client-closed' };
        return { status, bytesOut, upstreamMs, error: timedOut ? 'timeout' : 'stream-broken' };
      }
      res.end();
      return { status, bytesOut, upstreamMs, error: null };
    } finally {
      if (timer !== null) clearTimeout(timer);
      res.off('close', onClientGone);
      if (slot) ctx.streams.release();
    }
  }

  function rewriteJson(
    ctx: ForwardContext,
    res: ServerResponse,
    body: Buffer,
    status: number,
    headers: Record<string, string>,
    upstreamMs: number,
  ): ForwardResult {
    const text = body.toString('utf8');
    const parsed = parseJsonRpcPayload(text);
    let out = text;
    if (parsed.ok) {
      const rewritten = parsed.messages.map((m) => rewriteOne(ctx, m));
      const all = [...rewritten, ...ctx.extraResponses];
      out = JSON.stringify(parsed.batch || ctx.extraResponses.length > 0 ? all : rewritten[0]);
    }
    const length = Buffer.byteLength(out);
    res.writeHead(status, { ...headers, 'content-length': String(length) });
    res.end(out);
    return { status, bytesOut: length, upstreamMs, error: null };
  }

  return {
    kind: 'http',
    forward,
    async close() {
      await pool.destroy().catch(() => undefined);
    },
  };
}

/** Answers the client with a JSON-RPC error, or cuts the response if its headers already went out. */
function failReply(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  upstreamMs: number | null,
): ForwardResult {
  const bytesOut = res.headersSent ? 0 : sendRpcError(res, status, JSON_RPC_ERRORS.INTERNAL_ERROR, message);
  if (res.headersSent && !res.writableEnded) res.destroy();
  return { status, bytesOut, upstreamMs, error };
}

/** The whole reply body; null when over `limit`, 'failed' when the exchange broke off. */
async function readWhole(exchange: UpstreamExchange, limit: number): Promise<Buffer | null | 'failed'> {
  try {
    return await exchange.readAll(limit);
  } catch {
    return 'failed';
  }
}

function rewriteOne(ctx: ForwardContext, message: JsonRpcMessage): JsonRpcMessage {
  return ctx.rewrite === null ? message : ctx.rewrite(message);
}

function rewriteEvent(
  ctx: ForwardContext,
  event: { event: string; data: string; id: string | null },
): string {
  if (event.event !== 'message' || event.data.length === 0) return formatSseEvent(event);
  const parsed = parseJsonRpcPayload(event.data);
  if (!parsed.ok) return formatSseEvent(event);
  const data = parsed.batch
    ? JSON.stringify(parsed.messages.map((m) => rewriteOne(ctx, m)))
    : JSON.stringify(rewriteOne(ctx, parsed.messages[0] as JsonRpcMessage));
  return formatSseEvent({ ...event, data });
}
