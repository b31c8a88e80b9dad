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
