/**
 * The audit log: one JSON line per request, written by pino. Tool arguments are dropped unless the
 * operator opts in, and then pass through pino's redaction (paths relative to the arguments object).
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import { LockdownError } from '../errors.ts';
import { type AuditSink, createAuditSink } from './audit-sink.ts';

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

export function createAuditLog(
  options: AuditOptions,
  stream?: DestinationStream,
  onError: (error: Error) => void = () => undefined,
): AuditLog {
  const logArguments = options.logArguments === true;
  const redactPaths = (options.redact ?? []).map((p) =>
    p.startsWith('[') ? `arguments${p}` : `arguments.${p}`,
  );
  let sink: AuditSink | null = null;
  if (stream === undefined && options.file !== undefined) {
    try {
      sink = createAuditSink({ file: options.file }, { onError });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new LockdownError(
        'ERR_INVALID_CONFIG',
        `audit.file: cannot open ${options.file} for appending: ${e.code ?? e.message}`,
        undefined,
        { cause: error },
      );
    }
  } else if (stream === undefined && options.stdout !== false) {
    sink = createAuditSink({ fd: 1 }, { onError });
  }
  const dest: DestinationStream | null = stream ?? sink;
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
      sink?.close();
      return Promise.resolve();
    },
  };
}
