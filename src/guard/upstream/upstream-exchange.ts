/**
 * One HTTP exchange with an upstream over undici's dispatch API. `Pool.request` wraps every reply in an
 * AsyncResource, a Readable stream, a promise per step and an AbortSignal listener; on the guard's hot
 * path (a small JSON reply per tools/call) that machinery cost more CPU than the forwarding itself. Here
 * the reply body is queued as undici hands it over: read whole (capped), or iterated chunk by chunk with
 * backpressure (the upstream socket is paused while more than HIGH_WATER_BYTES wait unread).
 */
import type { Dispatcher } from 'undici';

export interface UpstreamHead {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface UpstreamExchange {
  /** The response status and headers; rejects when the exchange fails before them. */
  readonly head: Promise<UpstreamHead>;
  /** The whole body, or null when it exceeds `limit` bytes (the exchange is then aborted). */
  readAll(limit: number): Promise<Buffer | null>;
  /**
   * The whole body when it has already arrived (within `limit`), else undefined. A small reply usually
   * lands in the same read as its head, so this spares the await of readAll.
   */
  bodyIfComplete(limit: number): Buffer | undefined;
  /** The body chunk by chunk; the upstream is paused while the consumer lags. Throws if the exchange fails. */
  chunks(): AsyncIterable<Buffer>;
  /** Throws the rest of the body away, keeping the connection when the body is small. */
  discard(): void;
  /** Cancels the exchange (idempotent); pending reads fail with `reason`. */
  abort(reason: Error): void;
}

const HIGH_WATER_BYTES = 65_536;
/** A discarded body larger than this costs a connection rather than being read to the end. */
const DISCARD_READ_BYTES = 65_536;

type Controller = Dispatcher.DispatchController;

/** Starts the request now; the reply arrives through the returned exchange. */
export function startExchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): UpstreamExchange {
  const exchange = new Exchange();
  dispatcher.dispatch(options, exchange);
  return exchange;
}

// A class rather than closures: one exchange per forwarded request, and its methods are shared.
class Exchange implements UpstreamExchange, Dispatcher.DispatchHandler {
  readonly head: Promise<UpstreamHead>;
  #resolveHead!: (head: UpstreamHead) => void;
  #rejectHead!: (error: Error) => void;
  #headSettled = false;
  #controller: Controller | null = null;
  #failure: Error | null = null;
  #ended = false;
  #discarding = false;
  #readingAll = false;
  #queue: Buffer[] = [];
  #queuedBytes = 0;
  #discardedBytes = 0;
  #wake: (() => void) | null = null;

  constructor() {
    this.head = new Promise<UpstreamHead>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
    // A failed exchange whose head nobody awaits any more must not become an unhandled rejection.
    this.head.catch(() => undefined);
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#failure !== null) controller.abort(this.#failure);
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: UpstreamHead['headers']): void {
    if (statusCode < 200) return; // 1xx informational
    this.#headSettled = true;
    this.#resolveHead({ status: statusCode, headers });
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#discarding) {
      this.#discardedBytes += chunk.length;
      if (this.#discardedBytes > DISCARD_READ_BYTES) controller.abort(new Error('discarded'));
      return;
    }
    this.#queue.push(chunk);
    this.#queuedBytes += chunk.length;
    if (this.#queuedBytes > HIGH_WATER_BYTES && !this.#readingAll) controller.pause();
    this.#notify();
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.#notify();
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    this.#fail(error);
  }

  async readAll(limit: number): Promise<Buffer | null> {
    this.#readingAll = true;
    if (this.#controller?.paused === true) this.#controller.resume();
    while (true) {
      if (this.#queuedBytes > limit) {
        this.abort(new Error('response exceeds the size cap'));
        return null;
      }
      if (this.#failure !== null) throw this.#failure;
      if (this.#ended) {
        const parts = this.#take();
        return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      }
      await this.#more();
    }
  }

  bodyIfComplete(limit: number): Buffer | undefined {
    if (!this.#ended || this.#failure !== null || this.#queuedBytes > limit) return undefined;
    const parts = this.#take();
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  async *chunks(): AsyncIterable<Buffer> {
    while (true) {
      if (this.#queue.length > 0) {
        for (const chunk of this.#take()) yield chunk;
        continue;
      }
      if (this.#failure !== null) throw this.#failure;
      if (this.#ended) return;
      await this.#more();
    }
  }

  discard(): void {
    if (this.#ended || this.#failure !== null) return;
    this.#discarding = true;
    this.#discardedBytes = this.#queuedBytes;
    this.#take();
    if (this.#discardedBytes > DISCARD_READ_BYTES) this.#controller?.abort(new Error('discarded'));
  }

  abort(reason: Error): void {
    if (this.#ended || this.#failure !== null) return;
    this.#fail(reason);
    this.#controller?.abort(reason);
  }

  #fail(error: Error): void {
    if (this.#failure !== null || this.#ended) return;
    this.#failure = error;
    if (!this.#headSettled) {
      this.#headSettled = true;
      this.#rejectHead(error);
    }
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #more(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
  }

  #take(): Buffer[] {
    const taken = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    if (this.#controller?.paused === true) this.#controller.resume();
    return taken;
  }
}
