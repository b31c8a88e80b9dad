/**
 * `mcp-lockdown guard`: flags -> config (every flag maps to a config key; loadGuardConfig validates and
 * names the bad key) -> createGuard -> listen until SIGTERM/SIGINT, then drain and flush.
 */
import { parseArgs } from 'node:util';
import { isLockdownError, LockdownError } from '../errors.ts';
import type { GuardConfigInput } from '../guard/config/guard-config-schema.ts';
import { loadGuardConfig } from '../guard/config/load-guard-config.ts';
import { createGuard } from '../guard/create-guard.ts';
import { splitCommandLine } from './split-command.ts';

export interface GuardIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Stops the guard when aborted (tests); by default SIGTERM and SIGINT do. */
  stop?: AbortSignal;
}

export const GUARD_USAGE = `Usage: mcp-lockdown guard (--upstream URL | --upstream-command "CMD ARGS") [options]

Upstream:
  --upstream URL                 Streamable HTTP (2025 or 2026-07-28) or legacy HTTP+SSE MCP endpoint
  --upstream-command "CMD ARGS"  stdio MCP server to spawn (split like a shell, never run by one)
  --upstream-header "K: V"       header sent to the upstream (repeatable; upstream credentials)
  --upstream-env K=V             environment for the stdio child (repeatable)
  --upstream-cwd DIR             working directory for the stdio child
  --upstream-timeout MS          upstream exchange deadline (default 30000)
  --max-children N               stdio/legacy-SSE upstream connections at once (default 16)
  --idle-timeout MS              close an idle stdio child or legacy-SSE connection after MS (default 300000)
Listening:
  --config FILE                  YAML config (flags override it)
  --listen HOST:PORT             default 127.0.0.1:6280; non-loopback needs auth or --allow-unauthenticated
  --path PATH                    MCP endpoint path (default /mcp)
  --public-url URL               canonical resource URI (token audience, metadata)
  --allow-unauthenticated        requests without credentials pass as the anonymous principal
Authentication:
  --api-keys FILE                API key store (mcp-lockdown keys create NAME --file FILE)
  --jwt-issuer URL  --jwks-url URL  --jwt-audience AUD  --jwt-algorithm ALG (repeatable)
  --introspection-url URL  --introspection-client-id ID  --introspection-client-secret SECRET
  --authorization-server URL     advertised in metadata (repeatable)
  --scope SCOPE                  advertised scopes_supported (repeatable)
Policy and limits:
  --policy FILE                  policy rules (YAML)
  --requests-per-minute N  --tool-calls-per-minute N  --max-concurrent N  --daily-quota N
  --redis-url URL                share limit counters through Redis
  --max-body-bytes N  --max-response-bytes N  --max-open-streams N
Browser access:
  --allowed-origin ORIGIN  --allowed-host HOST[:PORT]  --cors-origin ORIGIN   (repeatable)
Audit and metrics:
  --audit-file FILE              JSON lines (default stdout)
  --log-arguments                log tool arguments (with redaction)
  --redact PATH                  pino redact path inside arguments (repeatable; replaces defaults)
  --no-metrics                   disable /metrics
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  upstream: { type: 'string' },
  'upstream-command': { type: 'string' },
  'upstream-header': { type: 'string', multiple: true },
  'upstream-env': { type: 'string', multiple: true },
  'upstream-cwd': { type: 'string' },
  'upstream-timeout': { type: 'string' },
  'max-children': { type: 'string' },
  'idle-timeout': { type: 'string' },
  listen: { type: 'string' },
  path: { type: 'string' },
  'public-url': { type: 'string' },
  'allow-unauthenticated': { type: 'boolean' },
  'api-keys': { type: 'string' },
  'jwt-issuer': { type: 'string' },
  'jwks-url': { type: 'string' },
  'jwt-audience': { type: 'string' },
  'jwt-algorithm': { type: 'string', multiple: true },
  'introspection-url': { type: 'string' },
  'introspection-client-id': { type: 'string' },
  'introspection-client-secret': { type: 'string' },
  'authorization-server': { type: 'string', multiple: true },
  scope: { type: 'string', multiple: true },
  policy: { type: 'string' },
  'requests-per-minute': { type: 'string' },
  'tool-calls-per-minute': { type: 'string' },
  'max-concurrent': { type: 'string' },
  'daily-quota': { type: 'string' },
  'redis-url': { type: 'string' },
  'max-body-bytes': { type: 'string' },
  'max-response-bytes': { type: 'string' },
  'max-open-streams': { type: 'string' },
  'allowed-origin': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  'audit-file': { type: 'string' },
  'log-arguments': { type: 'boolean' },
  redact: { type: 'string', multiple: true },
  'no-metrics': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false }>>['values'];

/** Numbers pass through unparsed when not numeric, so the schema names the key in its error. */
function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : (v as unknown as number);
}

function pairs(list: string[] | undefined, sep: string, flag: string): Record<string, string> | undefined {
  if (list === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const item of list) {
    const at = item.indexOf(sep);
    if (at <= 0)
      throw new LockdownError(
        'ERR_INVALID_OPTION',
        `${flag}: expected NAME${sep}VALUE, got ${JSON.stringify(item)}`,
      );
    out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return out;
}

function parseListen(v: string | undefined): { host?: string; port?: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(v) ?? /^:(\d+)$/.exec(v);
  if (m === null)
    throw new LockdownError('ERR_INVALID_OPTION', `--listen: expected HOST:PORT, got ${JSON.stringify(v)}`);
  if (m.length === 2) return { port: Number(m[1]) };
  return { host: (m[1] ?? m[2]) as string, port: Number(m[3]) };
}

function prune<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = prune(v);
    if (p === undefined) continue;
    if (typeof p === 'object' && p !== null && !Array.isArray(p) && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out as T;
}

/** Flags in config shape (exported for tests: every flag maps to a config key). */
export function flagsToConfig(values: Values): Partial<GuardConfigInput> {
  const command =
    values['upstream-command'] === undefined ? undefined : splitCommandLine(values['upstream-command']);
  if (command !== undefined && command.length === 0)
    throw new LockdownError('ERR_INVALID_OPTION', '--upstream-command is empty');
  const jwt =
    values['jwt-issuer'] === undefined && values['jwks-url'] === undefined
      ? undefined
      : {
          issuer: values['jwt-issuer'] as string,
          jwksUrl: values['jwks-url'],
          audience: values['jwt-audience'],
          algorithms: values['jwt-algorithm'],
        };
  const introspection =
    values['introspection-url'] === undefined
      ? undefined
      : {
          url: values['introspection-url'],
          clientId: values['introspection-client-id'] as string,
          clientSecret: values['introspection-client-secret'] as string,
        };
  return prune({
    listen: { ...parseListen(values.listen), path: values.path },
    publicUrl: values['public-url'],
    upstream: {
      url: values.upstream,
      command: command?.[0],
      args: command?.slice(1),
      env: pairs(values['upstream-env'], '=', '--upstream-env'),
      cwd: values['upstream-cwd'],
      headers: pairs(values['upstream-header'], ':', '--upstream-header'),
      timeoutMs: num(values['upstream-timeout']),
    },
    stdio: { maxChildren: num(values['max-children']), idleTimeoutMs: num(values['idle-timeout']) },
    allowUnauthenticated: values['allow-unauthenticated'],
    auth: {
      apiKeys: values['api-keys'] === undefined ? undefined : { file: values['api-keys'] },
      jwt,
      introspection,
      authorizationServers: values['authorization-server'],
      scopesSupported: values.scope,
    },
    policy: values.policy,
    limits: {
      requestsPerMinute: num(values['requests-per-minute']),
      toolCallsPerMinute: num(values['tool-calls-per-minute']),
      maxConcurrent: num(values['max-concurrent']),
      dailyQuota: num(values['daily-quota']),
      redisUrl: values['redis-url'],
      maxBodyBytes: num(values['max-body-bytes']),
      maxResponseBytes: num(values['max-response-bytes']),
      maxOpenStreams: num(values['max-open-streams']),
    },
    origins: { allowed: values['allowed-origin'], allowedHosts: values['allowed-host'] },
    cors: values['cors-origin'] === undefined ? undefined : { enabled: true, origins: values['cors-origin'] },
    audit: { file: values['audit-file'], logArguments: values['log-arguments'], redact: values.redact },
    metrics: values['no-metrics'] === true ? { enabled: false } : undefined,
  } as Partial<GuardConfigInput>);
}

/** Runs the guard until stopped. Exit codes: 0 after a clean shutdown; 2 when startup fails (bad flag, config, bind). */
export async function runGuardCommand(argv: readonly string[], io: GuardIo): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    io.stderr.write(`guard: ${(error as Error).message}\n\n${GUARD_USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout.write(GUARD_USAGE);
    return 0;
  }
  let guard: Awaited<ReturnType<typeof createGuard>>;
  let url: string;
  try {
    const config = await loadGuardConfig({
      ...(values.config ? { file: values.config } : {}),
      flags: flagsToConfig(values),
    });
    guard = await createGuard(config, { warn: (m) => io.stderr.write(`guard: ${m}\n`) });
    ({ url } = await guard.listen());
  } catch (error) {
    if (isLockdownError(error)) {
      io.stderr.write(`error: ${error.code}: ${error.message}\n`);
      return 2;
    }
    const e = error as NodeJS.ErrnoException;
    io.stderr.write(
      `error: ERR_INVALID_OPTION: cannot start the guard: ${e.code ? `${e.code} ` : ''}${e.message}\n`,
    );
    return 2;
  }
  io.stderr.write(`guard: listening on ${url} (upstream: ${guard.upstream.kind})\n`);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    if (io.stop !== undefined) {
      if (io.stop.aborted) return done();
      io.stop.addEventListener('abort', done, { once: true });
    } else {
      process.once('SIGTERM', done);
      process.once('SIGINT', done);
    }
  });
  io.stderr.write('guard: stopping: draining in-flight requests\n');
  await guard.close();
  io.stderr.write('guard: stopped\n');
  return 0;
}
