import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { LockdownError } from '../../errors.ts';
import { quote } from './ip-address.ts';

/** Longest line kept, in bytes. A longer line is reported as an error, never buffered whole. */
export const MAX_LINE_BYTES = 64 * 1024;

/** One input line; `error` is set when the line could not be read as text (it was too long). */
export interface SourceLine {
  text: string;
  line: number;
  error?: string;
}

const NEWLINE = 0x0a;

/**
 * Stream the lines of a file, or of stdin when `source` is "-". Memory stays bounded by one chunk
 * plus one line (at most MAX_LINE_BYTES) however large the input. Handles LF and CRLF endings, a
 * UTF-8 byte order mark, and a last line without a newline. Throws LockdownError ERR_INPUT_READ
 * when the file cannot be opened or read.
 */
export async function* readLines(
  source: string,
  stdin?: Readable,
): AsyncGenerator<SourceLine, void, undefined> {
  const stream = source === '-' ? (stdin ?? process.stdin) : await openFile(source);
  const parts: Buffer[] = [];
  let length = 0;
  let overlong: string | null = null;
  let line = 0;
  const take = (): SourceLine => {
    line++;
    let result: SourceLine;
    if (overlong !== null) {
      result = { text: overlong, line, error: `line ${line} is longer than ${MAX_LINE_BYTES} bytes` };
    } else {
      let text = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length)).toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      result = { text, line };
    }
    parts.length = 0;
    length = 0;
    overlong = null;
    return result;
  };
  try {
    for await (const chunk of stream) {
      const buffer: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let start = 0;
      while (start < buffer.length) {
        const newline = buffer.indexOf(NEWLINE, start);
        const end = newline < 0 ? buffer.length : newline;
        if (overlong === null) {
          if (length + end - start > MAX_LINE_BYTES) {
            // Keep a short prefix so the report shows which line it was; drop the rest as it arrives.
            const head = Buffer.concat([...parts, buffer.subarray(start, end)]).subarray(0, 60);
            overlong = `${head.toString('utf8')}…`;
            parts.length = 0;
            length = 0;
          } else {
            parts.push(buffer.subarray(start, end));
            length += end - start;
          }
        }
        if (newline < 0) break;
        yield take();
        start = newline + 1;
      }
    }
  } catch (error) {
    throw new LockdownError(
      'ERR_INPUT_READ',
      `cannot read target list ${source === '-' ? 'from stdin' : quote(source)}: ${describe(error)}`,
      { path: source },
      { cause: error },
    );
  }
  if (length > 0 || overlong !== null) yield take();
}

async function openFile(path: string): Promise<Readable> {
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream({ highWaterMark: 64 * 1024 });
  } catch (error) {
    throw new LockdownError(
      'ERR_INPUT_READ',
      `cannot read target list ${quote(path)}: ${describe(error)}`,
      {
        path,
      },
      { cause: error },
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code} (${error.message})`;
  }
  return String(error);
}
