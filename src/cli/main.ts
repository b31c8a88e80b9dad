import { LockdownError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { type CliIo, EXIT, processIo } from './cli-io.ts';
import { runDemoCommand } from './demo-command.ts';
import { runDiffCommand } from './diff-command.ts';
import { runGuardCommand } from './guard-command.ts';
import { runKeysCommand } from './keys-command.ts';
import { runLabCommand } from './lab-command.ts';
import { runReportCommand } from './report-command.ts';
import { runScanCommand } from './scan-command.ts';

const USAGE = `mcp-lockdown ${VERSION} — find exposed MCP servers, audit them, lock them down.

Usage: mcp-lockdown <command> [options]

Commands:
  scan      find MCP servers on hosts, ports, CIDR ranges and URL lists
  report    render a saved scan as html, sarif, csv, md, text or json
  diff      show what changed between two scans
  guard     put an MCP server behind authentication, policy, limits and an audit log
  keys      create, list and revoke API keys for the guard
  demo      start the lab, scan it, print the summary and write the results
  lab       run deliberately exposed and properly secured MCP servers on loopback

Run 'mcp-lockdown <command> --help' for a command's options.
Scan only what you are authorized to scan.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: runScanCommand,
  report: runReportCommand,
  diff: runDiffCommand,
  guard: (argv, io) => runGuardCommand(argv, { stdout: io.stdout, stderr: io.stderr }),
  keys: runKeysCommand,
  demo: runDemoCommand,
  lab: (argv, io) => runLabCommand(argv, { stdout: io.stdout, stderr: io.stderr }),
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
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`error: unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
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
