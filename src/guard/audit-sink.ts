/**
 * Where audit lines go: a file (appended) or a file descriptor (stdout). Lines are gathered and written
 * in batches with one synchronous write each: at 64 KiB, after 100 ms, or on flush. Handing every few
 * lines to libuv's thread pool (pino's default asynchronous destination) cost the guard about a tenth of
 * its CPU per request in profiles; a local append of a batch costs a few microseconds. Synchronous
 * writes also keep ordering simple: what flushSync() returns from is on disk, in order.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditSink {
  /** One complete line, newline included (pino hands them over like this). */
  write(line: string): void;
  flushSync(): void;
  /** Flushes, then closes the file (never a descriptor it was given). */
  close(): void;
}

export interface AuditSinkOptions {
  maxBatchBytes?: number;
  maxDelayMs?: number;
  /**
   * Called when writes start failing (disk full, file gone), once until a write succeeds again. The lines
   * of a failed batch are lost; later batches are tried again.
   */
  onError?: (error: Error) => void;
}

type Destination = { file: string } | { fd: number };

const EAGAIN_RETRY_MS = 1;

export function createAuditSink(destination: Destination, options: AuditSinkOptions = {}): AuditSink {
  const maxBatchBytes = options.maxBatchBytes ?? 65_536;
  const maxDelayMs = options.maxDelayMs ?? 100;
  const owned = 'file' in destination;
  if (owned) mkdirSync(dirname(destination.file), { recursive: true });
  // Opened now, so a path that cannot be written fails at startup, naming the file.
  const fd = owned ? openSync(destination.file, 'a') : destination.fd;
  let lines: string[] = [];
  let pending = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let failing = false;

  function writeAll(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(fd, data, offset);
      } catch (error) {
        // A non-blocking stdout pipe that is full: wait for the reader instead of dropping lines.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, EAGAIN_RETRY_MS);
      }
    }
  }

  function flushSync(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (lines.length === 0) return;
    const data = Buffer.from(lines.join(''), 'utf8');
    lines = [];
    pending = 0;
    try {
      writeAll(data);
      failing = false;
    } catch (error) {
      if (!failing) options.onError?.(error as Error);
      failing = true;
    }
  }

  return {
    write(line) {
      if (closed) return;
      lines.push(line);
      pending += line.length;
      if (pending >= maxBatchBytes) flushSync();
      else if (timer === null) {
        timer = setTimeout(flushSync, maxDelayMs);
        timer.unref();
      }
    },
    flushSync,
    close() {
      if (closed) return;
      flushSync();
      closed = true;
      if (!owned) return;
      try {
        fsyncSync(fd);
      } catch {
        // not every file supports fsync (a pipe given as a path); closing still flushes the kernel buffer
      }
      closeSync(fd);
    },
  };
}
