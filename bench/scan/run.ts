/**
 * Scanner benchmark (issue 3): closed-port sweep vs bare net.connect, live MCP endpoints vs the
 * official SDK client, and peak memory streaming a 1,000,000-line target file through the CLI.
 * Loopback only. Usage: node bench/scan/run.ts [--quick] [--json FILE]
 * Each measurement runs in a fresh child process; repeats are interleaved and medians reported,
 * because the machine is shared and noisy.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { closedWindow, HERE, median, runChild, runMeasuringPeak } from './bench-util.ts';
import type { ChildReport } from './child-protocol.ts';
import type { LiveServer } from './live-servers.ts';
import { writeTargetFile } from './target-file.ts';

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, json: { type: 'string' } },
});
const quick = values.quick === true;
const SCRATCH = `${os.tmpdir()}/mcp-lockdown-bench-scan`;
mkdirSync(SCRATCH, { recursive: true });

const SWEEP_PORTS = 22_000;
const SWEEP_CONCURRENCY = [256, 512, 1024];
const SWEEP_REPEATS = quick ? 1 : 5;
const LIVE_SERVERS = 50;
const LIVE_CONCURRENCY = 16;
const LIVE_REPEATS = quick ? 1 : 3;
/** Rounds of all 50 endpoints per child; the second half is the steady state (JIT warm). */
const LIVE_ROUNDS = quick ? 4 : 16;
const MEMORY_LINES = quick ? [10_000, 100_000] : [10_000, 1_000_000];
const MEMORY_CONCURRENCY = 512;

const log = (line: string) => process.stderr.write(`${line}\n`);
const results: Record<string, unknown> = {
  machine: {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  },
  startedAt: new Date().toISOString(),
};
const failures: string[] = [];
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// 1. Closed-port sweep.
const window = closedWindow(SWEEP_PORTS);
log(
  `sweep: ports ${window.first}-${window.last} (nothing listening), concurrency ${SWEEP_CONCURRENCY.join('/')}`,
);
const sweep: Record<
  number,
  { scanner: number[]; baseline: number[]; scannerCpu: number[]; baselineCpu: number[] }
> = {};
for (let repeat = 0; repeat < SWEEP_REPEATS; repeat++) {
  for (const c of SWEEP_CONCURRENCY) {
    sweep[c] ??= { scanner: [], baseline: [], scannerCpu: [], baselineCpu: [] };
    const order =
      repeat % 2 === 0
        ? ['sweep-scanner.ts', 'sweep-baseline.ts']
        : ['sweep-baseline.ts', 'sweep-scanner.ts'];
    for (const script of order) {
      const report = await runChild(script, [window.first, window.last, c]);
      const round = report.rounds[0]!;
      const statuses = report.details.statuses as Record<string, number>;
      const closed = statuses.closed ?? statuses.ECONNREFUSED ?? 0;
      if (closed !== SWEEP_PORTS)
        failures.push(`${script} c=${c}: ${JSON.stringify(statuses)} (expected all closed)`);
      const samples = sweep[c];
      const isScanner = script === 'sweep-scanner.ts';
      (isScanner ? samples.scanner : samples.baseline).push((round.items / round.wallMs) * 1000);
      (isScanner ? samples.scannerCpu : samples.baselineCpu).push((round.cpuMs * 1000) / round.items);
    }
  }
}
const sweepRows = SWEEP_CONCURRENCY.map((c) => {
  const s = median(sweep[c]!.scanner);
  const b = median(sweep[c]!.baseline);
  return {
    concurrency: c,
    scannerPortsPerSec: Math.round(s),
    baselinePortsPerSec: Math.round(b),
    ratio: s / b,
    scannerCpuUsPerPort: median(sweep[c]!.scannerCpu),
    baselineCpuUsPerPort: median(sweep[c]!.baselineCpu),
  };
});
results.sweep = { ports: window, repeats: SWEEP_REPEATS, rows: sweepRows, samples: sweep };

