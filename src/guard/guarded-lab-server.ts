/**
 * A guard in front of a lab server, for the demo's loop (exposed -> guarded -> rescanned): a fresh API key
 * in a temporary key store, loopback on an ephemeral port, audit log in the same temporary directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from './auth/api-key-store.ts';
import { loadGuardConfig } from './config/load-guard-config.ts';
import { createGuard, type Guard } from './create-guard.ts';

export interface GuardedLabServer {
  /** The guarded MCP endpoint (requires `Authorization: Bearer <apiKey>`). */
  url: string;
  /** The one API key that opens it (key name `lab`). */
  apiKey: string;
  auditFile: string;
  guard: Guard;
  close(): Promise<void>;
}

export interface GuardedLabOptions {
  host?: string;
  /** 0 (default) for an ephemeral port. */
  port?: number;
  /** Canonical resource URI (token audience); defaults to http://host:port/mcp. */
  publicUrl?: string;
  /** Also accept JWTs from this issuer, and name it in the protected resource metadata. */
  jwt?: { issuer: string; staticKeys: Record<string, unknown>[] };
  scopes?: string[];
}

export async function startGuardedLabServer(
  upstreamUrl: string,
  options: GuardedLabOptions = {},
): Promise<GuardedLabServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-lockdown-guarded-lab-'));
  const keysFile = join(dir, 'keys.json');
  const auditFile = join(dir, 'audit.jsonl');
  const { key } = createApiKey(keysFile, 'lab');
  const jwt = options.jwt
    ? {
        jwt: { issuer: options.jwt.issuer, staticKeys: options.jwt.staticKeys },
        authorizationServers: [options.jwt.issuer],
      }
    : {};
  const config = await loadGuardConfig({
    flags: {
      listen: { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      upstream: { url: upstreamUrl },
      auth: {
        apiKeys: { file: keysFile },
        ...jwt,
        ...(options.scopes ? { scopesSupported: options.scopes } : {}),
      },
      audit: { file: auditFile },
    } as Parameters<typeof loadGuardConfig>[0]['flags'],
  });
  const guard = await createGuard(config, { warn: () => undefined });
  const { url } = await guard.listen();
  return { url, apiKey: key, auditFile, guard, close: () => guard.close() };
}
