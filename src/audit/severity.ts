import { SEVERITIES, type Severity } from './finding.ts';

/** 0 (info) .. 4 (critical): position in the ordered severity list. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold` (for --fail-on). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** One step lower, never below info (e.g. when a capability sits behind authentication). */
export function lowerSeverity(severity: Severity, steps = 1): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - steps)] ?? 'info';
}

/** Sort comparator: most severe first. */
export function compareSeverityDescending(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}
