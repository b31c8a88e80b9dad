/**
 * Guard benchmark, one run: tools/call throughput and latency
 *   A. HTTP upstream: direct vs through the guard (API key, JWT)
 *   B. stdio upstream: supergateway (no auth) vs the guard spawning the same command (API key, JWT)
 * Every server is its own process on 127.0.0.1. Prints the table; --out FILE also writes it there.
 * Usage: node bench/guard/run-guard-bench.ts [--seconds 3] [--workers 16] [--out FILE]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createApiKey } from '../../src/guard/auth/api-key-store.ts';
import { type LoadResult, runLoad, type Target } from './load.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string' },
    // Give the proxies (guard, supergateway) a core of their own: the load generator and the upstream
    // run on CPU 0, the proxy under test on CPU 1. Measures whether the proxy limits throughput when it
    // is not competing with the server it protects for the same cores.
    pin: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const WORKERS = Number(values.workers);
const ROUNDS = Number(values.rounds);
const node = process.execPath;
const here = resolve('bench/guard');
const toolServer = join(here, 'bench-tool-server.ts');
const children: ChildProcess[] = [];

if (values.pin) execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });

/** Start a child; `proxy` children go to CPU 1 when --pin is given (others inherit CPU 0). */
function start(cmd: string, args: string[], proxy = false): ChildProcess {
  const [file, argv] = values.pin && proxy ? ['taskset', ['-c', '1', cmd, ...args]] : [cmd, args];
  const child = spawn(file as string, argv as string[], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(url, { method: 'GET' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} did not come up`);
}

const dir = mkdtempSync(join(tmpdir(), 'guard-bench-'));
const keysFile = join(dir, 'keys.json');
const apiKey = createApiKey(keysFile, 'bench').key;
const { publicKey, privateKey } = await generateKeyPair('ES256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' };
const ISSUER = 'https://issuer.bench.invalid';
const LIMITS = { requestsPerMinute: 100_000_000, toolCallsPerMinute: 100_000_000, maxConcurrent: 10_000 };

async function startGuard(
  name: string,
  upstream: Record<string, unknown>,
  mode: 'api-key' | 'jwt',
): Promise<Target> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}/mcp`;
  const config = {
    listen: { host: '127.0.0.1', port },
    publicUrl,
    upstream,
    stdio: { maxChildren: WORKERS * 2 + 4 },
    auth:
      mode === 'api-key'
        ? { apiKeys: { file: keysFile } }
        : { jwt: { issuer: ISSUER, staticKeys: [jwk], algorithms: ['ES256'] } },
    limits: LIMITS,
    audit: { file: join(dir, `${name}.audit.jsonl`) },
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  start(node, [join(here, 'guard-process.ts'), '--config', file], true);
  await waitHttp(`http://127.0.0.1:${port}/healthz`);
  const token =
    mode === 'api-key'
      ? apiKey
      : await new SignJWT({ scope: 'mcp' })
          .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
          .setIssuer(ISSUER)
          .setAudience(publicUrl)
          .setSubject('bench-user')
          .setIssuedAt()
          .setExpirationTime('2h')
          .sign(privateKey);
  return { name, url: publicUrl, headers: { authorization: `Bearer ${token}` } };
}

interface Row {
  group: string;
  target: string;
  latency: LoadResult;
  throughput: LoadResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function combine(results: LoadResult[]): LoadResult {
  return {
    calls: results.reduce((a, r) => a + r.calls, 0),
    seconds: results.reduce((a, r) => a + r.seconds, 0),
    throughput: median(results.map((r) => r.throughput)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    errors: results.reduce((a, r) => a + r.errors, 0),
  };
}

/** Targets of a group are measured in interleaved rounds (median reported) so background load hits all alike. */
async function measureGroup(group: string, targets: Target[]): Promise<Row[]> {
  const lat = targets.map(() => [] as LoadResult[]);
  const thr = targets.map(() => [] as LoadResult[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) {
      lat[i]?.push(await runLoad(t, 1, Math.min(SECONDS, 2)));
      thr[i]?.push(await runLoad(t, WORKERS, SECONDS));
    }
  }
  return targets.map((t, i) => {
    const row = { group, target: t.name, latency: combine(lat[i] ?? []), throughput: combine(thr[i] ?? []) };
    process.stderr.write(
      `${group} ${t.name}: ${row.throughput.throughput.toFixed(0)} calls/s, p50 ${row.latency.p50Ms.toFixed(3)} ms\n`,
    );
    return row;
  });
}

const rows: Row[] = [];
try {
  const upstreamPort = await freePort();
  start(node, [toolServer, 'http', String(upstreamPort)]);
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}/mcp`;
  await waitHttp(upstreamUrl);
  const httpTargets = [
    { name: 'direct (no proxy)', url: upstreamUrl, headers: {} },
    await startGuard('guard-http-api-key', { url: upstreamUrl }, 'api-key'),
    await startGuard('guard-http-jwt', { url: upstreamUrl }, 'jwt'),
  ];
  rows.push(...(await measureGroup('A. HTTP upstream', httpTargets)));

  const sgPort = await freePort();
  start(
    join(resolve('node_modules/.bin'), 'supergateway'),
    [
      '--stdio',
      `${node} ${toolServer} stdio`,
      '--outputTransport',
      'streamableHttp',
      '--stateful',
      '--port',
      String(sgPort),
      '--logLevel',
      'none',
    ],
    true,
  );
  const sgUrl = `http://127.0.0.1:${sgPort}/mcp`;
  await waitHttp(sgUrl);
  const stdioUpstream = { command: node, args: [toolServer, 'stdio'] };
  const stdioTargets = [
    { name: 'supergateway 4 (stdio->Streamable HTTP, no auth)', url: sgUrl, headers: {} },
    await startGuard('guard-stdio-api-key', stdioUpstream, 'api-key'),
    await startGuard('guard-stdio-jwt', stdioUpstream, 'jwt'),
  ];
  rows.push(...(await measureGroup('B. stdio upstream', stdioTargets)));
} finally {
  for (const c of children) c.kill('SIGTERM');
}

const fmt = (n: number, d = 0) => n.toFixed(d);
const lines = [
  '# Guard benchmark',
  '',
  `Command: \`node bench/guard/run-guard-bench.ts --seconds ${SECONDS} --workers ${WORKERS} --rounds ${ROUNDS}\``,
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Workload: \`tools/call\` of a trivial \`add\` tool (official SDK 1.x server), raw 2025 Streamable HTTP, one session per worker.`,
  `Latency: 1 worker, sequential calls. Throughput: ${WORKERS} concurrent workers, ${SECONDS} s after a 0.5 s warm-up. Medians of ${ROUNDS} interleaved rounds.`,
  values.pin
    ? 'Pinned (--pin): load generator and HTTP upstream on CPU 0; each proxy (and, in group B, the stdio server it spawns) on CPU 1.'
    : 'Not pinned: every process shares both CPUs.',
  'Every server is its own process on 127.0.0.1; the guard writes its audit log to a file; limits are set high enough not to trigger.',
  '',
  '| Group | Target | Throughput (calls/s) | vs baseline | p50 latency (ms) | added p50 (ms) | p99 latency (ms) | errors |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const group of [...new Set(rows.map((r) => r.group))]) {
  const inGroup = rows.filter((r) => r.group === group);
  const base = inGroup[0] as Row;
  for (const r of inGroup) {
    lines.push(
      `| ${group} | ${r.target} | ${fmt(r.throughput.throughput)} | ${fmt(r.throughput.throughput / base.throughput.throughput, 2)} | ${fmt(r.latency.p50Ms, 3)} | ${r === base ? '—' : fmt(r.latency.p50Ms - base.latency.p50Ms, 3)} | ${fmt(r.latency.p99Ms, 3)} | ${r.latency.errors + r.throughput.errors} |`,
    );
  }
}
lines.push(
  '',
  'Baselines: group A compares with the upstream called directly; group B with supergateway, an existing',
  'stdio-to-HTTP proxy without authentication, fronting the same stdio command. Targets: >= 0.9 of direct',
  'throughput and < 1 ms added median latency.',
  '',
);
if (values.out) writeFileSync(values.out, lines.join('\n'));
process.stdout.write(lines.join('\n'));
