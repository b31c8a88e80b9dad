import { SEVERITIES } from '../audit/finding.ts';
import type { ScanResult, ScanRun } from '../scan/scan-run.ts';
import { SCAN_STATUSES } from '../scan/status.ts';
import { escapeMarkdown as md } from './markdown-escape.ts';
import { countBySeverity, isServerResult, serverLabel, sortByRisk } from './report-model.ts';

/**
 * A ticket-ready Markdown report: the headline numbers, servers by risk, then one findings table
 * per server. Every string from a scanned server goes through escapeMarkdown.
 */

export interface RenderMarkdownOptions {
  /** Report title (trusted: from the operator, not the network). */
  title?: string;
}

const SEVERITY_DESCENDING = [...SEVERITIES].reverse();

function headline(run: ScanRun): string[] {
  const s = run.summary;
  const severities = SEVERITY_DESCENDING.map((sev) => `${s.findingsBySeverity[sev]} ${sev}`).join(', ');
  return [
    `**${s.mcpServers} MCP servers found, ${s.openWithoutAuth} answered \`tools/list\` without authentication, ${s.toolsExposed} tools exposed.**`,
    '',
    '| Endpoints probed | MCP servers | Open without auth | Auth required | Partial | Likely MCP | Tools exposed |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.endpointsProbed} | ${s.mcpServers} | ${s.openWithoutAuth} | ${s.authRequired} | ${s.partial} | ${s.likely} | ${s.toolsExposed} |`,
    '',
    `Findings: ${severities}.`,
  ];
}

function serverTable(servers: readonly ScanResult[]): string[] {
  const lines = [
    '| Risk | Target | Server | Status | Auth | Tools | Critical | High | Medium | Low | Info |',
    '| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of servers) {
    const c = countBySeverity(r);
    lines.push(
      `| ${r.risk.level} (${r.risk.score}) | ${md(r.target)} | ${md(serverLabel(r) ?? '—')} | ${r.status} | ${r.auth.mode} | ${r.tools.length} | ${c.critical} | ${c.high} | ${c.medium} | ${c.low} | ${c.info} |`,
    );
  }
  return lines;
}

function serverSection(r: ScanResult): string[] {
  const lines = [`### ${md(r.target)}`, ''];
  const label = serverLabel(r);
  lines.push(
    `- Status: \`${r.status}\`; auth: \`${r.auth.mode}\`; risk: **${r.risk.level}** (${r.risk.score}/100)`,
    `- Server: ${label === null ? '—' : md(label)}; protocol: ${md(r.protocolVersion ?? '—')}; transport: ${r.transport ?? '—'}`,
  );
  if (r.tools.length > 0)
    lines.push(`- Tools (${r.tools.length}): ${r.tools.map((t) => md(t.name)).join(', ')}`);
  lines.push('');
  if (r.findings.length > 0) {
    lines.push('| Severity | Check | Finding | Subject | Remediation |', '| --- | --- | --- | --- | --- |');
    const sorted = [...r.findings].sort(
      (a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity),
    );
    for (const f of sorted) {
      lines.push(
        `| ${f.severity} | \`${md(f.checkId)}\` | **${md(f.title)}**: ${md(f.message)} | ${md(f.subject ?? '—')} | ${md(f.remediation)} |`,
      );
    }
    lines.push('');
  }
  if (r.suppressed.length > 0) {
    lines.push('Suppressed by the ignore file:', '');
    for (const s of r.suppressed) {
      lines.push(
        `- ${s.finding.severity} \`${md(s.finding.checkId)}\` ${md(s.finding.title)} — reason: ${md(s.reason)}`,
      );
    }
    lines.push('');
  }
  return lines;
}

export function renderMarkdown(run: ScanRun, options: RenderMarkdownOptions = {}): string {
  const sorted = sortByRisk(run.results);
  const servers = sorted.filter(isServerResult);
  const others = sorted.filter((r) => !isServerResult(r));
  const lines = [
    `# ${md(options.title ?? 'MCP exposure report')}`,
    '',
    `Scan by ${md(run.tool.name)} ${md(run.tool.version)}, ${md(run.startedAt)} to ${md(run.finishedAt)}.`,
    '',
    ...headline(run),
    '',
    '## Servers by risk',
    '',
    ...(servers.length > 0 ? serverTable(servers) : ['No MCP servers found.']),
    '',
  ];
  if (servers.length > 0) lines.push('## Findings by server', '');
  for (const r of servers) lines.push(...serverSection(r));
  if (others.length > 0) {
    const byStatus = SCAN_STATUSES.filter(
      (s) => !['mcp-open', 'mcp-partial', 'mcp-auth-required', 'mcp-likely'].includes(s),
    )
      .map((s) => `${s}: ${run.summary.byStatus[s]}`)
      .join(', ');
    lines.push(
      '## Other endpoints',
      '',
      `${others.length} endpoints without an MCP server (${byStatus}).`,
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
