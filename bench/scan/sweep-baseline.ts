/**
 * Bench child: the ceiling. Bare net.connect to the same closed ports at the same concurrency,
 * nothing else (no parsing, no records). Args: FIRST_PORT LAST_PORT CONCURRENCY.
 */
import net from 'node:net';
import { cpuMsSince, cpuSince, printReport } from './child-protocol.ts';

const [first, last, concurrency] = process.argv.slice(2).map(Number) as [number, number, number];
const statuses: Record<string, number> = {};

function attempt(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      statuses.open = (statuses.open ?? 0) + 1;
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const key = error.code ?? 'error';
      statuses[key] = (statuses[key] ?? 0) + 1;
      socket.destroy();
      resolve();
    });
  });
}

const cpu = process.cpuUsage();
const t0 = performance.now();
let next = first;
const worker = async () => {
  while (next <= last) await attempt(next++);
};
await Promise.all(Array.from({ length: concurrency }, worker));
const wallMs = performance.now() - t0;
printReport({
  rounds: [{ wallMs, ...cpuSince(cpu), items: last - first + 1 }],
  processCpuMs: cpuMsSince({ user: 0, system: 0 }),
  details: { statuses },
});
