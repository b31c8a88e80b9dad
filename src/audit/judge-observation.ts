import type { Observation } from '../scan/observation.ts';
import type { ScanResult } from '../scan/scan-run.ts';
import { auditObservation } from './audit-observation.ts';
import type { BaselineIndex } from './baseline.ts';
import { applySuppressions, type SuppressionRule } from './ignore-file.ts';
import { assessRisk } from './risk.ts';

export interface JudgeOptions {
  /** From indexBaseline(previous run), for the drift checks. */
  baseline?: BaselineIndex | null;
  /** From parseIgnoreFile(text). */
  rules?: readonly SuppressionRule[];
  /** Clock for rule expiry (tests pass a fixed date). */
  now?: Date;
}

/**
 * Observation -> ScanResult: every check, then the ignore file, then the risk of what remains
 * (a suppressed finding does not raise the server's risk; it is still listed with its reason).
 */
export function judgeObservation(observation: Observation, options: JudgeOptions = {}): ScanResult {
  const baseline = options.baseline?.get(observation.target) ?? null;
  const { findings: all } = auditObservation(observation, { baseline });
  const { findings, suppressed } = applySuppressions(
    all,
    observation.target,
    options.rules ?? [],
    options.now,
  );
  return { ...observation, findings, suppressed, risk: assessRisk(observation, findings) };
}
