import { SEVERITIES, type Severity } from '../audit/finding.ts';
import type { ScanResult, ScanRun } from '../scan/scan-run.ts';
import { SCAN_STATUSES, type ScanStatus } from '../scan/status.ts';
import { createPaint, type Paint, type Style } from './ansi.ts';
import {
  countBySeverity,
  isServerResult,
  type RiskLevel,
  serverLabel,
  severityRank,
  sortByRisk,
} from './report-model.ts';
import { sanitizeAndTruncate, sanitizeTerminal } from './sanitize-terminal.ts';

/**
 * The terminal summary: headline numbers, a table of servers by risk, the top findings and a
 * count of other endpoints. Every string from a scanned server passes through sanitizeTerminal
 * before any color is added, so only our own escapes reach the terminal.
 */

export interface RenderTextOptions {
  /** ANSI colors; the CLI decides from NO_COLOR and whether stdout is a TTY. */
  color: boolean;
  /** Most findings listed under "Top findings". Default 10. */
  maxFindings?: number;
  /** Widest target column. Default 44. */
  targetWidth?: number;
}

const LEVEL_STYLE: Readonly<Record<RiskLevel, Style[]>> = {
  critical: ['bold', 'brightRed'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['gray'],
  none: ['dim'],
};

function statusStyle(status: ScanStatus): Style[] {
  if (status === 'mcp-open') return ['bold', 'red'];
  if (status === 'mcp-partial' || status === 'mcp-likely') return ['yellow'];
  if (status === 'mcp-auth-required') return ['green'];
  return ['dim'];
}

/** Pad by code points (sanitized text has no zero-width or control characters left). */
function pad(text: string, width: number, right = false): string {
  const gap = Math.max(0, width - Array.from(text).length);
  return right ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

function findingCounts(result: ScanResult, paint: Paint): string {
  const counts = countBySeverity(result);
  const parts = [...SEVERITIES]
    .reverse()
    .filter((s) => counts[s] > 0)
    .map((s) => paint(`${counts[s]}${s[0]?.toUpperCase()}`, ...LEVEL_STYLE[s]));
  return parts.length === 0 ? paint('-', 'dim') : parts.join(' ');
}

function headline(run: ScanRun, paint: Paint): string[] {
  const s = run.summary;
  const seconds = (s.durationMs / 1000).toFixed(1);
  const severities = [...SEVERITIES]
    .reverse()
    .map((sev) =>
      paint(
        `${s.findingsBySeverity[sev]} ${sev}`,
        ...(s.findingsBySeverity[sev] > 0 ? LEVEL_STYLE[sev] : (['dim'] as Style[])),
      ),
    )
    .join(', ');
  return [
    paint(
      `${sanitizeTerminal(run.tool.name)} ${sanitizeTerminal(run.tool.version)} · scan of ${s.endpointsProbed} endpoints in ${seconds} s · ${sanitizeTerminal(run.startedAt)}`,
      'dim',
    ),
    paint(
      `${s.mcpServers} MCP servers found, ${s.openWithoutAuth} answered tools/list without authentication, ${s.toolsExposed} tools exposed.`,
      'bold',
    ),
    `Auth required ${s.authRequired} · partial ${s.partial} · likely MCP ${s.likely} · findings: ${severities}`,
  ];
}

function serverTable(servers: readonly ScanResult[], paint: Paint, targetWidth: number): string[] {
  const header = `${pad('RISK', 13)} ${pad('STATUS', 18)} ${pad('TARGET', targetWidth)} ${pad('SERVER', 24)} ${pad('TOOLS', 5, true)}  FINDINGS`;
  const lines = [paint(header, 'bold')];
  for (const r of servers) {
    const risk = pad(`${r.risk.level} ${r.risk.score}`, 13);
    lines.push(
      [
        paint(risk, ...LEVEL_STYLE[r.risk.level]),
        paint(pad(r.status, 18), ...statusStyle(r.status)),
        pad(sanitizeAndTruncate(r.target, targetWidth), targetWidth),
        pad(sanitizeAndTruncate(serverLabel(r) ?? '-', 24), 24),
        pad(String(r.tools.length), 5, true),
        ` ${findingCounts(r, paint)}`,
      ].join(' '),
    );
  }
  return lines;
}

function topFindings(servers: readonly ScanResult[], paint: Paint, max: number): string[] {
  const all = servers.flatMap((r) => r.findings.map((f) => ({ r, f })));
  all.sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity));
  const lines = [paint('Top findings', 'bold')];
  for (const { r, f } of all.slice(0, max)) {
    const subject = f.subject === null ? '' : ` [${sanitizeAndTruncate(f.subject, 40)}]`;
    lines.push(
      `  ${paint(pad(f.severity.toUpperCase(), 8), ...LEVEL_STYLE[f.severity as Severity])} ${sanitizeAndTruncate(f.title, 60)}${subject}`,
      `           ${paint(sanitizeAndTruncate(r.target, 70), 'dim')} ${paint(sanitizeAndTruncate(f.checkId, 40), 'gray')}`,
    );
  }
  if (all.length > max)
    lines.push(paint(`  … and ${all.length - max} more (see --format md, html or json)`, 'dim'));
  return lines;
}

export function renderText(run: ScanRun, options: RenderTextOptions): string {
  const paint = createPaint(options.color);
  const sorted = sortByRisk(run.results);
  const servers = sorted.filter(isServerResult);
  const others = sorted.length - servers.length;
  const lines = [...headline(run, paint), ''];
  if (servers.length === 0) lines.push('No MCP servers found.');
  else lines.push(...serverTable(servers, paint, options.targetWidth ?? 44));
  const findingTotal = servers.reduce((n, r) => n + r.findings.length, 0);
  if (findingTotal > 0) lines.push('', ...topFindings(servers, paint, options.maxFindings ?? 10));
  const suppressed = run.results.reduce((n, r) => n + r.suppressed.length, 0);
  if (suppressed > 0)
    lines.push(
      '',
      paint(
        `${suppressed} ${suppressed === 1 ? 'finding' : 'findings'} suppressed by the ignore file.`,
        'dim',
      ),
    );
  if (others > 0) {
    const parts = SCAN_STATUSES.filter((s) => run.summary.byStatus[s] > 0 && !s.startsWith('mcp-')).map(
      (s) => `${s} ${run.summary.byStatus[s]}`,
    );
    lines.push('', paint(`Other endpoints: ${parts.join(' · ')}`, 'dim'));
  }
  return `${lines.join('\n')}\n`;
}
