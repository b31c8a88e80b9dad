/**
 * Bench child: the scanner library over closed loopback ports, `--rate 0`.
 * Args: FIRST_PORT LAST_PORT CONCURRENCY. Reports one round and the status counts (all must be closed).
 */
import { scan } from '../../src/scan/scan.ts';
import { cpuMsSince, cpuSince, printReport } from './child-protocol.ts';

const [first, last, concurrencyArg] = process.argv.slice(2).map(Number) as [number, number, number];
const targets: string[] = [];
for (let port = first; port <= last; port++) targets.push(`127.0.0.1:${port}`);

const statuses: Record<string, number> = {};
const cpu = process.cpuUsage();
const t0 = performance.now();
for await (const obs of scan(targets, { concurrency: concurrencyArg, rate: 0 }))
  statuses[obs.status] = (statuses[obs.status] ?? 0) + 1;
const wallMs = performance.now() - t0;
printReport({
  rounds: [{ wallMs, ...cpuSince(cpu), items: targets.length }],
  processCpuMs: cpuMsSince({ user: 0, system: 0 }),
  details: { statuses },
});
