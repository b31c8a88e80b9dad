import type { Observation } from '../../scan/observation.ts';
import { createFinding, escapeText, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';
import { POISONING_PATTERNS } from '../poisoning-patterns.ts';
import { poisoningSubjects } from '../tool-texts.ts';

type UnicodeKind = 'tag' | 'variation-selector-supplement' | 'bidi' | 'zero-width' | 'control';

/** Characters that render as nothing (or reorder text) but are read by the model. */
const CLASSES: readonly { kind: UnicodeKind; pattern: RegExp; severity: Severity }[] = [
  { kind: 'tag', pattern: /[\u{E0000}-\u{E007F}]/gu, severity: 'high' },
  { kind: 'variation-selector-supplement', pattern: /[\u{E0100}-\u{E01EF}]/gu, severity: 'high' },
  { kind: 'bidi', pattern: /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu, severity: 'high' },
  {
    kind: 'zero-width',
    pattern: /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u115F\u1160\u3164\uFFA0]/gu,
    severity: 'medium',
  },
  { kind: 'control', pattern: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu, severity: 'medium' },
];

const JOINERS = new Set(['\u200C', '\u200D']);
const NON_ASCII_LETTER_OR_EMOJI =
  /\p{Extended_Pictographic}|\u{FE0F}|[\u{1F3FB}-\u{1F3FF}]|[^\p{ASCII}\P{L}]|\p{M}/u;

/** Joiners inside emoji sequences and non-Latin scripts are legitimate; elsewhere they hide things. */
function isLegitimateJoiner(text: string, index: number): boolean {
  const char = text[index];
  if (char === undefined || !JOINERS.has(char)) return false;
  const before = Array.from(text.slice(Math.max(0, index - 2), index)).at(-1) ?? '';
  const after = Array.from(text.slice(index + 1, index + 3))[0] ?? '';
  return NON_ASCII_LETTER_OR_EMOJI.test(before) || NON_ASCII_LETTER_OR_EMOJI.test(after);
}

/** Unicode tag characters mirror ASCII (U+E0041 is an invisible "A"): decode what they spell. */
export function decodeTagCharacters(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xe0020 && code <= 0xe007e) out += String.fromCharCode(code - 0xe0000);
  }
  return out;
}

const SEVERITY_ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export const toolHiddenUnicodeCheck: Check = {
  id: 'tool-hidden-unicode',
  title: 'Invisible or bidirectional Unicode in tool metadata',
  severity: 'high',
  cwe: ['CWE-1007', 'CWE-451'],
  owaspMcp: ['MCP03'],
  remediation:
    'Treat the tool as untrusted: invisible characters let a description say one thing to a reviewer and another to the model. Strip or reject format characters (Unicode category Cf) in tool metadata.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const findings: Finding[] = [];
    for (const { subject, fields } of poisoningSubjects(observation)) {
      const counts: Partial<Record<UnicodeKind, number>> = {};
      const where = new Set<string>();
      let severity: Severity | null = null;
      let decoded = '';
      for (const { field, text } of fields) {
        for (const { kind, pattern, severity: kindSeverity } of CLASSES) {
          let count = 0;
          for (const match of text.matchAll(pattern)) {
            if (kind === 'zero-width' && isLegitimateJoiner(text, match.index)) continue;
            count += 1;
          }
          if (count === 0) continue;
          counts[kind] = (counts[kind] ?? 0) + count;
          where.add(field);
          if (severity === null || SEVERITY_ORDER.indexOf(kindSeverity) > SEVERITY_ORDER.indexOf(severity)) {
            severity = kindSeverity;
          }
        }
        decoded += decodeTagCharacters(text);
      }
      if (severity === null) continue;
      // Tag characters that spell out an instruction are poisoning, not an accident.
      if (decoded.length > 0 && POISONING_PATTERNS.some(({ pattern }) => pattern.test(decoded)))
        severity = 'critical';
      findings.push(
        createFinding(toolHiddenUnicodeCheck, observation, {
          subject,
          severity,
          message: `${subject === '(server instructions)' ? 'The server instructions contain' : `Tool ${quote(subject)} contains`} invisible or direction-changing characters (${Object.entries(
            counts,
          )
            .map(([kind, n]) => `${n} ${kind}`)
            .join(', ')}) that a reviewer does not see but the model reads.`,
          evidence: {
            counts,
            fields: [...where].slice(0, 10),
            ...(decoded.length > 0 ? { decodedTagText: escapeText(decoded, 300) } : {}),
          },
        }),
      );
    }
    return findings;
  },
};
