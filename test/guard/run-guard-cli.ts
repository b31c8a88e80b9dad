// Runs `guard` as its own process for the SIGTERM test (the lead's main.ts registers the command).
import { runGuardCommand } from '../../src/cli/guard-command.ts';

process.exitCode = await runGuardCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
