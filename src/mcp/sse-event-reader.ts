import type { Readable } from 'node:stream';
import { createSseParser, type SseEvent } from './sse-parser.ts';

export type SseRead =
  | { kind: 'event'; event: SseEvent }
  | { kind: 'end' }
  | { kind: 'timeout' }
  | { kind: 'too-large' }
  | { kind: 'error'; error: unknown };

export interface SseEventReader {
  /** The next event, or why there is none, waiting at most `timeoutMs`. */
  next(timeoutMs: number): Promise<SseRead>;
  /** Bytes read so far. */
  readonly bytes: number;
  close(): void;
}

/**
 * Pulls SSE events from a response body with a byte cap over the whole stream and a
 * deadline per read: a stream that never answers, or never stops, ends in bounded time.
 */
export function createSseEventReader(body: Readable, maxBytes: number): SseEventReader {
  const parser = createSseParser();
  const iterator = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const queue: SseEvent[] = [];
  let pending: Promise<IteratorResult<Buffer>> | null = null;
  let bytes = 0;
  let finished: SseRead | null = null;

  const finish = (read: SseRead): SseRead => {
    finished = read;
    body.on('error', () => {});
    body.destroy();
    return read;
  };

  return {
    get bytes() {
      return bytes;
    },
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (finished) return finished;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return { kind: 'timeout' };
        pending ??= iterator.next();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(resolve, remaining, 'timeout');
        });
        let step: IteratorResult<Buffer> | 'timeout';
        try {
          step = await Promise.race([pending, timeout]);
        } catch (error) {
          pending = null;
          return finish({ kind: 'error', error });
        } finally {
          clearTimeout(timer);
        }
        if (step === 'timeout') return { kind: 'timeout' };
        pending = null;
        if (step.done) {
          queue.push(...parser.end());
          if (queue.length === 0) return finish({ kind: 'end' });
          finished = { kind: 'end' };
          break;
        }
        bytes += step.value.length;
        if (bytes > maxBytes) return finish({ kind: 'too-large' });
        queue.push(...parser.push(step.value));
      }
      const event = queue.shift();
      return event ? { kind: 'event', event } : (finished ?? { kind: 'end' });
    },
    close() {
      if (!finished) finish({ kind: 'end' });
    },
  };
}
