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

export async function startGuardedLabServer(
  upstreamUrl: string,
  options: { host?: string } = {},
): Promise<GuardedLabServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-lockdown-guarded-lab-'));
  const keysFile = join(dir, 'keys.json');
  const auditFile = join(dir, 'audit.jsonl');
  const { key } = createApiKey(keysFile, 'lab');
  const config = await loadGuardConfig({
    flags: {
      listen: { host: options.host ?? '127.0.0.1', port: 0 },
      upstream: { url: upstreamUrl },
      auth: { apiKeys: { file: keysFile } },
      audit: { file: auditFile },
    },
  });
  const guard = await createGuard(config, { warn: () => undefined });
  const { url } = await guard.listen();
  return { url, apiKey: key, auditFile, guard, close: () => guard.close() };
}
