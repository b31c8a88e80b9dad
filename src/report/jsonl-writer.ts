import type { ScanResult } from '../scan/scan-run.ts';
import { orderResult } from './render-json.ts';

/** One JSON line per result, keys in the schema's order (see render-json.ts). */
export function formatJsonlLine(result: ScanResult): string {
  // JSON.stringify escapes control characters, so a line never contains a raw newline.
  return `${JSON.stringify(orderResult(result))}\n`;
}

export interface JsonlWriter {
  /** Write one result; resolves once the stream accepted it (waits for 'drain' under backpressure). */
  write(result: ScanResult): Promise<void>;
  /** Number of lines written so far. */
  readonly count: number;
}

/**
 * Streams results as JSONL while a scan runs: one line per result, in call order, honouring
 * backpressure so a slow disk or pipe bounds memory. The caller owns (and ends) the stream.
 */
export function createJsonlWriter(stream: NodeJS.WritableStream): JsonlWriter {
  let count = 0;
  let chain: Promise<void> = Promise.resolve();
  const writeOne = (line: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      stream.once('error', onError);
      const done = (): void => {
        stream.removeListener('error', onError);
        resolve();
      };
      if (stream.write(line)) done();
      else stream.once('drain', done);
    });
  return {
    write(result) {
      const line = formatJsonlLine(result);
      count += 1;
      chain = chain.then(() => writeOne(line));
      return chain;
    },
    get count() {
      return count;
    },
  };
}
