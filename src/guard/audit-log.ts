/**
 * The audit log: one JSON line per request, in pino's line format. Tool arguments are dropped unless the
 * operator opts in, and then pass through pino's redaction (paths relative to the arguments object).
 *
 * A line without arguments (every line, unless arguments are logged) is serialized here with one native
 * JSON.stringify instead of through pino: the record's shape is fixed and nothing in it needs redacting,
 * and pino's key-by-key serialization was the largest cost the guard added to a request (about 7 µs of
 * CPU, see BENCHMARKS.md). audit-log.test.ts checks the two paths write the same line.
 */
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { LockdownError } from '../errors.ts';
import { type AuditSink, createAuditSink } from './audit-sink.ts';

/** The `log` field of every audit line, for filtering them out of a shared stream. */
export const AUDIT_LOG_NAME = 'mcp-lockdown-audit';

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

const LINE_START = `{"log":"${AUDIT_LOG_NAME}","time":"`;

/**
 * The audit line pino would write for a record without arguments: `log` and `time` first, then the
 * record's fields in order, undefined ones left out. Exported for the equivalence test.
 */
export function auditLine(record: Omit<AuditRecord, 'arguments'>, now: number): string {
  const fields = JSON.stringify(record);
  const time = isoTimestamp(now);
  return fields.length > 2 ? `${LINE_START}${time}",${fields.slice(1)}\n` : `${LINE_START}${time}"}\n`;
}

/** From year 10000 on, toISOString changes shape; the cache below only handles the common one. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_800_000;
let cachedSecond = Number.NaN;
let cachedSecondPrefix = '';

/**
 * `new Date(now).toISOString()`, with the part up to the second formatted once per second: V8 formats
 * dates through a printf-style routine that showed in the guard's per-request profile.
 */
export function isoTimestamp(now: number): string {
  if (!Number.isInteger(now) || now < 0 || now >= LAST_FOUR_DIGIT_YEAR_MS) return new Date(now).toISOString();
  const millis = now % 1000;
  const second = now - millis;
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedSecondPrefix = new Date(second).toISOString().slice(0, 20);
  }
  return `${cachedSecondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** pino's options for audit lines; `timestamp` is replaceable so a test can pin the time. */
export function auditPinoOptions(
  redactPaths: string[],
  timestamp: () => string = pino.stdTimeFunctions.isoTime,
): LoggerOptions {
  return {
    base: null,
    messageKey: 'msg',
    timestamp,
    formatters: { level: () => ({ log: AUDIT_LOG_NAME }) },
    // Redaction only matters for the arguments, which are only logged when asked for.
    redact: redactPaths.length > 0 ? { paths: redactPaths, censor: '[REDACTED]' } : undefined,
  };
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
      : pino(auditPinoOptions(logArguments && redactPaths.length > 0 ? redactPaths : []), dest);
  let closed = false;
  return {
    logArguments,
    write(record) {
      if (logger === null || dest === null || closed) return;
      if (record.arguments === undefined) {
        dest.write(auditLine(record, Date.now()));
        return;
      }
      if (logArguments) {
        logger.info(record);
        return;
      }
      const { arguments: _dropped, ...rest } = record;
      dest.write(auditLine(rest, Date.now()));
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      sink?.close();
      return Promise.resolve();
    },
  };
}
