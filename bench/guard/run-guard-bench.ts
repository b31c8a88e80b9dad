/**
 * Guard benchmark, one run: tools/call throughput and latency
 *   A. HTTP upstream: direct vs through the guard (API key, JWT)
 *   B. stdio upstream: supergateway (no auth) vs the guard spawning the same command (API key, JWT)
 * Every server is its own process on 127.0.0.1. Prints the table; --out FILE also writes it there.
 * Usage: node bench/guard/run-guard-bench.ts [--seconds 3] [--workers 16] [--rounds 5] [--load wrk|node] [--pin] [--out FILE]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createApiKey } from '../../src/guard/auth/api-key-store.ts';
import { type LoadResult, runLoad, type Target } from './load.ts';
import { descendantPids, processCpuSeconds } from './process-cpu.ts';
import { runWrkLoad, wrkAvailable } from './wrk-load.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    out: { type: 'string' },
    // Give the upstream server a core of its own (CPU 0); the load generator and the proxy under test
    // share CPU 1. This asks whether the proxy lowers the throughput an upstream can deliver when the
    // upstream is the bottleneck, as a real server doing real work is.
    pin: { type: 'boolean', default: false },
    // wrk (Debian's `wrk`, C) spends a fraction of the CPU per call that a Node load generator does, so
    // on a small machine the servers under test get the cores; `node` is the fallback without wrk.
    load: { type: 'string', default: 'wrk' },
  },
});
const LOAD = values.load === 'node' || !wrkAvailable() ? 'node' : 'wrk';
if (values.load === 'wrk' && LOAD === 'node')
  process.stderr.write('wrk not found (apt-get install wrk): falling back to the Node load generator\n');
const SECONDS = Number(values.seconds);
const WORKERS = Number(values.workers);
const ROUNDS = Number(values.rounds);
const node = process.execPath;
const here = resolve('bench/guard');
const toolServer = join(here, 'bench-tool-server.ts');
const children: ChildProcess[] = [];

const UPSTREAM_CPU = '0';
const PROXY_CPU = '1';
if (values.pin) execFileSync('taskset', ['-p', '-c', PROXY_CPU, String(process.pid)], { stdio: 'ignore' });

/** Start a child. With --pin, upstream servers go to their own CPU; everything else inherits the proxies' CPU. */
function start(cmd: string, args: string[], upstream = false): ChildProcess {
  const [file, argv] = values.pin && upstream ? ['taskset', ['-c', UPSTREAM_CPU, cmd, ...args]] : [cmd, args];
  const child = spawn(file as string, argv as string[], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

/** With --pin, moves a proxy's children (the stdio servers it spawned, all threads) to the upstream CPU. */
function pinDescendants(pid: number | undefined): void {
  if (!values.pin || pid === undefined) return;
  for (const child of descendantPids(pid)) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', UPSTREAM_CPU, String(child)], { stdio: 'ignore' });
    } catch {
      // the child may have exited between listing and pinning
    }
  }
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
): Promise<Measured> {
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
  // Through the launcher, as users run it (its V8 heap flags included).
  const proxy = start(resolve('bin/mcp-lockdown'), ['guard', '--config', file]);
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
  return { name, url: publicUrl, headers: { authorization: `Bearer ${token}` }, proxyPid: proxy.pid };
}

/** The minimal Node forwarding proxy (reference-proxy.ts): the ceiling for any proxy written in Node. */
async function startReferenceProxy(upstreamUrl: string): Promise<Measured> {
  const port = await freePort();
  const proxy = start(node, [join(here, 'reference-proxy.ts'), String(port), upstreamUrl]);
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitHttp(url);
  return {
    name: 'reference: minimal Node proxy (no auth, no checks)',
    url,
    headers: {},
    proxyPid: proxy.pid,
  };
}

/** A load target and the processes behind it, for CPU accounting. */
interface Measured extends Target {
  /** The proxy process under test (absent for the direct baseline). */
  proxyPid?: number | undefined;
  /** The upstream server's process when it is not a child of the proxy (group A). */
  upstreamPid?: number | undefined;
}

/** CPU µs per call of each process over one throughput window. */
interface CpuSplit {
  load: number;
  proxy: number;
  upstream: number;
}

interface Row {
  group: string;
  target: string;
  latency: LoadResult;
  throughput: LoadResult;
  cpu: CpuSplit;
}

const load = LOAD === 'wrk' ? runWrkLoad : runLoad;

/** Proxy CPU is the proxy's own; upstream CPU is the separate upstream's, or the proxy's children's (stdio). */
function sampleCpu(t: Measured): { proxy: number; upstream: number } {
  const proxy = t.proxyPid !== undefined ? processCpuSeconds(t.proxyPid) : { self: 0, descendants: 0 };
  const upstream = t.upstreamPid !== undefined ? processCpuSeconds(t.upstreamPid).self : proxy.descendants;
  return { proxy: proxy.self, upstream };
}

async function throughputWithCpu(t: Measured): Promise<{ result: LoadResult; cpu: CpuSplit }> {
  let before = { proxy: 0, upstream: 0 };
  let after = before;
  const result = await load(t, WORKERS, SECONDS, 0.5, {
    start: () => {
      pinDescendants(t.proxyPid);
      before = sampleCpu(t);
    },
    end: () => {
      after = sampleCpu(t);
    },
  });
  const perCall = (seconds: number) => (seconds * 1e6) / Math.max(result.calls, 1);
  return {
    result,
    cpu: {
      load: result.loadCpuUsPerCall,
      proxy: perCall(after.proxy - before.proxy),
      upstream: perCall(after.upstream - before.upstream),
    },
  };
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
    loadCpuUsPerCall: median(results.map((r) => r.loadCpuUsPerCall)),
  };
}

