/** Writing to a client response with backpressure, without hanging when the client has gone. */
import type { ServerResponse } from 'node:http';

export function writeChunk(res: ServerResponse, chunk: Uint8Array | string): Promise<void> | undefined {
  if (res.destroyed || res.writableEnded) return undefined;
  if (res.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** One SSE event as the guard re-emits it (after list filtering). */
export function formatSseEvent(event: { event: string; data: string; id: string | null }): string {
  let out = '';
  if (event.event !== 'message') out += `event: ${event.event}\n`;
  if (event.id !== null) out += `id: ${event.id}\n`;
  for (const line of event.data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * Coalesces what is written to a response within one event-loop turn into one socket write: the
 * response is corked on the first write of a turn and uncorked by setImmediate. A short answer
 * (headers, one event, the end) leaves in one write instead of three; a long stream is still sent as
 * it comes, one turn later at most. Headers that have nothing to travel with are flushed at the end of
 * the turn, so a client waiting on a long call sees them at once.
 */
export function createTurnCoalescer(res: ServerResponse): { touch(): void; close(): void } {
  let pending: NodeJS.Immediate | null = null;
  return {
    touch() {
      if (pending !== null || res.writableEnded || res.destroyed) return;
      res.cork();
      pending = setImmediate(() => {
        pending = null;
        if (res.writableEnded || res.destroyed) return;
        if (!res.headersSent) res.flushHeaders();
        res.uncork();
      });
    },
    close() {
      if (pending !== null) clearImmediate(pending);
      pending = null;
    },
  };
}
