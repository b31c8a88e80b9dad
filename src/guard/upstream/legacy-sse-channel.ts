/**
 * One legacy HTTP+SSE (2024-11-05) connection as a message channel: GET the SSE URL, wait for the
 * `endpoint` event, POST messages there, read every server message from the stream.
 */
import { request } from 'undici';
import { LockdownError } from '../../errors.ts';
import { classifyJsonRpcMessage, type JsonRpcMessage } from '../../mcp/json-rpc.ts';
import { createSseParser } from '../../mcp/sse-parser.ts';
import type { ChannelFactory, MessageChannel } from './message-channel.ts';

export interface LegacySseOptions {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxEventBytes: number;
}

/** The POST URL an `endpoint` event announces, if it stays on the upstream's origin. */
export function endpointUrl(data: string, upstreamUrl: string): string | null {
  try {
    const url = new URL(data.trim(), upstreamUrl);
    return url.origin === new URL(upstreamUrl).origin ? url.toString() : null;
  } catch {
    return null;
  }
}

export function createLegacySseChannelFactory(options: LegacySseOptions): ChannelFactory {
  return async () => {
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error('timeout')),
      options.timeoutMs > 0 ? options.timeoutMs : 30_000,
    );
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(options.url, {
        method: 'GET',
        headers: { ...options.headers, accept: 'text/event-stream' },
        signal: abort.signal,
        bodyTimeout: 0,
      });
    } catch (error) {
      clearTimeout(timer);
      throw new LockdownError('ERR_UPSTREAM', `legacy SSE upstream unreachable: ${String(error)}`);
    }
    if (response.statusCode !== 200) {
      clearTimeout(timer);
      await response.body.dump().catch(() => undefined);
      throw new LockdownError('ERR_UPSTREAM', `legacy SSE upstream answered ${response.statusCode} to GET`);
    }
    let alive = true;
    let postUrl: string | null = null;
    let endpointReady: (url: string) => void = () => undefined;
    const endpoint = new Promise<string>((resolve) => {
      endpointReady = resolve;
    });
    const channel: MessageChannel = {
      onMessage: () => undefined,
      onClose: () => undefined,
      get alive() {
        return alive;
      },
      async send(message: JsonRpcMessage) {
        if (!alive || postUrl === null)
          throw new LockdownError('ERR_UPSTREAM', 'legacy SSE upstream connection is closed');
        const r = await request(postUrl, {
          method: 'POST',
          headers: { ...options.headers, 'content-type': 'application/json' },
          body: JSON.stringify(message),
          headersTimeout: options.timeoutMs > 0 ? options.timeoutMs : 30_000,
        });
        await r.body.dump().catch(() => undefined);
        if (r.statusCode >= 300)
          throw new LockdownError('ERR_UPSTREAM', `legacy SSE upstream refused a message (${r.statusCode})`);
      },
      async close() {
        if (!alive) return;
        alive = false;
        abort.abort(new Error('closed'));
      },
    };
    const die = (reason: string): void => {
      if (!alive) return;
      alive = false;
      channel.onClose(reason);
    };
    const parser = createSseParser();
    (async () => {
      try {
        for await (const chunk of response.body as AsyncIterable<Buffer>) {
          for (const event of parser.push(chunk)) {
            if (event.data.length > options.maxEventBytes) continue;
            if (event.event === 'endpoint') {
              const announced = endpointUrl(event.data, options.url);
              // Client messages go only where the configured upstream lives, never where it points.
              if (announced === null) throw new Error('endpoint event outside the upstream origin');
              postUrl = announced;
              endpointReady(postUrl);
              continue;
            }
            if (event.event !== 'message') continue;
            let value: unknown;
            try {
              value = JSON.parse(event.data);
            } catch {
              continue;
            }
            const message = classifyJsonRpcMessage(value);
            if (message !== null) channel.onMessage(message);
          }
          // An event that never ends must not grow without bound on a long-lived stream.
          if (parser.bufferedChars > options.maxEventBytes)
            throw new Error('upstream event over the size cap');
        }
        // Without this the handshake below would wait for the timeout on a stream that is already over.
        if (postUrl === null) throw new Error('stream ended');
        die('stream ended');
      } catch (error) {
        abort.abort(error);
        die(error instanceof Error ? error.message : 'stream broken');
      }
    })();
    const url = await Promise.race([
      endpoint,
      new Promise<null>((resolve) =>
        abort.signal.addEventListener('abort', () => resolve(null), { once: true }),
      ),
    ]);
    clearTimeout(timer);
    if (url === null) {
      const why = abort.signal.reason instanceof Error ? abort.signal.reason.message : 'aborted';
      throw new LockdownError('ERR_UPSTREAM', `legacy SSE upstream sent no endpoint event: ${why}`);
    }
    const target = new URL(url);
    if (target.origin !== new URL(options.url).origin) {
      await channel.close();
      throw new LockdownError('ERR_UPSTREAM', 'legacy SSE upstream named an endpoint on another origin');
    }
    return channel;
  };
}
