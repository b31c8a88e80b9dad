import { SEVERITIES, type Severity } from '../audit/finding.ts';
import type { ScanResult } from '../scan/scan-run.ts';
import { MCP_STATUSES, type ScanStatus } from '../scan/status.ts';

/** Shared, pure helpers every renderer uses, so all formats order and count the same way. */

export type RiskLevel = ScanResult['risk']['level'];

/** 0 for none, 1 for info ... 5 for critical: a total order over risk levels and severities. */
export function severityRank(level: RiskLevel): number {
  return level === 'none' ? 0 : SEVERITIES.indexOf(level) + 1;
}

/** Statuses shown as servers (proved or probable MCP); the rest are "other endpoints". */
export function isServerResult(result: ScanResult): boolean {
  return MCP_STATUSES.has(result.status) || result.status === 'mcp-likely';
}

const STATUS_ORDER: Readonly<Record<ScanStatus, number>> = {
  'mcp-open': 0,
  'mcp-partial': 1,
  'mcp-auth-required': 2,
  'mcp-likely': 3,
  'protocol-error': 4,
  'not-mcp': 5,
  'http-error': 6,
  'tls-error': 7,
  timeout: 8,
  closed: 9,
  'invalid-target': 10,
};

/** Riskiest first: risk score, then risk level, then status, then target (stable and total). */
export function sortByRisk(results: readonly ScanResult[]): ScanResult[] {
  return [...results].sort(
    (a, b) =>
      b.risk.score - a.risk.score ||
      severityRank(b.risk.level) - severityRank(a.risk.level) ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
  );
}

/** Highest finding severity of a result, or 'none'. */
export function maxSeverity(result: ScanResult): RiskLevel {
  let best: RiskLevel = 'none';
  for (const finding of result.findings) {
    if (severityRank(finding.severity) > severityRank(best)) best = finding.severity;
  }
  return best;
}

export function countBySeverity(result: ScanResult): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of result.findings) counts[finding.severity] += 1;
  return counts;
}

/**
 * Capability categories a result's findings name. The capability check records them in
 * `evidence.category` (one string) or `evidence.categories` (strings); any finding may carry them.
 */
export function capabilityCategories(result: ScanResult): string[] {
  const found = new Set<string>();
  for (const finding of result.findings) {
    const { category, categories } = finding.evidence;
    if (typeof category === 'string' && category !== '') found.add(category);
    if (Array.isArray(categories)) {
      for (const c of categories) if (typeof c === 'string' && c !== '') found.add(c);
    }
  }
  return [...found].sort();
}

/** Number of servers per capability category across a run, largest first. */
export function countCategories(results: readonly ScanResult[]): { category: string; servers: number }[] {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const category of capabilityCategories(result))
      counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts]
    .map(([category, servers]) => ({ category, servers }))
    .sort((a, b) => b.servers - a.servers || (a.category < b.category ? -1 : 1));
}

/** "name 1.2.3" from serverInfo, or null when the server told nothing. */
export function serverLabel(result: ScanResult): string | null {
  const info = result.serverInfo;
  if (info === null) return null;
  return info.version === null || info.version === '' ? info.name : `${info.name} ${info.version}`;
}
