/**
 * The requests a guard is serving, for a graceful shutdown: wait for exchanges (POST, DELETE) to finish,
 * cut what is still open (GET streams never end on their own), then wait for every handler to have written
 * its audit line.
 *
 * A doubly linked list threaded through one small object per request, not a Map or Set. A hash table with
 * an entry added and one removed on every request is rebuilt every few requests, and V8 leaves each
 * obsolete table pointing at its successor and at the entries it held. Once one of them is promoted to
 * the old generation, every scavenge treats it as a root: the later tables, and every request they
 * reference, survive and are promoted in turn until the next full GC. Under load that was 2.2 MB promoted
 * per scavenge (0.08 MB with this list and session-registry.ts's change) and about 10 µs of CPU per
 * request (see BENCHMARKS.md).
 */
import type { ServerResponse } from 'node:http';

/** One tracked request; hand it back to `remove` when its handler is done. */
export interface InFlightEntry {
  readonly res: ServerResponse;
}

export type InFlightKind = 'exchanges' | 'all';

export interface InFlightRequests {
  /** Starts tracking a request. `stream` marks a GET stream, which only ends when cut or closed. */
  add(res: ServerResponse, stream: boolean): InFlightEntry;
  /** Stops tracking it (idempotent). */
  remove(entry: InFlightEntry): void;
  /** Requests being served. */
  readonly size: number;
  /** Resolves once no exchange (`exchanges`) or no request at all (`all`) is in flight. */
  settled(kind: InFlightKind): Promise<void>;
  /** Responses still being written, oldest last. */
  open(): ServerResponse[];
}

class Entry implements InFlightEntry {
  readonly res: ServerResponse;
  readonly stream: boolean;
  prev: Entry | null = null;
  next: Entry | null = null;
  removed = false;
  constructor(res: ServerResponse, stream: boolean) {
    this.res = res;
    this.stream = stream;
  }
}

export function createInFlightRequests(): InFlightRequests {
  let head: Entry | null = null;
  let total = 0;
  let exchanges = 0;
  let waiters: { kind: InFlightKind; resolve: () => void }[] = [];

  const isSettled = (kind: InFlightKind): boolean => (kind === 'all' ? total === 0 : exchanges === 0);

  function wakeSettled(): void {
    const still: typeof waiters = [];
    for (const waiter of waiters) {
      if (isSettled(waiter.kind)) waiter.resolve();
      else still.push(waiter);
    }
    waiters = still;
  }

  return {
    add(res, stream) {
      const entry = new Entry(res, stream);
      entry.next = head;
      if (head !== null) head.prev = entry;
      head = entry;
      total++;
      if (!stream) exchanges++;
      return entry;
    },
    remove(tracked) {
      const entry = tracked as Entry;
      if (entry.removed) return;
      entry.removed = true;
      if (entry.prev !== null) entry.prev.next = entry.next;
      else head = entry.next;
      if (entry.next !== null) entry.next.prev = entry.prev;
      // A finished entry must not keep its neighbours reachable (the same trap as above, in miniature).
      entry.prev = null;
      entry.next = null;
      total--;
      if (!entry.stream) exchanges--;
      if (waiters.length > 0) wakeSettled();
    },
    get size() {
      return total;
    },
    settled(kind) {
      if (isSettled(kind)) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ kind, resolve }));
    },
    open() {
      const out: ServerResponse[] = [];
      for (let entry = head; entry !== null; entry = entry.next) {
        if (!entry.res.writableEnded) out.push(entry.res);
      }
      return out;
    },
  };
}
