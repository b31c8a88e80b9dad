/**
 * Bench child: probes the live servers with the scanner library, full era detection (defaults,
 * Origin check included), `rounds` times. Args: URLS_JSON_FILE CONCURRENCY ROUNDS SERVER_PID.
 * All servers share 127.0.0.1, so the per-host cap is raised to the concurrency (50 real hosts would
 * not share one cap). Round 1 runs on a cold process (JIT, first connections); later rounds show the steady state.
 */
import { readFileSync } from 'node:fs';
import { scan } from '../../src/scan/scan.ts';
import { type ChildReport, cpuMsSince, cpuSince, printReport, type RoundSample } from './child-protocol.ts';
import { freshConnections } from './fresh-connections.ts';

const [file, concurrencyArg, roundsArg, serverPidArg] = process.argv.slice(2);
const urls = JSON.parse(readFileSync(file as string, 'utf8')) as string[];
const concurrency = Number(concurrencyArg);
const rounds = Number(roundsArg);
const serverPid = Number(serverPidArg);

const samples: RoundSample[] = [];
const found: Record<string, { status: string; era: string | null; tools: string[]; requests: number }> = {};
for (let round = 0; round < rounds; round++) {
  if (round > 0) await freshConnections(serverPid);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let items = 0;
  for await (const obs of scan(urls, { concurrency, perHostLimit: concurrency })) {
    items++;
    found[obs.target] = {
      status: obs.status,
      era: obs.era,
      tools: obs.tools.map((t) => t.name).sort(),
      requests: obs.timings.requests,
    };
  }
  samples.push({ wallMs: performance.now() - t0, ...cpuSince(cpu), items });
}
const report: ChildReport = {
  rounds: samples,
  processCpuMs: cpuMsSince({ user: 0, system: 0 }),
  details: { found },
};
printReport(report);
