import { readFile } from 'node:fs/promises';
import { LockdownError } from '../errors.ts';
import type { ScanResult, ScanRun, ScanSummary } from '../scan/scan-run.ts';
import { SCAN_STATUSES } from '../scan/status.ts';
import { summarizeResults } from '../scan/summarize.ts';
import { VERSION } from '../version.ts';
import {
  array,
  isRecord,
  num,
  record,
  ShapeError,
  str,
  validateObservation,
  validateResult,
} from './validate-result.ts';

/**
 * Read a saved run: either a `--json` run file, or a `--jsonl` stream whose lines are ScanResults
 * or bare Observations (an unaudited scan). For JSONL the run is synthesised: findings empty where
 * absent, risk none, summary tallied, times from the first and last probe.
 */

function formatError(path: string, where: string, error: unknown): LockdownError {
  const reason = error instanceof Error ? error.message : String(error);
  const field = error instanceof ShapeError ? error.field : null;
  return new LockdownError('ERR_RESULTS_FORMAT', `${path}: ${where}${where === '' ? '' : ': '}${reason}`, {
    path,
    where,
    field,
  });
}

/** A bare observation becomes a result with no judgement; a full result passes as is. */
export function toResult(line: Record<string, unknown>, field: string): ScanResult {
  if (!('findings' in line) && !('risk' in line) && !('suppressed' in line)) {
    validateObservation(line, field);
    return {
      ...(line as unknown as ScanResult),
      findings: [],
      suppressed: [],
      risk: { level: 'none', score: 0 },
    };
  }
  return validateResult(line, field);
}

function validateSummary(value: unknown): ScanSummary {
  const s = record(value, 'summary');
  for (const key of [
    'endpointsProbed',
    'mcpServers',
    'openWithoutAuth',
    'authRequired',
    'partial',
    'likely',
    'toolsExposed',
    'durationMs',
  ]) {
    num(s[key], `summary.${key}`);
  }
  const byStatus = record(s.byStatus, 'summary.byStatus');
  for (const status of SCAN_STATUSES) num(byStatus[status], `summary.byStatus.${status}`);
  const bySeverity = record(s.findingsBySeverity, 'summary.findingsBySeverity');
  for (const sev of ['info', 'low', 'medium', 'high', 'critical'])
    num(bySeverity[sev], `summary.findingsBySeverity.${sev}`);
  return s as unknown as ScanSummary;
}

function parseRunDocument(doc: Record<string, unknown>): ScanRun {
  if (doc.schemaVersion !== 1) {
    throw new ShapeError(
      'schemaVersion',
      `unsupported schema version ${JSON.stringify(doc.schemaVersion)}; this build reads 1`,
    );
  }
  const tool = record(doc.tool, 'tool');
  str(tool.name, 'tool.name');
  str(tool.version, 'tool.version');
  str(doc.startedAt, 'startedAt');
  str(doc.finishedAt, 'finishedAt');
  record(doc.options, 'options');
  const results = array(doc.results, 'results').map((r, i) => validateResult(r, `results[${i}]`));
  const summary = validateSummary(doc.summary);
  return { ...(doc as unknown as ScanRun), results, summary };
}

/** Build a run around results read from JSONL. */
export function synthesizeRun(results: ScanResult[]): ScanRun {
  const starts = results.map((r) => Date.parse(r.scannedAt)).filter(Number.isFinite);
  const ends = results.map((r) => Date.parse(r.scannedAt) + r.timings.totalMs).filter(Number.isFinite);
  const first = starts.length > 0 ? Math.min(...starts) : 0;
  const last = ends.length > 0 ? Math.max(...ends) : first;
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-lockdown', version: VERSION },
    startedAt: new Date(first).toISOString(),
    finishedAt: new Date(last).toISOString(),
    options: { synthesizedFrom: 'jsonl' },
    results,
    summary: summarizeResults(results, Math.max(0, last - first)),
  };
}

function parseJsonl(path: string, text: string): ScanRun {
  const results: ScanResult[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i]?.trim() ?? '';
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw formatError(path, `line ${i + 1}`, new Error(`not valid JSON (${(error as Error).message})`));
    }
    try {
      if (!isRecord(value)) throw new ShapeError('(line)', 'expected a JSON object per line');
      results.push(toResult(value, '(line)'));
    } catch (error) {
      throw formatError(path, `line ${i + 1}`, error);
    }
  }
  if (results.length === 0) throw formatError(path, '', new Error('no results: the file is empty'));
  return synthesizeRun(results);
}

/** Parse the text of a results file (JSON run or JSONL); `path` names it in errors. */
export function parseRunText(path: string, input: string): ScanRun {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0]?.trim() ?? '';
  let whole: unknown;
  let wholeError: Error | null = null;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    wholeError = error as Error;
  }
  if (wholeError === null && isRecord(whole) && 'schemaVersion' in whole) {
    try {
      return parseRunDocument(whole);
    } catch (error) {
      throw formatError(path, '', error);
    }
  }
  // A pretty-printed document that does not parse: report the JSON error, not "line 1".
  if (wholeError !== null && firstLine === '{')
    throw formatError(path, '', new Error(`not valid JSON (${wholeError.message})`));
  return parseJsonl(path, text);
}

export async function loadRun(path: string): Promise<ScanRun> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new LockdownError(
      'ERR_INPUT_READ',
      `cannot read results file ${path}: ${code}`,
      { path, code },
      { cause: error },
    );
  }
  return parseRunText(path, text);
}
