/**
 * The audit log: one JSON line per request, written by pino. Tool arguments are dropped unless the
 * operator opts in, and then pass through pino's redaction (paths relative to the arguments object).
 */
import { type DestinationStream, destination, type Logger, pino } from 'pino';

export interface AuditRecord {
  reqId: string;
  principal: string | null;
  principalKind: string | null;
  client: string | null;
  era: 'modern' | 'session' | 'none';
  httpMethod: string;
  method: string | null;
  name: string | null;
  decision: 'allow' | 'deny' | 'error';
  rule: string | null;
  reason: string | null;
  status: number;
  upstreamMs: number | null;
  totalMs: number;
  bytesIn: number;
  bytesOut: number;
  sessionId: string | null;
  batch?: { method: string | null; name: string | null; decision: string; rule: string | null }[];
  arguments?: unknown;
}

export interface AuditOptions {
  /** A file to append to; when absent, stdout unless `stdout: false`. */
  file?: string | undefined;
  stdout?: boolean | undefined;
  logArguments?: boolean | undefined;
  /** Paths inside the tool arguments object to censor, pino syntax (`password`, `*.token`). */
  redact?: string[] | undefined;
}

export interface AuditLog {
  readonly logArguments: boolean;
  write(record: AuditRecord): void;
  /** Writes what is buffered and closes the destination. */
  close(): Promise<void>;
}

export function createAuditLog(options: AuditOptions, stream?: DestinationStream): AuditLog {
  const logArguments = options.logArguments === true;
  const redactPaths = (options.redact ?? []).map((p) =>
    p.startsWith('[') ? `arguments${p}` : `arguments.${p}`,
  );
  let dest: DestinationStream | ReturnType<typeof destination> | null = null;
  if (stream !== undefined) dest = stream;
  // minLength batches lines into fewer write syscalls; a 1 s timer and close() flush the rest.
  else if (options.file !== undefined)
    dest = destination({ dest: options.file, append: true, mkdir: true, sync: false, minLength: 4096 });
  else if (options.stdout !== false) dest = destination({ dest: 1, sync: false, minLength: 4096 });
  const flushable = dest as { flush?: (cb?: (err?: Error) => void) => void } | null;
  const ticker =
    stream === undefined && flushable?.flush !== undefined
      ? setInterval(() => {
          try {
            flushable.flush?.(() => undefined);
          } catch {
            // not open yet; the next tick retries
          }
        }, 1000)
      : null;
  ticker?.unref();
  const logger: Logger | null =
    dest === null
      ? null
      : pino(
          {
            base: null,
            messageKey: 'msg',
            timestamp: pino.stdTimeFunctions.isoTime,
            formatters: { level: () => ({ log: 'mcp-lockdown-audit' }) },
            // Redaction only matters for the arguments, which are only logged when asked for.
            redact:
              logArguments && redactPaths.length > 0
                ? { paths: redactPaths, censor: '[REDACTED]' }
                : undefined,
          },
          dest,
        );
  let closed = false;
  return {
    logArguments,
    write(record) {
      if (logger === null || closed) return;
      const { arguments: args, ...rest } = record;
      logger.info(logArguments && args !== undefined ? { ...rest, arguments: args } : rest);
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      if (ticker !== null) clearInterval(ticker);
      const d = dest as {
        flushSync?: () => void;
        end?: () => void;
        once?: (e: string, cb: () => void) => void;
      };
      if (d === null || stream !== undefined) return Promise.resolve();
      return new Promise((resolve) => {
        try {
          d.flushSync?.();
        } catch {
          // sonic-boom throws when not yet ready; end() below still flushes once it opens.
        }
        if (d.end === undefined || d.once === undefined) return resolve();
        d.once('close', () => resolve());
        d.once('error', () => resolve());
        if (options.file === undefined) return resolve(); // never close fd 1
        d.end();
      });
    },
  };
}
