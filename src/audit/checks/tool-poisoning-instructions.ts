import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';
import { POISONING_PATTERNS, type PoisoningKind } from '../poisoning-patterns.ts';
import { excerpt, poisoningSubjects } from '../tool-texts.ts';

interface Hit {
  kind: PoisoningKind;
  field: string;
  excerpt: string;
}

/** Pattern hits in a list of fields, at most one per (kind, field). */
export function findPoisoningHits(fields: readonly { field: string; text: string }[]): Hit[] {
  const hits: Hit[] = [];
  for (const { field, text } of fields) {
    const flat = text.replace(/\s+/g, ' ');
    for (const { kind, pattern } of POISONING_PATTERNS) {
      const match = pattern.exec(flat);
      if (match === null || hits.some((h) => h.kind === kind && h.field === field)) continue;
      hits.push({ kind, field, excerpt: excerpt(flat, match.index, match[0].length) });
    }
  }
  return hits;
}

/** Kinds that are instructions in their own right; a sensitive path alone is often just an example. */
const INSTRUCTION_KINDS: ReadonlySet<PoisoningKind> = new Set([
  'override',
  'secrecy',
  'hidden-tag',
  'role-hijack',
  'exfiltration',
]);

export const toolPoisoningInstructionsCheck: Check = {
  id: 'tool-poisoning-instructions',
  title: 'Hidden instructions in tool metadata (tool poisoning)',
  severity: 'high',
  cwe: ['CWE-1427', 'CWE-94'],
  owaspMcp: ['MCP03', 'MCP06'],
  remediation:
    'Do not connect an agent to this server until the tool text is explained. Tool descriptions should describe the tool, never instruct the model; pin reviewed tool definitions (`--baseline`) and alert on change.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const findings: Finding[] = [];
    for (const { subject, fields } of poisoningSubjects(observation)) {
      const hits = findPoisoningHits(fields);
      const kinds = new Set(hits.map((h) => h.kind));
      if (![...kinds].some((kind) => INSTRUCTION_KINDS.has(kind))) continue;
      // Two kinds together (e.g. secrecy plus a credentials file) is the classic exfiltration recipe.
      const severity: Severity = kinds.size >= 2 ? 'critical' : 'high';
      findings.push(
        createFinding(toolPoisoningInstructionsCheck, observation, {
          subject,
          severity,
          message: `${subject === '(server instructions)' ? 'The server instructions contain' : `Tool ${quote(subject)} carries`} text addressed to the model rather than describing the tool: ${[...kinds].join(', ')}.`,
          evidence: { kinds: [...kinds], hits: hits.slice(0, 10) },
        }),
      );
    }
    return findings;
  },
};