// 2. Live endpoints: servers in their own process, each client in its own process.
log(`live: starting ${LIVE_SERVERS} MCP servers in a child process`);
const serverProc = spawn(process.execPath, [`${HERE}live-servers.ts`, String(LIVE_SERVERS)], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [firstLine] = (await once(createInterface({ input: serverProc.stdout }), 'line')) as [string];
const servers = (JSON.parse(firstLine) as { servers: LiveServer[] }).servers;
const urlsFile = `${SCRATCH}/urls.json`;
writeFileSync(urlsFile, JSON.stringify(servers.map((s) => s.url)));
const live = { scanner: [] as ChildReport[], sdk: [] as ChildReport[] };
try {
  for (let repeat = 0; repeat < LIVE_REPEATS; repeat++) {
    const order = repeat % 2 === 0 ? (['scanner', 'sdk'] as const) : (['sdk', 'scanner'] as const);
    for (const who of order) {
      const script = who === 'scanner' ? 'live-scanner.ts' : 'live-sdk.ts';
      live[who].push(await runChild(script, [urlsFile, LIVE_CONCURRENCY, LIVE_ROUNDS, serverProc.pid!]));
    }
  }
} finally {
  serverProc.stdin.end();
  serverProc.kill('SIGTERM');
}
// Correctness guard: both clients found exactly each server's tools; the scanner saw the right era.
const expectedEra = { 'sdk1-session': '2025', 'sdk1-stateless': '2025', 'sdk2-2026': '2026-07-28' };
for (const report of live.scanner) {
  const found = report.details.found as Record<string, { status: string; era: string; tools: string[] }>;
  for (const s of servers) {
    const f = found[s.url];
    const want = [...s.tools].sort().join(',');
    if (f?.status !== 'mcp-open' || f.era !== expectedEra[s.kind] || f.tools.join(',') !== want)
      failures.push(`scanner on ${s.url} (${s.kind}): ${JSON.stringify(f)}`);
  }
}
for (const report of live.sdk) {
  const found = report.details.found as Record<string, { tools: string[]; error: string | null }>;
  for (const s of servers) {
    if (found[s.url]?.tools.join(',') !== [...s.tools].sort().join(','))
      failures.push(`SDK client on ${s.url} (${s.kind}): ${JSON.stringify(found[s.url])}`);
  }
}
const liveStats = (reports: ChildReport[]) => {
  const warm = reports.flatMap((r) => r.rounds.slice(Math.floor(r.rounds.length / 2)));
  const cold = reports.map((r) => r.rounds[0]!);
  return {
    warmCpuMsPerEndpoint: median(warm.map((r) => r.cpuMs / r.items)),
    coldCpuMsPerEndpoint: median(cold.map((r) => r.cpuMs / r.items)),
    warmWallMs: median(warm.map((r) => r.wallMs)),
    coldWallMs: median(cold.map((r) => r.wallMs)),
    warmSystemMsPerEndpoint: median(warm.map((r) => r.systemMs / r.items)),
    processCpuMs: median(reports.map((r) => r.processCpuMs)),
  };
};
const scannerLive = liveStats(live.scanner);
const sdkLive = liveStats(live.sdk);
const requestsByKind: Record<string, number> = {};
const lastScan = live.scanner.at(-1)?.details.found as Record<string, { requests: number }>;
for (const s of servers) requestsByKind[s.kind] = lastScan[s.url]?.requests ?? 0;
results.live = {
  servers: LIVE_SERVERS,
  kinds: Object.fromEntries(
    Object.keys(expectedEra).map((k) => [k, servers.filter((s) => s.kind === k).length]),
  ),
  concurrency: LIVE_CONCURRENCY,
  roundsPerChild: LIVE_ROUNDS,
  repeats: LIVE_REPEATS,
  scanner: scannerLive,
  sdk: sdkLive,
  scannerRequestsPerEndpoint: requestsByKind,
};

// 3. Memory: the CLI streaming JSONL to /dev/null, with Node's default heap sizing and with the young
// generation and old space capped (V8 sizes them from the machine's RAM, not from what the scan keeps).
// `bin/mcp-lockdown` starts node with its own heap sizing (see its shebang); `node bin/...` does not.
const LAUNCHER = `${HERE}../../bin/mcp-lockdown`;
const memory: {
  lines: number;
  nodeOptions: string;
  peakRssMiB: number;
  wallMs: number;
  linesPerSec: number;
  exitCode: number | null;
}[] = [];
let peakMethod = '';
for (const lines of MEMORY_LINES) {
  const file = `${SCRATCH}/targets-${lines}.txt`;
  const kinds = await writeTargetFile(file, lines, window.first, window.last);
  const args = ['scan', '-i', file, '-p', String(window.first)];
  args.push('-c', String(MEMORY_CONCURRENCY), '--rate', '0', '--jsonl', '/dev/null', '-q');
  log(`memory: ${fmt(lines)} lines ${JSON.stringify(kinds)}`);
  for (const nodeOptions of ['node bin/mcp-lockdown (V8 defaults)', 'bin/mcp-lockdown (launcher)']) {
    const launcher = nodeOptions.startsWith('bin/');
    const run = launcher
      ? await runMeasuringPeak(LAUNCHER, args, `${SCRATCH}/time.txt`, process.env)
      : await runMeasuringPeak(process.execPath, [LAUNCHER, ...args], `${SCRATCH}/time.txt`, process.env);
    peakMethod = run.method;
    memory.push({
      lines,
      nodeOptions,
      peakRssMiB: run.peakRssKb / 1024,
      wallMs: run.wallMs,
      linesPerSec: (lines / run.wallMs) * 1000,
      exitCode: run.exitCode,
    });
    if (run.exitCode !== 0)
      failures.push(`CLI on ${lines} lines (${nodeOptions || 'defaults'}) exited ${run.exitCode}`);
  }
}
results.memory = { rows: memory, method: peakMethod, concurrency: MEMORY_CONCURRENCY };
results.failures = failures;

// Report.
const out: string[] = [];
const m = results.machine as Record<string, unknown>;
out.push(`Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB, Node ${m.node}, ${m.platform}`, '');
out.push(
  `### Closed-port sweep: ${fmt(SWEEP_PORTS)} closed ports on 127.0.0.1 (${window.first}-${window.last}), --rate 0, median of ${SWEEP_REPEATS}`,
  '',
);
out.push(
  '| concurrency | scanner ports/s | bare net.connect ports/s | scanner / bare | scanner CPU µs/port | bare CPU µs/port |',
  '|---:|---:|---:|---:|---:|---:|',
);
for (const r of sweepRows)
  out.push(
    `| ${r.concurrency} | ${fmt(r.scannerPortsPerSec)} | ${fmt(r.baselinePortsPerSec)} | ${fmt(r.ratio, 2)} | ${fmt(r.scannerCpuUsPerPort, 1)} | ${fmt(r.baselineCpuUsPerPort, 1)} |`,
  );
out.push(
  '',
  `### Live endpoints: ${LIVE_SERVERS} MCP servers, concurrency ${LIVE_CONCURRENCY}; medians over ${LIVE_REPEATS} child processes x ${LIVE_ROUNDS} rounds`,
  '',
);
out.push(
  '| client | CPU ms / endpoint (steady: 2nd half of rounds) | of which system | CPU ms / endpoint (cold round) | wall ms / round of 50 (steady) | process CPU ms (incl. start-up) |',
  '|---|---:|---:|---:|---:|---:|',
);
for (const [name, st] of [
  ['scanner (full era detection + Origin check)', scannerLive],
  ['SDK 1.x Client (connect + listTools + close)', sdkLive],
] as const)
  out.push(
    `| ${name} | ${fmt(st.warmCpuMsPerEndpoint, 2)} | ${fmt(st.warmSystemMsPerEndpoint, 2)} | ${fmt(st.coldCpuMsPerEndpoint, 2)} | ${fmt(st.warmWallMs)} | ${fmt(st.processCpuMs)} |`,
  );
out.push(
  `| **scanner / SDK** | **${fmt(scannerLive.warmCpuMsPerEndpoint / sdkLive.warmCpuMsPerEndpoint, 2)}** | ${fmt(scannerLive.warmSystemMsPerEndpoint / sdkLive.warmSystemMsPerEndpoint, 2)} | ${fmt(scannerLive.coldCpuMsPerEndpoint / sdkLive.coldCpuMsPerEndpoint, 2)} | ${fmt(scannerLive.warmWallMs / sdkLive.warmWallMs, 2)} | ${fmt(scannerLive.processCpuMs / sdkLive.processCpuMs, 2)} |`,
);
out.push('', `Scanner HTTP requests per endpoint: ${JSON.stringify(requestsByKind)}`);
out.push('', `### Memory: CLI, -c ${MEMORY_CONCURRENCY} --rate 0 --jsonl /dev/null -q (${peakMethod})`, '');
out.push('| target lines | how it was run | peak RSS MiB | wall s | lines/s |', '|---:|---|---:|---:|---:|');
for (const r of memory)
  out.push(
    `| ${fmt(r.lines)} | ${r.nodeOptions} | ${fmt(r.peakRssMiB, 1)} | ${fmt(r.wallMs / 1000, 1)} | ${fmt(r.linesPerSec)} |`,
  );
out.push(
  '',
  failures.length ? `FAILED guards:\n- ${failures.join('\n- ')}` : 'All correctness guards passed.',
);
process.stdout.write(`${out.join('\n')}\n`);
const jsonPath = values.json ?? `${SCRATCH}/results.json`;
writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
log(`raw results: ${jsonPath}`);
process.exitCode = failures.length ? 1 : 0;
