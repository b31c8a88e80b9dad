/**
 * What every bench child prints: one JSON line on stdout, read by run.ts. The CPU figures come
 * from process.cpuUsage() (user + system, all threads of the child: GC and libuv pool included).
 */
export interface RoundSample {
  /** Wall time of the round, ms. */
  wallMs: number;
  /** CPU time the child process spent during the round, ms (user + system). */
  cpuMs: number;
  /** The system (kernel) part of cpuMs: on loopback it includes TCP work done on the peer's behalf. */
  systemMs: number;
  /** Work items in the round (ports or endpoints). */
  items: number;
}

export interface ChildReport {
  rounds: RoundSample[];
  /** CPU of the whole child, imports and start-up included, ms. */
  processCpuMs: number;
  /** Free-form facts for the correctness guards (statuses, tool names...). */
  details: Record<string, unknown>;
}

export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** User + system and system-only CPU since `start`, ms. */
export function cpuSince(start: NodeJS.CpuUsage): { cpuMs: number; systemMs: number } {
  const used = process.cpuUsage(start);
  return { cpuMs: (used.user + used.system) / 1000, systemMs: used.system / 1000 };
}

export function printReport(report: ChildReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
