import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/** A line-oriented output (file or stdout) that respects backpressure. */
export interface OutputSink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

export function openSink(target: string, stdout: Writable): OutputSink {
  const stream = target === '-' ? stdout : createWriteStream(target, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  return {
    async write(text) {
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
    },
    async close() {
      if (stream === stdout) return;
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
    },
  };
}
