/** A small closed-loop load generator speaking raw 2025 Streamable HTTP (one session per worker). */
import { Pool } from 'undici';

export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  calls: number;
  seconds: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU µs per call of the load generator itself (this process, user + system) over the window. */
  loadCpuUsPerCall: number;
}

const BASE = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function post(pool: Pool, path: string, headers: Record<string, string>, body: unknown) {
  const r = await pool.request({
    path,
    method: 'POST',
    headers: { ...BASE, ...headers },
    body: JSON.stringify(body),
  });
  const text = await r.body.text();
  return { status: r.statusCode, sessionId: r.headers['mcp-session-id'] as string | undefined, text };
}

/** Ends every session (DELETE) and closes the pool. */
export async function closeSessions(
  pool: Pool,
  path: string,
  sessions: Record<string, string>[],
): Promise<void> {
  await Promise.all(
    sessions.map((h) =>
      h['mcp-session-id']
        ? pool
            .request({ path, method: 'DELETE', headers: h })
            .then((r) => r.body.dump())
            .catch(() => undefined)
        : undefined,
    ),
  );
  await pool.close();
}

/** initialize + notifications/initialized; returns the headers that carry the session. */
export async function openSession(pool: Pool, path: string, target: Target): Promise<Record<string, string>> {
  const init = await post(pool, path, target.headers, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  });
  if (init.status !== 200)
    throw new Error(`${target.name}: initialize answered ${init.status}: ${init.text.slice(0, 200)}`);
  const headers: Record<string, string> = { ...target.headers, 'mcp-protocol-version': '2025-06-18' };
  if (init.sessionId) headers['mcp-session-id'] = init.sessionId;
  await post(pool, path, headers, { jsonrpc: '2.0', method: 'notifications/initialized' });
  return headers;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function runLoad(
  target: Target,
  workers: number,
  seconds: number,
  warmupSeconds = 0.5,
  window?: { start(): void; end(): void },
): Promise<LoadResult> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: workers * 2, pipelining: 1 });
  const sessions = await Promise.all(
    Array.from({ length: workers }, () => openSession(pool, url.pathname, target)),
  );
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const body = (id: number) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'add', arguments: { a: id, b: 1 } },
  });
  const loops = sessions.map(async (headers, w) => {
    let id = w * 1_000_000;
    while (!stop) {
      const t0 = performance.now();
      const r = await post(pool, url.pathname, headers, body(++id));
      const dt = performance.now() - t0;
      if (!measuring) continue;
      if (r.status !== 200 || !r.text.includes(`"${id + 1}"`)) errors++;
      latencies.push(dt);
    }
  });
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  measuring = true;
  window?.start();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  window?.end();
  const calls = latencies.length;
  stop = true;
  await Promise.all(loops);
  await closeSessions(pool, url.pathname, sessions);
  const sorted = latencies.slice(0, calls).sort((a, b) => a - b);
  return {
    calls,
    seconds: elapsed,
    throughput: calls / elapsed,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors,
    loadCpuUsPerCall: (cpu.user + cpu.system) / Math.max(calls, 1),
  };
}
