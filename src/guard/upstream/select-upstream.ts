/**
 * Builds the configured upstream: a stdio command, a legacy HTTP+SSE server, or a Streamable HTTP server.
 * A URL is legacy when its path ends in /sse or when a GET on it opens an event stream whose first event
 * is `endpoint` (the 2024-11-05 handshake); anything else is Streamable HTTP.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { request } from 'undici';
import { LockdownError } from '../../errors.ts';
import type { GuardConfig } from '../config/guard-config-schema.ts';
import type { SessionRegistry } from '../session-registry.ts';
import { createChannelBridge } from './channel-bridge.ts';
import { createHttpUpstream } from './http-upstream.ts';
import { createLegacySseChannelFactory } from './legacy-sse-channel.ts';
import { createStdioChannelFactory } from './stdio-channel.ts';
import type { Upstream } from './upstream-types.ts';

export async function detectLegacySse(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 3000,
): Promise<boolean> {
  if (/\/sse\/?$/.test(new URL(url).pathname)) return true;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const r = await request(url, {
      method: 'GET',
      headers: { ...headers, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const type = String(r.headers['content-type'] ?? '');
    if (r.statusCode !== 200 || !type.startsWith('text/event-stream')) {
      await r.body.dump().catch(() => undefined);
      return false;
    }
    let text = '';
    for await (const chunk of r.body as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.includes('\n\n') || text.length > 4096) break;
    }
    abort.abort();
    return /^event: ?endpoint\s*$/m.test(text.split(/\r?\n\r?\n/)[0] ?? '');
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Fails startup (not the first request) when the stdio command cannot be found or run. */
export function assertCommandRunnable(
  command: string,
  cwd: string | undefined,
  pathEnv = process.env.PATH ?? '',
): void {
  const candidates =
    command.includes('/') || isAbsolute(command)
      ? [resolve(cwd ?? process.cwd(), command)]
      : pathEnv
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return;
    } catch {
      // try the next PATH entry
    }
  }
  throw new LockdownError(
    'ERR_UPSTREAM',
    `upstream.command: '${command}' is not an executable file or on PATH`,
    { command },
  );
}

export async function selectUpstream(
  config: GuardConfig,
  registry: SessionRegistry,
  options: { kind?: 'http' | 'legacy-sse'; guardVersion: string },
): Promise<Upstream> {
  const u = config.upstream;
  const common = {
    registry,
    maxChildren: config.stdio.maxChildren,
    idleTimeoutMs: config.stdio.idleTimeoutMs,
    timeoutMs: u.timeoutMs,
    maxResponseBytes: config.limits.maxResponseBytes,
    guardVersion: options.guardVersion,
  };
  if (u.command !== undefined) {
    assertCommandRunnable(u.command, u.cwd);
    const factory = createStdioChannelFactory({
      command: u.command,
      args: [...u.args],
      env: { ...u.env },
      cwd: u.cwd,
      maxLineBytes: config.limits.maxResponseBytes,
    });
    return createChannelBridge({ kind: 'stdio', factory, ...common });
  }
  const url = u.url as string;
  const headers = { ...u.headers };
  const kind = options.kind ?? ((await detectLegacySse(url, headers)) ? 'legacy-sse' : 'http');
  if (kind === 'legacy-sse') {
    const factory = createLegacySseChannelFactory({
      url,
      headers,
      timeoutMs: u.timeoutMs,
      maxEventBytes: config.limits.maxResponseBytes,
    });
    return createChannelBridge({ kind: 'legacy-sse', factory, ...common });
  }
  return createHttpUpstream({
    url,
    headers,
    timeoutMs: u.timeoutMs,
    maxResponseBytes: config.limits.maxResponseBytes,
  });
}
