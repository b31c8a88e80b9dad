// The guard as its own process for the benchmark (same entry as `mcp-lockdown guard`).
import { runGuardCommand } from '../../src/cli/guard-command.ts';

process.exitCode = await runGuardCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
