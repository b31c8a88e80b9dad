import { LockdownError } from '../errors.ts';
import { DEFAULT_PATHS, DEFAULT_PORTS } from './defaults.ts';

export interface ScanOptions {
  /** Ports for targets that name none. Default: the known MCP ports. */
  ports?: readonly number[];
  /** Candidate paths, in probe order. Default: /mcp, /sse, /, /messages, … */
  paths?: readonly string[];
  tls?: 'auto' | 'on' | 'off';
  /** Endpoints probed at once. */
  concurrency?: number;
  /** Global requests per second (TCP connects and HTTP requests); 0 = unlimited. */
  rate?: number;
  /** Endpoints of one host probed at once (HTTP probing; closed-port checks are not held to it). */
  perHostLimit?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  endpointTimeoutMs?: number;
  maxBodyBytes?: number;
  maxListPages?: number;
  maxTools?: number;
  /** Extra headers for the targets themselves (e.g. your own server's credentials). */
  headers?: Record<string, string>;
  /** Send one extra handshake with a foreign Origin to test DNS-rebinding protection. */
  originCheck?: boolean;
  /** For loopback targets, also try the port on this machine's other addresses. */
  checkInterfaces?: boolean;
  maxCidrHosts?: number;
  userAgent?: string;
  /** Stops the scan: no new endpoints start; those in flight finish. */
  signal?: AbortSignal;
}

export type ResolvedScanOptions = Required<Omit<ScanOptions, 'signal' | 'maxCidrHosts'>> & {
  signal: AbortSignal | null;
  maxCidrHosts: number | undefined;
};

function positiveInt(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `${name} must be an integer from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

/** Validate once, up front: a bad option fails the call, never the 10,000th endpoint. */
export function resolveScanOptions(options: ScanOptions, version: string): ResolvedScanOptions {
  const rate = options.rate ?? 0;
  if (!Number.isFinite(rate) || rate < 0) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `rate must be 0 (unlimited) or a positive number, got ${rate}`,
    );
  }
  const tls = options.tls ?? 'auto';
  if (!['auto', 'on', 'off'].includes(tls))
    throw new LockdownError('ERR_INVALID_OPTION', `tls must be auto, on or off, got ${tls}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\r\n\0]/.test(value)) {
      throw new LockdownError(
        'ERR_INVALID_OPTION',
        `header ${JSON.stringify(name)} is not a valid HTTP header`,
      );
    }
  }
  return {
    ports: options.ports ?? DEFAULT_PORTS,
    paths: options.paths ?? DEFAULT_PATHS,
    tls,
    concurrency: positiveInt('concurrency', options.concurrency ?? 64, 10_000),
    rate,
    perHostLimit: positiveInt('perHostLimit', options.perHostLimit ?? 8, 1_000),
    connectTimeoutMs: positiveInt('connectTimeoutMs', options.connectTimeoutMs ?? 3_000, 600_000),
    requestTimeoutMs: positiveInt('requestTimeoutMs', options.requestTimeoutMs ?? 5_000, 600_000),
    endpointTimeoutMs: positiveInt('endpointTimeoutMs', options.endpointTimeoutMs ?? 30_000, 3_600_000),
    maxBodyBytes: positiveInt('maxBodyBytes', options.maxBodyBytes ?? 2 * 1024 * 1024, 1024 * 1024 * 1024),
    maxListPages: positiveInt('maxListPages', options.maxListPages ?? 20, 10_000),
    maxTools: positiveInt('maxTools', options.maxTools ?? 2_000, 1_000_000),
    headers: options.headers ?? {},
    originCheck: options.originCheck ?? true,
    checkInterfaces: options.checkInterfaces ?? false,
    maxCidrHosts: options.maxCidrHosts,
    userAgent:
      options.userAgent ?? `mcp-lockdown/${version} (MCP exposure scanner; read-only, never calls tools)`,
    signal: options.signal ?? null,
  };
}
