import { SEVERITIES, type Severity } from '../audit/finding.ts';
import type { ScanResult, ScanSummary } from './scan-run.ts';
import { SCAN_STATUSES, type ScanStatus } from './status.ts';

/** A running tally of the study's numbers; `add` per result, `finish` once. */
export function createSummaryTally(): {
  add(result: ScanResult): void;
  finish(durationMs: number): ScanSummary;
} {
  const byStatus = Object.fromEntries(SCAN_STATUSES.map((s) => [s, 0])) as Record<ScanStatus, number>;
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let endpointsProbed = 0;
  let toolsExposed = 0;
  return {
    add(result) {
      byStatus[result.status] += 1;
      if (result.status !== 'invalid-target') endpointsProbed += 1;
      if (result.status === 'mcp-open') toolsExposed += result.tools.length;
      for (const finding of result.findings) findingsBySeverity[finding.severity] += 1;
    },
    finish(durationMs) {
      return {
        endpointsProbed,
        mcpServers: byStatus['mcp-open'] + byStatus['mcp-partial'] + byStatus['mcp-auth-required'],
        openWithoutAuth: byStatus['mcp-open'],
        authRequired: byStatus['mcp-auth-required'],
        partial: byStatus['mcp-partial'],
        likely: byStatus['mcp-likely'],
        toolsExposed,
        byStatus: { ...byStatus },
        findingsBySeverity: { ...findingsBySeverity },
        durationMs,
      };
    },
  };
}

export function summarizeResults(results: Iterable<ScanResult>, durationMs: number): ScanSummary {
  const tally = createSummaryTally();
  for (const result of results) tally.add(result);
  return tally.finish(durationMs);
}
