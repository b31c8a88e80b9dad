// Test helper (not a test): runs `lab` through runLabCommand in a child process, as the CLI would.
import { runLabCommand } from '../../src/cli/lab-command.ts';

process.exitCode = await runLabCommand(process.argv.slice(2));
