import type { Observation } from '../../scan/observation.ts';
import { createFinding, escapeText, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';
import { POISONING_PATTERNS } from '../poisoning-patterns.ts';
import { excerpt, poisoningSubjects } from '../tool-texts.ts';

interface Concealed {
  kind: 'html-comment' | 'base64' | 'hex' | 'data-uri';
  field: string;
  length: number;
  excerpt: string;
  decodedPreview?: string;
  decodedIsInstruction: boolean;
}

const HTML_COMMENT = /<!--([\s\S]{0,5000}?)-->/g;
const DATA_URI = /data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=]{40,}/g;
/** Long runs of base64 with mixed case and digits: English words and paths do not look like this. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{80,}={0,2}/g;
const HEX_RUN = /\b(?:0x)?[0-9a-fA-F]{96,}\b/g;

/** Only prose fields: defaults and examples may legitimately hold encoded sample data. */
function isProseField(field: string): boolean {
  return (
    field === 'description' || field === 'title' || field === 'instructions' || field.endsWith('.description')
  );
}

function printableShare(text: string): number {
  if (text.length === 0) return 0;
  let printable = 0;
  for (const char of text) if (/[\x20-\x7E\n\t]/.test(char)) printable += 1;
  return printable / text.length;
}

function decodeBase64Text(blob: string): string | null {
  const decoded = Buffer.from(blob.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return printableShare(decoded) > 0.9 ? decoded : null;
}

function decodeHexText(blob: string): string | null {
  const hex = blob.replace(/^0x/i, '');
  const decoded = Buffer.from(hex.length % 2 === 0 ? hex : hex.slice(1), 'hex').toString('utf8');
  return printableShare(decoded) > 0.9 ? decoded : null;
}

function isInstruction(text: string): boolean {
  return POISONING_PATTERNS.some(({ pattern }) => pattern.test(text.replace(/\s+/g, ' ')));
}

function preview(text: string): string {
  return escapeText(text, 200);
}

/** Comments and encoded blobs in prose fields, decoded where they decode to text. */
export function findConcealedContent(fields: readonly { field: string; text: string }[]): Concealed[] {
  const found: Concealed[] = [];
  for (const { field, text } of fields) {
    if (!isProseField(field)) continue;
    for (const match of text.matchAll(HTML_COMMENT)) {
      const body = match[1] ?? '';
      found.push({
        kind: 'html-comment',
        field,
        length: match[0].length,
        excerpt: excerpt(text, match.index, Math.min(match[0].length, 200), 0),
        decodedPreview: preview(body),
        decodedIsInstruction: isInstruction(body),
      });
    }
    const withoutDataUris = text.replace(DATA_URI, (uri) => {
      found.push({
        kind: 'data-uri',
        field,
        length: uri.length,
        excerpt: preview(uri.slice(0, 80)),
        decodedIsInstruction: false,
      });
      return ' ';
    });
    for (const match of withoutDataUris.matchAll(BASE64_RUN)) {
      const blob = match[0];
      if (!(/[A-Z]/.test(blob) && /[a-z]/.test(blob) && /[0-9]/.test(blob))) continue;
      const decoded = decodeBase64Text(blob);
      found.push({
        kind: 'base64',
        field,
        length: blob.length,
        excerpt: preview(blob.slice(0, 60)),
        ...(decoded === null ? {} : { decodedPreview: preview(decoded) }),
        decodedIsInstruction: decoded !== null && isInstruction(decoded),
      });
    }
    for (const match of withoutDataUris.matchAll(HEX_RUN)) {
      const decoded = decodeHexText(match[0]);
      found.push({
        kind: 'hex',
        field,
        length: match[0].length,
        excerpt: preview(match[0].slice(0, 60)),
        ...(decoded === null ? {} : { decodedPreview: preview(decoded) }),
        decodedIsInstruction: decoded !== null && isInstruction(decoded),
      });
    }
  }
  return found;
}

export const toolHiddenContentCheck: Check = {
  id: 'tool-hidden-content',
  title: 'Comments or encoded blobs in tool descriptions',
  severity: 'medium',
  cwe: ['CWE-1427', 'CWE-506'],
  owaspMcp: ['MCP03'],
  remediation:
    'Tool descriptions are read by the model, not rendered: an HTML comment or an encoded blob is content hidden from human review. Remove it, or do not connect the server until it is explained.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const findings: Finding[] = [];
    for (const { subject, fields } of poisoningSubjects(observation)) {
      const concealed = findConcealedContent(fields);
      if (concealed.length === 0) continue;
      const severity: Severity = concealed.some((c) => c.decodedIsInstruction) ? 'high' : 'medium';
      findings.push(
        createFinding(toolHiddenContentCheck, observation, {
          subject,
          severity,
          message: `${subject === '(server instructions)' ? 'The server instructions contain' : `Tool ${quote(subject)} contains`} content hidden from a human reader: ${[...new Set(concealed.map((c) => c.kind))].join(', ')}${severity === 'high' ? ', which decodes to instructions for the model' : ''}.`,
          evidence: { concealed: concealed.slice(0, 10) },
        }),
      );
    }
    return findings;
  },
};
