import { parseArgs } from 'node:util';
import { LockdownError } from '../errors.ts';
import { renderText } from '../report/render-text.ts';
import { scan } from '../scan/scan.ts';
import type { ScanOptions } from '../scan/scan-options.ts';
import type { ScanResult, ScanRun, ScanSummary } from '../scan/scan-run.ts';
import { SCAN_STATUSES } from '../scan/status.ts';
import { createSummaryTally } from '../scan/summarize.ts';
import type { TargetSourceLine } from '../scan/targets/expand-targets.ts';
import { parsePathSpec } from '../scan/targets/parse-paths.ts';
import { parsePortSpec } from '../scan/targets/parse-ports.ts';
import { readLines } from '../scan/targets/read-lines.ts';
import { VERSION } from '../version.ts';
import { type CliIo, EXIT, useColor } from './cli-io.ts';
import { createJudge, failOnThreshold, type Judge } from './judge.ts';
import { openSink } from './output-sink.ts';
import { createRunWriter } from './run-writer.ts';
import { createProgress } from './scan-progress.ts';

export const SCAN_USAGE = `Usage: mcp-lockdown scan [TARGET ...] [-i FILE|-] [options]

Targets: URL (probe exactly that endpoint), host, host:port, IPv4, [IPv6]:port, CIDR,
masscan -oL / -oJ lines. One per line in files; '#' starts a comment.

  -i, --input FILE        read targets from FILE ('-' for stdin); repeatable
  -p, --ports LIST        ports for targets without one (default: known MCP ports)
      --paths LIST        candidate paths in probe order (default: /mcp,/sse,/,/messages,...)
      --tls MODE          auto | on | off (default auto)
  -c, --concurrency N     endpoints probed at once (default 64)
      --rate N            global requests per second, 0 = unlimited (default 0)
      --per-host N        endpoints of one host probed at once (default 8)
      --connect-timeout MS  TCP connect timeout (default 3000)
      --timeout MS        per-request timeout: headers and body (default 5000)
      --endpoint-timeout MS  budget for one endpoint, all paths (default 30000)
      --max-body BYTES    cap on any body or SSE stream (default 2097152)
      --max-cidr-hosts N  refuse CIDR blocks larger than N addresses (default 2^32)
  -H, --header 'N: V'     header sent to the targets only (never to metadata hosts); repeatable
      --no-origin-check   skip the extra foreign-Origin request
      --check-interfaces  for loopback targets, also try this machine's other addresses
      --jsonl FILE|-      stream one JSON object per endpoint as it finishes
      --json FILE         write the whole run (results + summary) at the end
      --skip-closed       leave closed/timeout endpoints out of --jsonl/--json (still counted)
      --baseline FILE     earlier --json run: report tools added, removed or changed
      --ignore FILE       ignore file: suppress named findings for named targets
      --fail-on SEV       exit 1 when a finding at or above SEV remains (info|low|medium|high|critical)
  -q, --quiet             no summary
  -h, --help              show this help

Scan only what you are authorized to scan.`;

const OPTIONS = {
  input: { type: 'string', short: 'i', multiple: true },
  ports: { type: 'string', short: 'p' },
  paths: { type: 'string' },
  tls: { type: 'string' },
  concurrency: { type: 'string', short: 'c' },
  rate: { type: 'string' },
  'per-host': { type: 'string' },
  'connect-timeout': { type: 'string' },
  timeout: { type: 'string' },
  'endpoint-timeout': { type: 'string' },
  'max-body': { type: 'string' },
  'max-cidr-hosts': { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  'no-origin-check': { type: 'boolean' },
  'check-interfaces': { type: 'boolean' },
  jsonl: { type: 'string' },
  json: { type: 'string' },
  'skip-closed': { type: 'boolean' },
  baseline: { type: 'string' },
  ignore: { type: 'string' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `--${name} must be a whole number, got ${JSON.stringify(value)}`,
    );
  return Number(value);
}

export function parseHeaderFlag(value: string): [string, string] {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw new LockdownError('ERR_INVALID_OPTION', `--header ${JSON.stringify(value)} is not 'Name: value'`);
  }
  return [name.toLowerCase(), value.slice(colon + 1).trim()];
}

async function* targetLines(
  positionals: string[],
  inputs: string[],
  io: CliIo,
): AsyncGenerator<TargetSourceLine> {
  for (const text of positionals) yield { text, line: null };
  for (const input of inputs) yield* readLines(input, io.stdin);
}

export interface ParsedScanArgs {
  positionals: string[];
  inputs: string[];
  options: ScanOptions;
  jsonl: string | undefined;
  json: string | undefined;
  skipClosed: boolean;
  baseline: string | undefined;
  ignore: string | undefined;
  failOn: string | undefined;
  quiet: boolean;
  help: boolean;
}

