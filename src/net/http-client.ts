import type { Readable } from 'node:stream';
import { Agent, type Dispatcher, request } from 'undici';
import { classifyNetError, type NetFailure } from './net-failure.ts';

export interface HttpClientOptions {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Idle time allowed between body chunks. */
  bodyTimeoutMs: number;
  /** Connections kept per origin (legacy SSE needs two: the stream and the POSTs). */
  connectionsPerOrigin: number;
  userAgent: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the exchange (endpoint budget or per-request deadline). */
  signal?: AbortSignal;
}

export interface HttpHead {
  ok: true;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The response body, unread. The caller must read it (readBodyCapped) or destroy it. */
  body: Readable;
  url: string;
}

export type HttpOutcome = HttpHead | { ok: false; failure: NetFailure; url: string };

export interface HttpClient {
  send(req: HttpRequest): Promise<HttpOutcome>;
  close(): Promise<void>;
}

/**
 * One undici Agent for the whole scan: keep-alive connections per origin make the
 * several requests of one endpoint cheap. Redirects are never followed here.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs, rejectUnauthorized: false },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: 2_000,
    keepAliveMaxTimeout: 5_000,
    pipelining: 1,
  });
  return {
    async send(req) {
      // undici frees a connection for reuse only a full event-loop turn after a response ends; an
      // endpoint's next request sent sooner would open a new connection instead. Wait that turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        const headers: Record<string, string> = { 'user-agent': options.userAgent, ...req.headers };
        const res: Dispatcher.ResponseData = await request(req.url, {
          method: req.method,
          headers,
          body: req.body,
          signal: req.signal,
          dispatcher: agent,
        });
        return { ok: true, status: res.statusCode, headers: res.headers, body: res.body, url: req.url };
      } catch (error) {
        return { ok: false, failure: classifyNetError(error), url: req.url };
      }
    },
    async close() {
      await agent.destroy();
    },
  };
}

export interface CappedBody {
  bytes: Buffer;
  /** True when the body exceeded the cap and was cut (the connection is dropped). */
  truncated: boolean;
  failure: NetFailure | null;
}

/** Read a body up to `maxBytes`; beyond that the stream is destroyed, never buffered. */
export async function readBodyCapped(body: Readable, maxBytes: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        const keep = chunk.length - (total - maxBytes);
        if (keep > 0) chunks.push(chunk.subarray(0, keep));
        destroyQuietly(body);
        return { bytes: Buffer.concat(chunks), truncated: true, failure: null };
      }
      chunks.push(chunk);
    }
    return { bytes: Buffer.concat(chunks), truncated: false, failure: null };
  } catch (error) {
    destroyQuietly(body);
    return { bytes: Buffer.concat(chunks), truncated: false, failure: classifyNetError(error) };
  }
}

/**
 * Drop a body we will not read. undici emits an AbortError on destroy when nobody listens,
 * which would surface as an uncaught exception; a response we walk away from is no error.
 */
export function destroyQuietly(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

export function headerValue(headers: HttpHead['headers'], name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

export function headerValues(headers: HttpHead['headers'], name: string): string[] {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
