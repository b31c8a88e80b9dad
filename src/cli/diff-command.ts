import { parseArgs } from 'node:util';
import { isLockdownError } from '../errors.ts';
import { shouldColor } from '../report/ansi.ts';
import { diffRuns } from '../report/diff-runs.ts';
import { loadRun } from '../report/load-run.ts';
import { renderDiffJson, renderDiffText } from '../report/render-diff.ts';
import { EXIT } from './cli-io.ts';
import { type CommandIo, writeOut } from './report-command.ts';

export const DIFF_USAGE = `Usage: mcp-lockdown diff OLD NEW [--format text|json]

Show what changed between two saved scans (JSON runs or JSONL streams): servers that appeared or
disappeared, status and authentication changes, tools added, removed or changed, new and resolved
findings.
  -f, --format   text (default) or json
  -h, --help     Show this help

Exit codes: 0 no changes; 1 changes found; 2 usage error; 3 a results file is unreadable or invalid.
`;

export async function runDiffCommand(argv: string[], io: CommandIo): Promise<number> {
  let values: { format?: string | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    await writeOut(io.stderr, `mcp-lockdown diff: ${(error as Error).message}\n\n${DIFF_USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    await writeOut(io.stdout, DIFF_USAGE);
    return EXIT.ok;
  }
  const format = values.format ?? 'text';
  const problem =
    positionals.length !== 2
      ? `expected OLD and NEW results files, got ${positionals.length} argument(s)`
      : format !== 'text' && format !== 'json'
        ? `unknown format ${JSON.stringify(format)}; expected text or json`
        : null;
  if (problem !== null) {
    await writeOut(io.stderr, `mcp-lockdown diff: ${problem}\n\n${DIFF_USAGE}`);
    return EXIT.usage;
  }
  try {
    const [oldRun, newRun] = await Promise.all([
      loadRun(positionals[0] as string),
      loadRun(positionals[1] as string),
    ]);
    const diff = diffRuns(oldRun, newRun);
    const text =
      format === 'json'
        ? renderDiffJson(diff)
        : renderDiffText(diff, { color: shouldColor(io.env, io.isTTY) });
    await writeOut(io.stdout, text);
    return diff.changed ? EXIT.findings : EXIT.ok;
  } catch (error) {
    if (isLockdownError(error)) {
      await writeOut(io.stderr, `mcp-lockdown diff: ${error.code}: ${error.message}\n`);
      return EXIT.fault;
    }
    throw error;
  }
}
