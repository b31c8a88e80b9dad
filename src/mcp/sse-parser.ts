/**
 * Incremental Server-Sent Events parser, following the WHATWG HTML "event stream" interpretation rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 *
 * Feed it chunks as they arrive; it returns the events each chunk completes. It keeps only the unfinished
 * tail line and the current event's buffers, so work is linear in the input. Byte caps are the caller's job.
 */

export interface SseEvent {
  /** The event type; 'message' when the stream named none. */
  event: string;
  /** The data lines of the event, joined with '\n'. */
  data: string;
  /**
   * The stream's last event ID at dispatch (the spec's "last event ID buffer", which persists across
   * events until the server sets it again); null when the stream never set one. An `id:` line with an
   * empty value resets it to ''.
   */
  id: string | null;
}

export interface SseParser {
  /** Feed one chunk (bytes are decoded as UTF-8 across chunk boundaries); returns the completed events. */
  push(chunk: string | Uint8Array): SseEvent[];
  /** End of stream: an event without its closing blank line is discarded, per the spec. Returns []. */
  end(): SseEvent[];
  /**
   * Characters held for the event in progress (unfinished line plus data lines). A long-lived stream has
   * no overall byte cap, so its reader can bound memory per event by checking this after each push.
   */
  readonly bufferedChars: number;
}

const LF = 10;
const CR = 13;

export function createSseParser(): SseParser {
  // ignoreBOM: true keeps the BOM in the output so that one code path strips it for bytes and strings.
  let decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let bytesPending = false;
  let atStart = true;
  let skipLeadingLf = false;
  // The unfinished last line, as pieces: joining only when the line completes keeps long lines linear.
  let tail: string[] = [];
  let tailChars = 0;
  let dataLines: string[] = [];
  let hasData = false;
  let dataChars = 0;
  let eventType = '';
  let lastEventId: string | null = null;

  function processLine(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 0x3a /* ':' */) return;
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 0x20 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        dataLines.push(value);
        dataChars += value.length + 1;
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\u0000')) lastEventId = value;
        break;
      default:
        // 'retry' only matters to a reconnecting EventSource; unknown fields are ignored by the spec.
        break;
    }
  }

  function dispatch(out: SseEvent[]): void {
    if (hasData) {
      out.push({
        event: eventType === '' ? 'message' : eventType,
        data: dataLines.join('\n'),
        id: lastEventId,
      });
    }
    dataLines = [];
    dataChars = 0;
    hasData = false;
    eventType = '';
  }

  function feedText(input: string, out: SseEvent[]): void {
    let text = input;
    if (text.length === 0) return;
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    const n = text.length;
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      const piece = text.slice(start, i);
      let line: string;
      if (tail.length === 0) {
        line = piece;
      } else {
        tail.push(piece);
        line = tail.join('');
        tail = [];
        tailChars = 0;
      }
      processLine(line, out);
      if (c === CR) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === LF) i++;
        } else {
          // A CR ending this chunk may be the first half of a CRLF split across chunks.
          skipLeadingLf = true;
        }
      }
      start = i + 1;
    }
    if (start < n) {
      tail.push(text.slice(start));
      tailChars += n - start;
    }
  }

  return {
    get bufferedChars(): number {
      return tailChars + dataChars;
    },
    push(chunk: string | Uint8Array): SseEvent[] {
      const out: SseEvent[] = [];
      if (typeof chunk === 'string') {
        // Mixing is unusual; flush any partial byte sequence first so order is kept.
        if (bytesPending) {
          feedText(decoder.decode(), out);
          bytesPending = false;
        }
        feedText(chunk, out);
      } else {
        feedText(decoder.decode(chunk, { stream: true }), out);
        bytesPending = true;
      }
      return out;
    },
    end(): SseEvent[] {
      // Anything not closed by a blank line is an incomplete event: discarded. Reset for safety.
      decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      bytesPending = false;
      atStart = true;
      skipLeadingLf = false;
      tail = [];
      tailChars = 0;
      dataLines = [];
      dataChars = 0;
      hasData = false;
      eventType = '';
      lastEventId = null;
      return [];
    },
  };
}
