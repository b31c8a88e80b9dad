/** Test harness: a real guard on 127.0.0.1:0 in front of a real upstream, with a real API key store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createApiKey } from '../../src/guard/auth/api-key-store.ts';
import type { GuardConfigInput } from '../../src/guard/config/guard-config-schema.ts';
import { loadGuardConfig } from '../../src/guard/config/load-guard-config.ts';
import { createGuard, type Guard, type GuardDeps } from '../../src/guard/create-guard.ts';

export interface KeyStore {
  file: string;
  keys: Record<string, string>;
}

export function makeKeyStore(names: string[], scopes: Record<string, string[]> = {}): KeyStore {
  const dir = mkdtempSync(join(tmpdir(), 'guard-keys-'));
  const file = join(dir, 'keys.json');
  const keys: Record<string, string> = {};
  for (const name of names) keys[name] = createApiKey(file, name, scopes[name] ?? []).key;
  return { file, keys };
}

export interface RunningGuard {
  guard: Guard;
  url: string;
  audit: Record<string, unknown>[];
  warnings: string[];
  close(): Promise<void>;
}

export async function startGuard(
  flags: Partial<GuardConfigInput>,
  deps: GuardDeps = {},
): Promise<RunningGuard> {
  const config = await loadGuardConfig({ flags: { listen: { host: '127.0.0.1', port: 0 }, ...flags } });
  const audit: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) audit.push(JSON.parse(line));
      done();
    },
  });
  const guard = await createGuard(config, { auditStream: sink, warn: (m) => warnings.push(m), ...deps });
  const { url } = await guard.listen();
  return { guard, url, audit, warnings, close: () => guard.close() };
}

export async function connectClient(
  url: string,
  token: string | null,
  name = 'guard-test-client',
): Promise<Client> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Raw JSON-RPC POST through fetch (undici) for cases the SDK client would never send. */
export async function rawPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    const data = text.split('\n').find((l) => l.startsWith('data: '));
    if (data) json = JSON.parse(data.slice(6));
  }
  return { status: r.status, headers: r.headers, text, json };
}

export const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-client', version: '1' },
  },
};

/** Ends the session with DELETE (SDK 1.x close() alone leaves it to the idle timeout), then closes. */
export async function endSession(client: Client): Promise<void> {
  const transport = client.transport as StreamableHTTPClientTransport | undefined;
  await transport?.terminateSession().catch(() => undefined);
  await client.close();
}
