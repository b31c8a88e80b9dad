/**
 * createGuard: the authenticating gateway in front of one MCP server. Routes: the RFC 9728 metadata
 * documents (no auth), /healthz, /metrics, and the MCP endpoint (see mcp-endpoint.ts for its steps).
 * Every request first passes the Origin check (and the MCP endpoint the Host check).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { JSON_RPC_ERRORS } from '../mcp/json-rpc.ts';
import { compilePolicy } from '../policy/compile-policy.ts';
import { type AuditRecord, createAuditLog } from './audit-log.ts';
import { readKeyStore } from './auth/api-key-store.ts';
import { type Authenticator, createAuthenticator } from './auth/authenticate.ts';
import { createCachedAuthenticator } from './auth-cache.ts';
import { checkBindSafety } from './bind-safety.ts';
import type { GuardConfig } from './config/guard-config-schema.ts';
import { headerValue, sendJson, sendRpcError } from './http-reply.ts';
import { createInFlightRequests } from './in-flight.ts';
import { createMcpEndpoint, metricMethod } from './mcp-endpoint.ts';
import { createGuardMetrics, METRICS_CONTENT_TYPE } from './metrics.ts';
import { buildOriginPolicy, checkOriginAndHost, type OriginPolicy } from './origin-guard.ts';
import {
  buildProtectedResourceMetadata,
  protectedResourceMetadataPaths,
  type ResourceInfo,
  resolveResource,
} from './protected-resource-metadata.ts';
import { createGuardLimits } from './rate-limits.ts';
import { createSessionRegistry } from './session-registry.ts';
import { selectUpstream } from './upstream/select-upstream.ts';
import type { Upstream } from './upstream/upstream-types.ts';

export const GUARD_VERSION = '0.1.0';

export interface GuardDeps {
  /** Audit lines go here instead of config.audit's destination (tests). */
  auditStream?: DestinationStream;
  /** Warnings (unsafe bind allowed, upstream detection) go here; default stderr. */
  warn?: (message: string) => void;
  /** Skip legacy-SSE detection for URL upstreams. */
  upstreamKind?: 'http' | 'legacy-sse';
  /** How long close() waits for in-flight requests before cutting them; default 10 s. */
  drainTimeoutMs?: number;
}

export interface Guard {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  listen(): Promise<{ url: string }>;
  /** Stops accepting, lets in-flight requests finish (bounded), closes the upstream, flushes the audit log. */
  close(): Promise<void>;
  readonly upstream: Upstream;
}