/** Targets of a group are measured in interleaved rounds (median reported) so background load hits all alike. */
async function measureGroup(group: string, targets: Measured[]): Promise<Row[]> {
  const lat = targets.map(() => [] as LoadResult[]);
  const thr = targets.map(() => [] as LoadResult[]);
  const cpu = targets.map(() => [] as CpuSplit[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) {
      lat[i]?.push(await load(t, 1, Math.min(SECONDS, 2)));
      const measured = await throughputWithCpu(t);
      thr[i]?.push(measured.result);
      cpu[i]?.push(measured.cpu);
    }
  }
  return targets.map((t, i) => {
    const splits = cpu[i] ?? [];
    const row = {
      group,
      target: t.name,
      latency: combine(lat[i] ?? []),
      throughput: combine(thr[i] ?? []),
      cpu: {
        load: median(splits.map((c) => c.load)),
        proxy: median(splits.map((c) => c.proxy)),
        upstream: median(splits.map((c) => c.upstream)),
      },
    };
    process.stderr.write(
      `${group} ${t.name}: ${row.throughput.throughput.toFixed(0)} calls/s, p50 ${row.latency.p50Ms.toFixed(3)} ms\n`,
    );
    return row;
  });
}

const rows: Row[] = [];
try {
  const upstreamPort = await freePort();
  const upstreamPid = start(node, [toolServer, 'http', String(upstreamPort)], true).pid;
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}/mcp`;
  await waitHttp(upstreamUrl);
  const httpTargets: Measured[] = [
    { name: 'direct (no proxy)', url: upstreamUrl, headers: {} },
    await startGuard('guard-http-api-key', { url: upstreamUrl }, 'api-key'),
    await startGuard('guard-http-jwt', { url: upstreamUrl }, 'jwt'),
    await startReferenceProxy(upstreamUrl),
  ].map((t) => ({ ...t, upstreamPid }));
  rows.push(...(await measureGroup('A. HTTP upstream', httpTargets)));

  const sgPort = await freePort();
  const supergateway = start(join(resolve('node_modules/.bin'), 'supergateway'), [
    '--stdio',
    `${node} ${toolServer} stdio`,
    '--outputTransport',
    'streamableHttp',
    '--stateful',
    '--port',
    String(sgPort),
    '--logLevel',
    'none',
  ]);
  const sgUrl = `http://127.0.0.1:${sgPort}/mcp`;
  await waitHttp(sgUrl);
  const stdioUpstream = { command: node, args: [toolServer, 'stdio'] };
  const stdioTargets: Measured[] = [
    {
      name: 'supergateway 4 (stdio->Streamable HTTP, no auth)',
      url: sgUrl,
      headers: {},
      proxyPid: supergateway.pid,
    },
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
  `Command: \`node bench/guard/run-guard-bench.ts --seconds ${SECONDS} --workers ${WORKERS} --rounds ${ROUNDS} --load ${LOAD}${values.pin ? ' --pin' : ''}\``,
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Workload: \`tools/call\` of a trivial \`add\` tool (official SDK 1.x server), raw 2025 Streamable HTTP, one session per worker.`,
  LOAD === 'wrk'
    ? 'Load generator: wrk (1 thread; bench/guard/wrk-tools-call.lua checks every reply is a JSON-RPC result).'
    : 'Load generator: Node + undici (bench/guard/load.ts).',
  `Latency: 1 worker, sequential calls. Throughput: ${WORKERS} concurrent workers, ${SECONDS} s after a ${LOAD === 'wrk' ? '1 s' : '0.5 s'} warm-up (wrk counts whole seconds). Medians of ${ROUNDS} interleaved rounds.`,
  values.pin
    ? 'Pinned (--pin): each upstream server alone on CPU 0 (in group B, the stdio servers the proxy spawns); the load generator and the proxy under test share CPU 1.'
    : 'Not pinned: every process shares both CPUs.',
  'Every server is its own process on 127.0.0.1; the guard writes its audit log to a file; limits are set high enough not to trigger.',
  '',
  '| Group | Target | Throughput (calls/s) | vs baseline | p50 latency (ms) | added p50 (ms) | p99 latency (ms) | errors | CPU µs/call: load gen | proxy | upstream |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const group of [...new Set(rows.map((r) => r.group))]) {
  const inGroup = rows.filter((r) => r.group === group);
  const base = inGroup[0] as Row;
  for (const r of inGroup) {
    lines.push(
      `| ${group} | ${r.target} | ${fmt(r.throughput.throughput)} | ${fmt(r.throughput.throughput / base.throughput.throughput, 2)} | ${fmt(r.latency.p50Ms, 3)} | ${r === base ? '—' : fmt(r.latency.p50Ms - base.latency.p50Ms, 3)} | ${fmt(r.latency.p99Ms, 3)} | ${r.latency.errors + r.throughput.errors} | ${fmt(r.cpu.load)} | ${r.cpu.proxy > 0 ? fmt(r.cpu.proxy) : '—'} | ${fmt(r.cpu.upstream)} |`,
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
