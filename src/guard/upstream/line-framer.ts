/**
 * Splits a byte stream into newline-delimited lines (the stdio transport's framing) with a per-line byte
 * cap, so a child that never prints a newline cannot grow the guard's memory without bound.
 */

export interface LineFramer {
  /** Returns completed lines; an over-long line is dropped and reported through `onOverflow`. */
  push(chunk: Buffer): string[];
}

export function createLineFramer(maxLineBytes: number, onOverflow: (bytes: number) => void): LineFramer {
  let parts: Buffer[] = [];
  let size = 0;
  let discarding = false;
  return {
    push(chunk) {
      const lines: string[] = [];
      let start = 0;
      while (start <= chunk.length) {
        const nl = chunk.indexOf(10, start);
        const end = nl === -1 ? chunk.length : nl;
        const piece = chunk.subarray(start, end);
        if (!discarding) {
          size += piece.length;
          if (size > maxLineBytes) {
            discarding = true;
            onOverflow(size);
            parts = [];
          } else if (piece.length > 0) {
            parts.push(piece);
          }
        }
        if (nl === -1) break;
        if (!discarding) {
          let line =
            parts.length === 1
              ? (parts[0] as Buffer).toString('utf8')
              : Buffer.concat(parts).toString('utf8');
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (line.trim().length > 0) lines.push(line);
        }
        parts = [];
        size = 0;
        discarding = false;
        start = nl + 1;
      }
      return lines;
    },
  };
}
