import type { ScanResult, ScanRun } from '../scan/scan-run.ts';
import { serverLabel, sortByRisk } from './report-model.ts';

/**
 * CSV for spreadsheets: one row per finding, and one row per endpoint without findings (so the
 * sheet is a complete inventory). RFC 4180: CRLF line ends, every field quoted only when needed,
 * quotes doubled. Cells that a spreadsheet would evaluate (starting with = + - @, or tab / CR
 * followed by one) get a leading apostrophe, the OWASP-recommended neutralisation.
 */

export const CSV_COLUMNS = [
  'target',
  'status',
  'server',
  'auth',
  'risk_level',
  'risk_score',
  'tools',
  'finding_id',
  'check_id',
  'severity',
  'title',
  'subject',
  'message',
  'remediation',
  'cwe',
  'owasp_mcp',
  'suppressed_reason',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralise spreadsheet formula injection by prefixing an apostrophe. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or leading/trailing space). */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export interface RenderCsvOptions {
  /** Also emit rows for suppressed findings, with their reason. Default true. */
  includeSuppressed?: boolean;
}

function baseCells(result: ScanResult): string[] {
  return [
    result.target,
    result.status,
    serverLabel(result) ?? '',
    result.auth.mode,
    result.risk.level,
    String(result.risk.score),
    String(result.tools.length),
  ];
}

export function renderCsv(run: ScanRun, options: RenderCsvOptions = {}): string {
  const includeSuppressed = options.includeSuppressed ?? true;
  let out = csvRow(CSV_COLUMNS);
  for (const result of sortByRisk(run.results)) {
    const base = baseCells(result);
    const rows: { finding: ScanResult['findings'][number]; reason: string }[] = result.findings.map(
      (finding) => ({
        finding,
        reason: '',
      }),
    );
    if (includeSuppressed) rows.push(...result.suppressed);
    if (rows.length === 0) {
      out += csvRow([...base, '', '', '', '', '', '', '', '', '', '']);
      continue;
    }
    for (const { finding, reason } of rows) {
      out += csvRow([
        ...base,
        finding.id,
        finding.checkId,
        finding.severity,
        finding.title,
        finding.subject ?? '',
        finding.message,
        finding.remediation,
        finding.cwe.join(' '),
        finding.owaspMcp.join(' '),
        reason,
      ]);
    }
  }
  return out;
}