export async function createGuard(config: GuardConfig, deps: GuardDeps = {}): Promise<Guard> {
  const warn = deps.warn ?? ((m: string) => process.stderr.write(`mcp-lockdown guard: ${m}\n`));
  checkBindSafety(config, warn);
  const apiKeyNames = config.auth.apiKeys
    ? readKeyStore(config.auth.apiKeys.file, { missingOk: true }).keys.map((k) => k.name)
    : undefined;
  const policy =
    config.policy === null ? null : compilePolicy(config.policy, apiKeyNames ? { apiKeyNames } : {});
  const registry = createSessionRegistry({ ttlMs: Math.max(config.stdio.idleTimeoutMs * 4, 3_600_000) });
  // Opened before anything that holds resources: a bad audit path fails startup with nothing to undo.
  const audit = createAuditLog(
    {
      file: config.audit.file,
      logArguments: config.audit.logArguments,
      redact: stripArgumentsPrefix(config.audit.redact),
    },
    deps.auditStream,
    (error) => warn(`audit log: write failed, lines are being lost: ${error.message}`),
  );
  const limits = await createGuardLimits(config.limits);
  const upstream = await selectUpstream(config, registry, {
    guardVersion: GUARD_VERSION,
    ...(deps.upstreamKind ? { kind: deps.upstreamKind } : {}),
  });
  const metrics = createGuardMetrics();

  let resource: ResourceInfo | null = null;
  let authenticator: Authenticator | null = null;
  let originPolicy: OriginPolicy | null = null;
  let metadataPaths: readonly string[] = [];
  const configure = (publicUrl: string, port: number): void => {
    resource = resolveResource(config, publicUrl);
    metadataPaths = protectedResourceMetadataPaths(resource.resourceUrl);
    authenticator = createCachedAuthenticator(
      createAuthenticator(config.auth, resource, { allowAnonymous: config.allowUnauthenticated }),
    );
    originPolicy = buildOriginPolicy({
      listenHost: config.listen.host,
      port,
      publicUrl,
      allowedOrigins: [...config.origins.allowed, ...config.cors.origins],
      allowedHosts: [...config.origins.allowedHosts],
    });
  };
  if (config.publicUrl !== null) configure(config.publicUrl, config.listen.port);
  let mcpPathCache: { for: ResourceInfo | null; path: string } = { for: null, path: config.listen.path };
  const mcpPath = (): string => {
    if (mcpPathCache.for !== resource) {
      const r = resource as ResourceInfo | null;
      mcpPathCache = { for: r, path: r === null ? config.listen.path : new URL(r.resourceUrl).pathname };
    }
    return mcpPathCache.path;
  };

  const endpoint = createMcpEndpoint({
    authenticator: () => authenticator as Authenticator,
    metadataUrl: () => (resource as ResourceInfo | null)?.metadataUrl ?? '',
    limits,
    policy,
    registry,
    upstream,
    audit,
    metrics,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxOpenStreams: config.limits.maxOpenStreams,
  });

  const inFlight = createInFlightRequests();
  let closing = false;
  const idPrefix = randomBytes(4).toString('hex');
  let counter = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const record: AuditRecord = {
      reqId: `${idPrefix}-${(++counter).toString(36)}`,
      principal: null,
      principalKind: null,
      client: null,
      era: 'none',
      httpMethod: req.method ?? '',
      method: null,
      name: null,
      decision: 'allow',
      rule: null,
      reason: null,
      status: 0,
      upstreamMs: null,
      totalMs: 0,
      bytesIn: 0,
      bytesOut: 0,
      sessionId: null,
    };
    if (resource === null || originPolicy === null) {
      sendRpcError(res, 503, JSON_RPC_ERRORS.INTERNAL_ERROR, 'Guard is not listening yet');
      return;
    }
    const cors = config.cors.enabled ? corsHeaders(config, headerValue(req, 'origin')) : null;
    if (cors !== null) for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    const isMcp = path === mcpPath();
    // The metadata document is public and browser clients fetch it cross-origin: no Origin/Host check.
    const isMetadata = req.method === 'GET' && metadataPaths.includes(path);
    const verdict: ReturnType<typeof checkOriginAndHost> = isMetadata
      ? { ok: true }
      : checkOriginAndHost(
          originPolicy,
          headerValue(req, 'origin'),
          isMcp ? headerValue(req, 'host') : (originPolicy as OriginPolicy).allowedHosts[0],
        );
    const tracked = inFlight.add(res, req.method === 'GET');
    try {
      if (!verdict.ok) {
        record.decision = 'deny';
        record.reason = verdict.reason;
        record.status = 403;
        metrics.countDenial(verdict.reason);
        record.bytesOut = sendRpcError(
          res,
          403,
          JSON_RPC_ERRORS.INVALID_REQUEST,
          `Forbidden: ${verdict.detail}`,
        );
        return;
      }
      if (req.method === 'OPTIONS' && cors !== null && Object.keys(cors).length > 0) {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
          'access-control-allow-headers':
            'authorization, content-type, accept, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id',
          'access-control-max-age': '600',
        });
        res.end();
        record.status = 204;
        return;
      }
      if (closing) {
        record.status = 503;
        record.bytesOut = sendRpcError(res, 503, JSON_RPC_ERRORS.INTERNAL_ERROR, 'Guard is shutting down', {
          headers: { connection: 'close' },
        });
        return;
      }
      if (isMetadata) {
        record.status = 200;
        record.bytesOut = sendJson(res, 200, buildProtectedResourceMetadata(config, resource.resourceUrl), {
          'access-control-allow-origin': '*',
          'cache-control': 'max-age=300',
        });
        return;
      }
      if (req.method === 'GET' && path === '/healthz') {
        record.status = 200;
        record.bytesOut = sendJson(res, 200, { status: 'ok', upstream: upstream.kind });
        return;
      }
      if (req.method === 'GET' && path === '/metrics' && config.metrics.enabled) {
        const text = metrics.render();
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
        res.end(text);
        record.status = 200;
        return;
      }
      if (!isMcp) {
        record.status = 404;
        record.bytesOut = sendRpcError(res, 404, JSON_RPC_ERRORS.INVALID_REQUEST, 'Not found');
        return;
      }
      if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
        record.status = 405;
        record.bytesOut = sendRpcError(res, 405, JSON_RPC_ERRORS.INVALID_REQUEST, 'Method not allowed', {
          headers: { allow: 'GET, POST, DELETE' },
        });
        return;
      }
      await endpoint(req, res, record);
    } catch (error) {
      record.decision = 'error';
      record.reason = 'internal';
      record.status = 500;
      record.bytesOut += sendRpcError(res, 500, JSON_RPC_ERRORS.INTERNAL_ERROR, 'Internal guard error');
      warn(`internal error: ${(error as Error).stack ?? String(error)}`);
    } finally {
      const total = performance.now() - started;
      record.totalMs = Math.round(total * 1000) / 1000;
      if (record.status === 0) record.status = res.statusCode;
      const isProbe = path === '/healthz' || path === '/metrics';
      if (!isProbe) {
        metrics.countRequest({ method: metricMethod(record.method), status: record.status });
        metrics.observeLatency('total', total / 1000);
        audit.write(record);
      }
      inFlight.remove(tracked);
    }
  }

  let server: Server | null = null;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };

  return {
    handler,
    upstream,
    async listen() {
      const s = createServer({ keepAliveTimeout: 65_000 }, handler);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(config.listen.port, config.listen.host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      const port = (s.address() as AddressInfo).port;
      const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
      const url = `http://${host}:${port}${config.listen.path}`;
      configure(config.publicUrl ?? url, port);
      return { url };
    },
    async close() {
      if (closing) return;
      closing = true;
      const s = server;
      const stopped =
        s === null ? Promise.resolve() : new Promise<void>((resolve) => s.close(() => resolve()));
      s?.closeIdleConnections();
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, deps.drainTimeoutMs ?? 10_000).unref(),
      );
      // POST exchanges finish on their own; long-lived GET streams never do, so they are ended after.
      await Promise.race([inFlight.settled('exchanges'), timeout]);
      for (const res of inFlight.open()) res.destroy();
      await upstream.close();
      await Promise.race([inFlight.settled('all'), timeout]);
      s?.closeAllConnections();
      await stopped;
      await limits.close();
      await (authenticator as Authenticator | null)?.close();
      await audit.close();
    },
  };
}

function corsHeaders(config: GuardConfig, origin: string | undefined): Record<string, string> {
  if (!config.cors.enabled || origin === undefined || !config.cors.origins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-expose-headers': 'mcp-session-id, www-authenticate, retry-after, mcp-protocol-version',
  };
}

/** Config redact paths may be written `arguments.x` or `x`; the audit log wants them relative to arguments. */
function stripArgumentsPrefix(paths: readonly string[]): string[] {
  return paths.map((p) => (p.startsWith('arguments.') ? p.slice('arguments.'.length) : p));
}