export function parseScanArgs(argv: string[]): ParsedScanArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const options: ScanOptions = {
    ...(values.ports !== undefined ? { ports: parsePortSpec(values.ports) } : {}),
    ...(values.paths !== undefined ? { paths: parsePathSpec(values.paths) } : {}),
    ...(values.tls !== undefined ? { tls: values.tls as 'auto' | 'on' | 'off' } : {}),
    concurrency: intFlag('concurrency', values.concurrency),
    rate: intFlag('rate', values.rate),
    perHostLimit: intFlag('per-host', values['per-host']),
    connectTimeoutMs: intFlag('connect-timeout', values['connect-timeout']),
    requestTimeoutMs: intFlag('timeout', values.timeout),
    endpointTimeoutMs: intFlag('endpoint-timeout', values['endpoint-timeout']),
    maxBodyBytes: intFlag('max-body', values['max-body']),
    maxCidrHosts: intFlag('max-cidr-hosts', values['max-cidr-hosts']),
    headers: Object.fromEntries((values.header ?? []).map(parseHeaderFlag)),
    originCheck: values['no-origin-check'] !== true,
    checkInterfaces: values['check-interfaces'] === true,
  };
  for (const key of Object.keys(options) as (keyof ScanOptions)[])
    if (options[key] === undefined) delete options[key];
  return {
    positionals,
    inputs: values.input ?? [],
    options,
    jsonl: values.jsonl,
    json: values.json,
    skipClosed: values['skip-closed'] === true,
    baseline: values.baseline,
    ignore: values.ignore,
    failOn: values['fail-on'],
    quiet: values.quiet === true,
    help: values.help === true,
  };
}

/**
 * The terminal summary lists at most this many servers; every result still goes to --jsonl/--json and
 * into the counts. Keeps memory bounded on internet-scale scans that find many servers.
 */
export const MAX_KEPT_FOR_SUMMARY = 10_000;

/** Results kept for the terminal summary: servers and near-servers, not the sea of closed ports. */
function worthShowing(result: ScanResult): boolean {
  return !['closed', 'timeout', 'invalid-target', 'not-mcp'].includes(result.status);
}

export interface ScanOutcome {
  run: ScanRun;
  exitCode: number;
}

/** Run a scan end to end with the CLI's outputs. Exported for `demo`, which scans the lab the same way. */
export async function executeScan(parsed: ParsedScanArgs, io: CliIo, judge: Judge): Promise<ScanOutcome> {
  const startedAt = new Date();
  const tally = createSummaryTally();
  const kept: ScanResult[] = [];
  const jsonl = parsed.jsonl ? openSink(parsed.jsonl, io.stdout) : null;
  const runWriter = parsed.json ? createRunWriter(parsed.json, startedAt, parsed.options) : null;
  const progress = createProgress(io.stderr, io.stderrIsTTY && !parsed.quiet);
  const threshold = failOnThreshold(parsed.failOn);
  let failed = false;
  let omitted = 0;
  try {
    const targets = targetLines(parsed.positionals, parsed.inputs, io);
    for await (const observation of scan(targets, parsed.options)) {
      const result = judge(observation);
      tally.add(result);
      progress.update(result);
      if (threshold && result.findings.some((f) => threshold(f.severity))) failed = true;
      if (result.status === 'invalid-target')
        io.stderr.write(`warning: ${result.evidence[0] ?? 'invalid target'}\n`);
      if (worthShowing(result)) {
        if (kept.length < MAX_KEPT_FOR_SUMMARY) kept.push(result);
        else omitted += 1;
      }
      if (parsed.skipClosed && (result.status === 'closed' || result.status === 'timeout')) continue;
      await jsonl?.write(`${JSON.stringify(result)}\n`);
      await runWriter?.add(result);
    }
  } finally {
    progress.done();
    await jsonl?.close();
  }
  const finishedAt = new Date();
  const summary = tally.finish(finishedAt.getTime() - startedAt.getTime());
  if (omitted > 0) {
    io.stderr.write(
      `note: ${omitted} more servers are in the counts and the --jsonl/--json files, not in the table\n`,
    );
  }
  await runWriter?.finish(summary, finishedAt);
  const run: ScanRun = {
    schemaVersion: 1,
    tool: { name: 'mcp-lockdown', version: VERSION },
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    options: parsed.options as Record<string, unknown>,
    results: kept,
    summary,
  };
  return { run, exitCode: failed ? EXIT.findings : EXIT.ok };
}

/** Every status with a count, for the summary: the closed ports and look-alikes the table leaves out. */
export function formatStatusLine(summary: ScanSummary): string {
  const parts = SCAN_STATUSES.filter((status) => summary.byStatus[status] > 0).map(
    (s) => `${s} ${summary.byStatus[s]}`,
  );
  return `By status: ${parts.length > 0 ? parts.join(' · ') : 'nothing probed'}\n`;
}

/** The terminal summary: the report table, then the by-status line. */
export function formatScanSummary(run: ScanRun, color: boolean): string {
  const table = renderText(run, { color });
  return `${table.endsWith('\n') ? table : `${table}\n`}${formatStatusLine(run.summary)}`;
}

export async function runScanCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed: ParsedScanArgs;
  let judge: Judge;
  try {
    parsed = parseScanArgs(argv);
    if (parsed.help) {
      io.stdout.write(`${SCAN_USAGE}\n`);
      return EXIT.ok;
    }
    if (parsed.positionals.length === 0 && parsed.inputs.length === 0) {
      io.stderr.write(`error: no targets given\n\n${SCAN_USAGE}\n`);
      return EXIT.usage;
    }
    judge = await createJudge({ baseline: parsed.baseline, ignore: parsed.ignore }, (m) =>
      io.stderr.write(`warning: ${m}\n`),
    );
    failOnThreshold(parsed.failOn);
  } catch (error) {
    io.stderr.write(
      `error: ${error instanceof LockdownError ? `${error.code}: ` : ''}${(error as Error).message}\n`,
    );
    return EXIT.usage;
  }
  const outcome = await executeScan(parsed, io, judge);
  if (parsed.quiet) return outcome.exitCode;
  // With --jsonl - the results own stdout; the summary goes to stderr.
  if (parsed.jsonl === '-') io.stderr.write(formatScanSummary(outcome.run, false));
  else io.stdout.write(formatScanSummary(outcome.run, useColor(io)));
  return outcome.exitCode;
}
