import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ChildReport } from './child-protocol.ts';

export const HERE = new URL('.', import.meta.url).pathname;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs a bench child under this Node and parses the one JSON line it prints. */
export function runChild(script: string, args: (string | number)[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${HERE}${script}`, ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      try {
        resolve(JSON.parse(out) as ChildReport);
      } catch (error) {
        reject(new Error(`${script} printed no report: ${String(error)}`));
      }
    });
  });
}

/** Local TCP ports in LISTEN state (any address, v4 and v6), from /proc/net/tcp{,6}. */
export function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const row of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[3] !== '0A') continue;
      const port = Number.parseInt(cols[1]?.split(':').pop() ?? '', 16);
      if (Number.isInteger(port)) ports.add(port);
    }
  }
  return ports;
}

/**
 * A window of `size` ports with nothing listening, below the ephemeral range (32768+) so that
 * servers other processes start on port 0 cannot appear in it during the run.
 */
export function closedWindow(size: number): { first: number; last: number } {
  const listening = listeningPorts();
  for (let first = 32768 - size; first >= 1024; first -= 256) {
    let clear = true;
    for (const port of listening) if (port >= first && port < first + size) clear = false;
    if (clear) return { first, last: first + size - 1 };
  }
  throw new Error(`no window of ${size} closed ports below 32768`);
}

export interface PeakRun {
  wallMs: number;
  peakRssKb: number;
  exitCode: number | null;
  method: string;
}

/** Runs a command and returns its peak RSS: GNU time's %M when present, else VmHWM polled from /proc. */
export function runMeasuringPeak(
  cmd: string,
  args: string[],
  timeFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PeakRun> {
  const gnuTime = existsSync('/usr/bin/time');
  const [file, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { stdio: 'ignore', env });
    let polled = 0;
    const poll = gnuTime
      ? null
      : setInterval(() => {
          try {
            const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            polled = Math.max(polled, Number(hwm?.[1] ?? 0));
          } catch {}
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const wallMs = performance.now() - t0;
      const peakRssKb = gnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : polled;
      resolve({
        wallMs,
        peakRssKb,
        exitCode: code,
        method: gnuTime ? '/usr/bin/time %M' : '/proc VmHWM poll',
      });
    });
  });
}
