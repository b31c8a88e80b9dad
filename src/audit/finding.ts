import type { Observation } from '../scan/observation.ts';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A judgement about one observation. Stable `checkId`; `id` is stable per (check, target, subject). */
export interface Finding {
  id: string;
  checkId: string;
  title: string;
  severity: Severity;
  /** What was seen, in one or two sentences; strings from the server are quoted, never interpreted. */
  message: string;
  /** The tool, resource or header the finding is about, when it is about one. */
  subject: string | null;
  evidence: Record<string, unknown>;
  remediation: string;
  cwe: string[];
  owaspMcp: string[];
}

/** A check: a pure function of an observation (plus optional context such as a baseline). */
export interface Check {
  id: string;
  title: string;
  /** Default severity; a check may raise or lower it per finding. */
  severity: Severity;
  cwe: string[];
  owaspMcp: string[];
  remediation: string;
  run(observation: Observation, context: CheckContext): Finding[];
}

export interface CheckContext {
  /** Tools of the same target in a baseline run, when --baseline is given. */
  baseline: Observation | null;
}
