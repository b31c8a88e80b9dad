import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isLockdownError, LockdownError } from '../errors.ts';
import { shouldColor } from '../report/ansi.ts';
import { loadRun } from '../report/load-run.ts';
import { renderCsv } from '../report/render-csv.ts';
import { renderHtml } from '../report/render-html.ts';
import { renderJson } from '../report/render-json.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import { renderSarif } from '../report/render-sarif.ts';
import { renderText } from '../report/render-text.ts';
import type { ScanRun } from '../scan/scan-run.ts';
import { EXIT } from './cli-io.ts';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (decides color with NO_COLOR). */
  isTTY: boolean;
}

export const REPORT_FORMATS = ['text', 'json', 'html', 'sarif', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_USAGE = `Usage: mcp-lockdown report RESULTS [--format text|json|html|sarif|csv|md] [--output FILE] [--title TEXT]

Render a saved scan (a --json run file, or a --jsonl stream of results or observations).
  -f, --format   Output format (default: text)
  -o, --output   Write to FILE instead of standard output
      --title    Report title for html and md
  -h, --help     Show this help

Exit codes: 0 rendered; 2 usage error; 3 the results file is unreadable or invalid.
`;

/** Write text to a stream and wait until it is flushed (or failed). */
export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

function usageError(io: CommandIo, message: string): Promise<number> {
  return writeOut(io.stderr, `mcp-lockdown report: ${message}\n\n${REPORT_USAGE}`).then(() => EXIT.usage);
}

export function renderReport(
  run: ScanRun,
  format: ReportFormat,
  options: { color: boolean; title?: string },
): string {
  const title = options.title === undefined ? {} : { title: options.title };
  switch (format) {
    case 'text':
      return renderText(run, { color: options.color });
    case 'json':
      return renderJson(run);
    case 'html':
      return renderHtml(run, title);
    case 'sarif':
      return renderSarif(run);
    case 'csv':
      return renderCsv(run);
    case 'md':
      return renderMarkdown(run, title);
  }
}

export async function runReportCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    await writeOut(io.stdout, REPORT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    return usageError(
      io,
      positionals.length === 0 ? 'missing RESULTS file' : 'expected exactly one RESULTS file',
    );
  const format = values.format ?? 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    return usageError(
      io,
      `unknown format ${JSON.stringify(format)}; expected one of ${REPORT_FORMATS.join(', ')}`,
    );
  }
  try {
    const run = await loadRun(positionals[0] as string);
    const toFile = values.output !== undefined;
    const color = !toFile && shouldColor(io.env, io.isTTY);
    const title = values.title === undefined ? {} : { title: values.title };
    const text = renderReport(run, format as ReportFormat, { color, ...title });
    if (toFile) {
      try {
        await writeFile(values.output as string, text, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        throw new LockdownError('ERR_INVALID_OPTION', `cannot write --output ${values.output}: ${code}`, {
          code,
        });
      }
      await writeOut(io.stderr, `Wrote ${format} report to ${values.output}\n`);
    } else {
      await writeOut(io.stdout, text);
    }
    return EXIT.ok;
  } catch (error) {
    if (isLockdownError(error)) {
      await writeOut(io.stderr, `mcp-lockdown report: ${error.code}: ${error.message}\n`);
      return error.code === 'ERR_INVALID_OPTION' ? EXIT.usage : EXIT.fault;
    }
    throw error;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
