/** Small response writers shared by the guard's steps. Every refusal carries a JSON-RPC error body. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type JsonRpcId, jsonRpcError } from '../mcp/json-rpc.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): number {
  const text = JSON.stringify(body);
  if (res.headersSent) {
    res.destroy();
    return 0;
  }
  const length = Buffer.byteLength(text);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(length) });
  res.end(text);
  return length;
}

/** A refusal with a JSON-RPC error body (id null when the request id is unknown or not yet parsed). */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  options: { id?: JsonRpcId; headers?: Record<string, string>; data?: unknown } = {},
): number {
  return sendJson(
    res,
    status,
    jsonRpcError(options.id ?? null, code, message, options.data),
    options.headers,
  );
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `maxBytes`; stops reading (and says so) the moment the cap is passed.
 *
 * A small body almost always arrives in the same read as its headers: one microtask after the request
 * event it sits whole in the stream's buffer, and taking it with read() spares flowing mode's listeners,
 * ticks and events. Anything else (no Content-Length, a body still arriving) is read in flowing mode.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return { ok: false, reason: 'too-large' };
  }
  if (Number.isInteger(declared) && declared >= 0) {
    await Promise.resolve();
    if (req.readableFlowing !== true && !req.destroyed && req.readableLength >= declared) {
      if (declared === 0) return { ok: true, body: EMPTY_BODY };
      // The parser never buffers past Content-Length, so this is exactly the body.
      const body = req.read() as Buffer | null;
      if (body !== null) return { ok: true, body };
    }
  }
  return readFlowing(req, maxBytes);
}

const EMPTY_BODY = Buffer.alloc(0);

function readFlowing(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyRead): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        req.resume();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      finish({ ok: true, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }),
    );
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}

/** First value of a request header, lowercased name. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
