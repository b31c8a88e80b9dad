import { parseArgs } from 'node:util';
import { LockdownError } from '../errors.ts';
import type { Lab, LabServerInfo } from '../lab/lab-types.ts';
import { parseLoopbackHost } from '../lab/loopback-host.ts';
import { startLab } from '../lab/start-lab.ts';

export const LAB_USAGE = `Usage: mcp-lockdown lab [--host ADDR] [--port BASE] [--json]

Start the lab: deliberately vulnerable and properly secured MCP servers on loopback.
Tools are simulated: nothing is ever executed, read, sent or paid.

  --host ADDR   loopback address to bind: 127.0.0.0/8, ::1 or localhost (default 127.0.0.1)
  --port BASE   listen on consecutive ports from BASE (default: free ephemeral ports)
  --json        print the server list as one line of JSON instead of a table
  -h, --help    show this help

Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.`;

export interface LabCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Resolves when the lab should stop; defaults to the first SIGINT or SIGTERM. */
  until?: Promise<unknown>;
}

function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `--port ${JSON.stringify(value)} is not a port number (1-65535)`,
      {
        option: 'port',
        value,
      },
    );
  }
  return port;
}

/** Renders the server list as an aligned text table: id, url, what it demonstrates. Pure. */
export function formatLabTable(servers: readonly LabServerInfo[]): string {
  const rows = [['ID', 'URL', 'DEMONSTRATES'], ...servers.map((s) => [s.id, s.url, s.title])];
  const widths = [0, 1].map((col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  const lines = rows.map((row) =>
    row
      .map((cell, col) => (col < 2 ? cell.padEnd(widths[col] ?? 0) : cell))
      .join('  ')
      .trimEnd(),
  );
  const creds = servers.filter((s) => s.credentials);
  if (creds.length > 0) {
    lines.push('', 'Credentials (valid until the lab stops):');
    for (const s of creds) lines.push(`  ${s.id}: ${s.credentials?.header}: ${s.credentials?.value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The first SIGINT or SIGTERM; dispose() removes the listeners so a failed start leaves Ctrl-C alone. */
function waitForSignal(): { signal: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const dispose = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (received) => {
      dispose();
      resolve(received);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal, dispose };
}

/** `mcp-lockdown lab`: start the lab, print where everything runs, stop cleanly on a signal. */
export async function runLabCommand(
  argv: string[],
  io: LabCommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let values: { host?: string; port?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `lab: ${(error as Error).message}`,
      { command: 'lab' },
      { cause: error },
    );
  }
  if (values.help) {
    io.stdout.write(`${LAB_USAGE}\n`);
    return 0;
  }
  const host = parseLoopbackHost(values.host ?? '127.0.0.1');
  const ports = values.port === undefined ? 'ephemeral' : parsePort(values.port);
  // Listen for signals before starting, so a Ctrl-C during start-up still stops the lab cleanly.
  const signals = io.until ? null : waitForSignal();
  const until = io.until ?? signals?.signal;
  let lab: Lab;
  try {
    lab = await startLab({ host, ports });
  } catch (error) {
    signals?.dispose();
    throw error;
  }
  try {
    if (values.json) io.stdout.write(`${JSON.stringify(lab.servers)}\n`);
    else {
      io.stdout.write(formatLabTable(lab.servers));
      io.stderr.write('\nLab running on loopback (tools are simulated). Press Ctrl-C to stop.\n');
    }
    await until;
  } finally {
    await lab.stop();
  }
  if (!values.json) io.stderr.write('Lab stopped.\n');
  return 0;
}
