import { createHash } from 'node:crypto';
import { SEVERITIES } from '../audit/finding.ts';
import type { ScanResult, ScanRun } from '../scan/scan-run.ts';
import { SCAN_STATUSES, type ScanStatus } from '../scan/status.ts';
import { barChart, type ChartItem, donutChart } from './html-charts.ts';
import { escapeHtml as h } from './html-escape.ts';
import { REPORT_SCRIPT } from './html-script.ts';
import { serverCard, statusClass } from './html-server-card.ts';
import { REPORT_CSS } from './html-styles.ts';
import { countCategories, isServerResult, severityRank, sortByRisk } from './report-model.ts';

/**
 * One self-contained HTML file that works offline: headline numbers, inline SVG charts, servers
 * by risk with their tools and findings, and filters. Every string from the run is escaped; no
 * run data is placed inside <script>; a CSP allows only this file's own style and script by hash.
 */

export interface RenderHtmlOptions {
  title?: string;
  /** Servers whose cards start expanded (riskiest first). Default 5. */
  openCards?: number;
  /** Most rows in the "other endpoints" table; the rest are counted. Default 1000. */
  maxOtherRows?: number;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The CSP for a report: nothing loads, only the inline style and script with these hashes run (no `"` inside). */
export function reportCsp(css: string, script: string): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(css)}`,
    `script-src ${sha256(script)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const STATUS_COLORS: Readonly<Record<ScanStatus, string>> = {
  'mcp-open': 'var(--open)',
  'mcp-partial': 'var(--partial)',
  'mcp-auth-required': 'var(--auth)',
  'mcp-likely': 'var(--likely)',
  'not-mcp': 'var(--other)',
  'http-error': 'var(--other)',
  'protocol-error': 'var(--other)',
  'tls-error': 'var(--other)',
  timeout: 'var(--other)',
  closed: 'var(--other)',
  'invalid-target': 'var(--other)',
};

function cards(run: ScanRun): string {
  const s = run.summary;
  const severe = s.findingsBySeverity.critical + s.findingsBySeverity.high;
  const items: [number, string, string][] = [
    [s.endpointsProbed, 'Endpoints probed', ''],
    [s.mcpServers, 'MCP servers', ''],
    [s.openWithoutAuth, 'Open without auth', s.openWithoutAuth > 0 ? 'alert' : 'good'],
    [s.authRequired, 'Auth required', 'good'],
    [s.partial, 'Partially open', ''],
    [s.toolsExposed, 'Tools exposed', s.toolsExposed > 0 ? 'alert' : ''],
    [severe, 'Critical + high findings', severe > 0 ? 'alert' : 'good'],
  ];
  return `<div class="cards">${items.map(([n, label, cls]) => `<div class="card ${cls}"><div class="num">${n}</div><div class="lbl">${h(label)}</div></div>`).join('')}</div>`;
}

function charts(run: ScanRun): string {
  const status: ChartItem[] = SCAN_STATUSES.map((st) => ({
    label: st,
    value: run.summary.byStatus[st],
    color: STATUS_COLORS[st],
  }));
  const severity: ChartItem[] = [...SEVERITIES]
    .reverse()
    .map((sev) => ({ label: sev, value: run.summary.findingsBySeverity[sev], color: `var(--${sev})` }));
  const categories = countCategories(run.results).map((c) => ({
    label: c.category,
    value: c.servers,
    color: 'var(--high)',
  }));
  const chart = (title: string, body: string): string =>
    `<div class="chart"><h2>${h(title)}</h2>${body}</div>`;
  return (
    '<div class="charts">' +
    chart('Endpoints by status', barChart(status, 'Endpoints by status')) +
    chart('Findings by severity', donutChart(severity, 'Findings by severity', 'findings')) +
    chart(
      'Servers by capability category',
      categories.length === 0
        ? '<p class="empty">No dangerous capabilities reported.</p>'
        : barChart(categories, 'Servers by capability category'),
    ) +
    '</div>'
  );
}

function filters(results: readonly ScanResult[]): string {
  const present = SCAN_STATUSES.filter((s) => results.some((r) => r.status === s));
  const statusOptions = present.map((s) => `<option value="${h(s)}">${h(s)}</option>`).join('');
  const severityOptions = [...SEVERITIES]
    .reverse()
    .map((s) => `<option value="${severityRank(s)}">${h(s)} or worse</option>`)
    .join('');
  return (
    '<div class="filters">' +
    '<label>Search <input id="f-search" type="search" placeholder="target, server, tool, finding…" autocomplete="off"></label>' +
    `<label>Status <select id="f-status"><option value="">all</option>${statusOptions}</select></label>` +
    `<label>Severity <select id="f-severity"><option value="0">any</option>${severityOptions}</select></label>` +
    '<span class="count" id="f-count"></span></div>'
  );
}

function otherTable(others: readonly ScanResult[], max: number): string {
  if (others.length === 0) return '';
  const rows = others
    .slice(0, max)
    .map(
      (r) =>
        `<tr data-row data-status="${h(r.status)}" data-sev="0"><td class="name">${h(r.target)}</td>` +
        `<td><span class="pill ${statusClass(r.status)}">${h(r.status)}</span></td>` +
        `<td>${h(r.error === null ? r.evidence.join('; ') : `${r.error.code}: ${r.error.message}`)}</td></tr>`,
    )
    .join('');
  const more =
    others.length > max
      ? `<p class="sub">${others.length - max} more endpoints not shown; see the JSON report.</p>`
      : '';
  return (
    `<div class="section"><h2>Other endpoints (${others.length})</h2>` +
    `<table><thead><tr><th>Target</th><th>Status</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table>${more}</div>`
  );
}

export function renderHtml(run: ScanRun, options: RenderHtmlOptions = {}): string {
  const title = options.title ?? 'MCP exposure report';
  const s = run.summary;
  const sorted = sortByRisk(run.results);
  const servers = sorted.filter(isServerResult);
  const others = sorted.filter((r) => !isServerResult(r));
  const openCards = options.openCards ?? 5;
  const suppressed = run.results.reduce((n, r) => n + r.suppressed.length, 0);
  const serverList =
    servers.length === 0
      ? '<p class="sub">No MCP servers found.</p>'
      : servers.map((r, i) => serverCard(r, i < openCards)).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp(REPORT_CSS, REPORT_SCRIPT)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top">
<h1>${h(title)}</h1>
<div class="meta">${h(run.tool.name)} ${h(run.tool.version)} · ${h(run.startedAt)} → ${h(run.finishedAt)} · ${s.endpointsProbed} endpoints probed in ${(s.durationMs / 1000).toFixed(1)} s</div>
<p class="headline" id="headline"><b>${s.mcpServers}</b> MCP servers found, <b>${s.openWithoutAuth}</b> answered tools/list without authentication, <b>${s.toolsExposed}</b> tools exposed.</p>
</header>
<main>
${cards(run)}
${charts(run)}
<div class="section"><h2>Servers by risk (${servers.length})</h2>
${filters(sorted)}
<div id="servers">${serverList}</div></div>
${otherTable(others, options.maxOtherRows ?? 1000)}
</main>
<footer>${suppressed > 0 ? `${suppressed} findings suppressed by the ignore file are listed under their servers. ` : ''}Every string from a scanned server is shown as text. Generated by ${h(run.tool.name)} ${h(run.tool.version)}.</footer>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
