import { type Finding, SEVERITIES } from '../audit/finding.ts';
import type { ToolInfo } from '../scan/observation.ts';
import type { ScanResult } from '../scan/scan-run.ts';
import { escapeHtml as h } from './html-escape.ts';
import {
  capabilityCategories,
  countBySeverity,
  maxSeverity,
  serverLabel,
  severityRank,
} from './report-model.ts';

/** One server as a collapsible card: summary line, facts, tools, findings, suppressed findings. */

export function statusClass(status: string): string {
  return ['mcp-open', 'mcp-partial', 'mcp-auth-required', 'mcp-likely'].includes(status)
    ? `st-${status}`
    : 'st-other';
}

function pill(text: string, cls: string): string {
  return `<span class="pill ${h(cls)}">${h(text)}</span>`;
}

function facts(r: ScanResult): string {
  const origin =
    r.originProbe === null
      ? 'not probed'
      : r.originProbe.accepted
        ? `accepted a foreign Origin (HTTP ${r.originProbe.status ?? '—'})`
        : `refused a foreign Origin (HTTP ${r.originProbe.status ?? '—'})`;
  const items: [string, string][] = [
    ['Server', serverLabel(r) ?? '—'],
    ['Status', r.status],
    [
      'Authentication',
      r.auth.httpStatus === null ? r.auth.mode : `${r.auth.mode} (HTTP ${r.auth.httpStatus})`,
    ],
    ['Transport', `${r.transport ?? '—'}${r.era === null ? '' : `, ${r.era} era`}`],
    ['Protocol version', r.protocolVersion ?? '—'],
    ['Address', `${r.address ?? '—'}${r.tls ? ' (TLS)' : ' (plaintext)'}`],
    ['Origin check', origin],
    ['Scanned', `${r.scannedAt} in ${r.timings.totalMs} ms`],
    ['Resources · prompts', `${r.resources.length} · ${r.prompts.length}`],
  ];
  if (r.exposedOn !== null && r.exposedOn.length > 0)
    items.push(['Also listening on', r.exposedOn.join(', ')]);
  if (r.error !== null) items.push(['Error', `${r.error.code}: ${r.error.message}`]);
  return `<div class="facts">${items.map(([k, v]) => `<div><span>${h(k)}:</span> ${h(v)}</div>`).join('')}</div>`;
}

function toolRows(r: ScanResult): string {
  if (r.tools.length === 0) return '';
  const bySubject = new Map<string, Finding[]>();
  for (const f of r.findings) {
    if (f.subject !== null) bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), f]);
  }
  const row = (t: ToolInfo): string => {
    const related = bySubject.get(t.name) ?? [];
    const cats = capabilityCategories({ ...r, findings: related });
    const worst = related.reduce<string>(
      (w, f) => (severityRank(f.severity) > severityRank(w as 'none') ? f.severity : w),
      'none',
    );
    const flags = Object.entries(t.annotations ?? {})
      .filter(([k, v]) => k.endsWith('Hint') && v === true)
      .map(([k]) => k);
    return (
      `<tr><td class="name">${h(t.name)}</td>` +
      `<td><div class="desc">${h(t.description ?? '')}</div></td>` +
      `<td>${cats.map((c) => pill(c, `sev-${worst}`)).join(' ')}</td>` +
      `<td>${h(flags.join(', '))}</td></tr>`
    );
  };
  const truncated = r.toolsTruncated
    ? '<p class="sub">Tool listing was truncated at the scanner’s cap.</p>'
    : '';
  return (
    `<h3>Tools (${r.tools.length})</h3>${truncated}<table><thead><tr><th>Name</th><th>Description</th><th>Capabilities</th><th>Annotations</th></tr></thead>` +
    `<tbody>${r.tools.map(row).join('')}</tbody></table>`
  );
}

function findingRows(
  findings: readonly Finding[],
  reasons: readonly (string | null)[],
  heading: string,
): string {
  if (findings.length === 0) return '';
  const order = findings.map((f, i) => ({ f, reason: reasons[i] ?? null }));
  order.sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity));
  const rows = order.map(
    ({ f, reason }) =>
      `<tr><td>${pill(f.severity, `sev-${f.severity}`)}</td>` +
      `<td><b>${h(f.title)}</b><div>${h(f.message)}</div><div class="remedy">${h(f.remediation)}</div>` +
      `${reason === null ? '' : `<div class="remedy">Suppressed: ${h(reason)}</div>`}</td>` +
      `<td class="name">${h(f.subject ?? '—')}</td>` +
      `<td class="name">${h(f.checkId)}<div class="sub">${h([...f.cwe, ...f.owaspMcp].join(' · '))}</div></td></tr>`,
  );
  return `<h3>${h(heading)} (${findings.length})</h3><table><thead><tr><th>Severity</th><th>Finding</th><th>Subject</th><th>Check</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function serverCard(r: ScanResult, open: boolean): string {
  const counts = countBySeverity(r);
  const chips = [...SEVERITIES]
    .reverse()
    .filter((s) => counts[s] > 0)
    .map((s) => pill(`${counts[s]} ${s}`, `sev-${s}`));
  const label = serverLabel(r);
  const sub = [label ?? 'unnamed server', `${r.tools.length} tools`, `auth: ${r.auth.mode}`].join(' · ');
  const evidence =
    r.evidence.length === 0
      ? ''
      : `<h3>Evidence</h3><ul class="evidence">${r.evidence.map((e) => `<li>${h(e)}</li>`).join('')}</ul>`;
  // Server instructions reach the model like tool descriptions do, so they are shown in full.
  const instructions =
    r.instructions === null || r.instructions === ''
      ? ''
      : `<h3>Server instructions</h3><div class="desc">${h(r.instructions)}</div>`;
  return (
    `<details class="server risk-${h(r.risk.level)}" data-row data-status="${h(r.status)}" data-sev="${severityRank(maxSeverity(r))}"${open ? ' open' : ''}>` +
    `<summary><div class="risk">${pill(r.risk.level, `sev-${h(r.risk.level)}`)}<span class="score">${r.risk.score}</span></div>` +
    `<div><div class="target">${h(r.target)}</div><div class="sub">${h(sub)}</div></div>` +
    `<div class="chips">${pill(r.status, statusClass(r.status))}${chips.join('')}</div></summary>` +
    `<div class="body">${facts(r)}${evidence}${instructions}${toolRows(r)}` +
    findingRows(r.findings, [], 'Findings') +
    findingRows(
      r.suppressed.map((s) => s.finding),
      r.suppressed.map((s) => s.reason),
      'Suppressed findings',
    ) +
    '</div></details>'
  );
}
