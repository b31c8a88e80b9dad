/**
 * CPU time of other processes (and their descendants) from /proc, for per-call accounting in the
 * benchmark: where the cycles of one tools/call go (load generator, proxy, upstream). Linux only;
 * elsewhere every reading is 0 and the columns read "n/a".
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; fields count from after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

function childrenByParent(stats: ProcStat[]): Map<number, ProcStat[]> {
  const byParent = new Map<number, ProcStat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  return byParent;
}

function descendantsOf(pid: number, byParent: Map<number, ProcStat[]>): ProcStat[] {
  const out: ProcStat[] = [];
  const queue = [...(byParent.get(pid) ?? [])];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    out.push(s);
    queue.push(...(byParent.get(s.pid) ?? []));
  }
  return out;
}

/** Every live process below `pid` (children of children too). */
export function descendantPids(pid: number): number[] {
  return descendantsOf(pid, childrenByParent(allStats())).map((s) => s.pid);
}

/** CPU seconds (user + system) used so far by `pid` alone, and by its descendants (children of children too). */
export function processCpuSeconds(pid: number): { self: number; descendants: number } {
  const stats = allStats();
  const self = stats.find((s) => s.pid === pid)?.ticks ?? 0;
  const descendants = descendantsOf(pid, childrenByParent(stats)).reduce((sum, s) => sum + s.ticks, 0);
  return { self: self / TICKS_PER_SECOND, descendants: descendants / TICKS_PER_SECOND };
}
