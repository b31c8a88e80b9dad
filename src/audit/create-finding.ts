import { createHash } from 'node:crypto';
import type { Observation } from '../scan/observation.ts';
import type { Check, Finding, Severity } from './finding.ts';

/** Stable finding id: the same check, target and subject give the same id in every run. */
export function findingId(checkId: string, target: string, subject: string | null): string {
  const digest = createHash('sha256')
    .update(`${checkId}\n${target}\n${subject ?? ''}`)
    .digest('hex');
  return `${checkId}:${digest.slice(0, 16)}`;
}

export interface FindingDetails {
  message: string;
  subject?: string | null;
  severity?: Severity;
  evidence?: Record<string, unknown>;
  /** Overrides the check's remediation when a finding needs a more specific one. */
  remediation?: string;
  title?: string;
}

/** Builds a finding for `check` about `observation`, filling the check's metadata. */
export function createFinding(check: Check, observation: Observation, details: FindingDetails): Finding {
  const subject = details.subject ?? null;
  return {
    id: findingId(check.id, observation.target, subject),
    checkId: check.id,
    title: details.title ?? check.title,
    severity: details.severity ?? check.severity,
    message: details.message,
    subject,
    evidence: details.evidence ?? {},
    remediation: details.remediation ?? check.remediation,
    cwe: [...check.cwe],
    owaspMcp: [...check.owaspMcp],
  };
}

/** Invisible, bidirectional and C1 control characters that JSON.stringify leaves as they are. */
const UNSAFE_FOR_DISPLAY =
  /[\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/gu;

/**
 * Quotes a server-supplied string for a message: bounded, JSON-escaped, and with invisible or
 * direction-changing characters written as \\u escapes so the message reads the same everywhere.
 */
export function quote(value: string, max = 120): string {
  const clipped = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(clipped).replace(UNSAFE_FOR_DISPLAY, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A server-supplied string for evidence: like quote() but without the surrounding quotes. */
export function escapeText(value: string, max = 300): string {
  return quote(value, max).slice(1, -1);
}
