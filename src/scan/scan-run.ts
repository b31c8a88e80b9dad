import type { Finding, Severity } from '../audit/finding.ts';
import type { Observation } from './observation.ts';
import type { ScanStatus } from './status.ts';

/** Observation plus its judgement: what `--jsonl` streams once audit is wired, and what reports render. */
export interface ScanResult extends Observation {
  findings: Finding[];
  /** Findings muted by the ignore file, with the reason given there. */
  suppressed: { finding: Finding; reason: string }[];
  risk: RiskAssessment;
}

export interface RiskAssessment {
  level: 'none' | Severity;
  /** 0..100, documented in docs/risk.md; sorts reports. */
  score: number;
}

/** The study's numbers, for any scan. */
export interface ScanSummary {
  endpointsProbed: number;
  mcpServers: number;
  openWithoutAuth: number;
  authRequired: number;
  partial: number;
  likely: number;
  toolsExposed: number;
  byStatus: Record<ScanStatus, number>;
  findingsBySeverity: Record<Severity, number>;
  durationMs: number;
}

/** A whole run, as `--json FILE` writes it. Versioned; schema in docs/schema/scan-run.schema.json. */
export interface ScanRun {
  schemaVersion: 1;
  tool: { name: 'mcp-lockdown'; version: string };
  startedAt: string;
  finishedAt: string;
  /** The options that shaped the run (ports, paths, timeouts...), for reproducibility. */
  options: Record<string, unknown>;
  results: ScanResult[];
  summary: ScanSummary;
}
