import { LockdownError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { type CliIo, EXIT, processIo } from './cli-io.ts';

const USAGE = `mcp-lockdown ${VERSION} — find exposed MCP servers, audit them, lock them down.

Usage: mcp-lockdown <command> [options]

Commands:
  scan      find MCP servers on hosts, ports, CIDR ranges and URL lists
  report    render a saved scan as html, sarif, csv, md, text or json
  diff      show what changed between two scans
  guard     put an MCP server behind authentication, policy, limits and an audit log
  keys      create, list and revoke API keys for the guard
  demo      start the lab, scan it, guard the riskiest server and scan again
  lab       run deliberately exposed and properly secured MCP servers on loopback

Run 'mcp-lockdown <command> --help' for a command's options.
Scan only what you are authorized to scan.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Loaded on demand: a scan should not pay (in start-up time and memory) for the guard or the lab.
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scan-command.ts')).runScanCommand,
  report: async () => (await import('./report-command.ts')).runReportCommand,
  diff: async () => (await import('./diff-command.ts')).runDiffCommand,
  guard: async () => {
    const { runGuardCommand } = await import('./guard-command.ts');
    return (argv, io) => runGuardCommand(argv, { stdout: io.stdout, stderr: io.stderr });
  },
  keys: async () => (await import('./keys-command.ts')).runKeysCommand,
  demo: async () => (await import('./demo-command.ts')).runDemoCommand,
  lab: async () => {
    const { runLabCommand } = await import('./lab-command.ts');
    return (argv, io) => runLabCommand(argv, { stdout: io.stdout, stderr: io.stderr });
  },
};

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr.write(`error: unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof LockdownError) {
      io.stderr.write(`error: ${error.code}: ${error.message}\n`);
      return error.code === 'ERR_INVALID_OPTION' || error.code === 'ERR_INVALID_CONFIG'
        ? EXIT.usage
        : EXIT.fault;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`error: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
