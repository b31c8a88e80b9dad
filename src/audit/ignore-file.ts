import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LockdownError } from '../errors.ts';
import { describeIssues } from '../policy/describe-issue.ts';
import { globMatch, patternProblem } from '../policy/glob.ts';
import { findCheck } from './checks/index.ts';
import type { Finding } from './finding.ts';

/**
 * The ignore file (docs/ignore-file.md): named findings on named targets are suppressed, each with a
 * reason; suppressed findings still appear in reports, listed apart with that reason.
 */
export interface SuppressionRule {
  check: string;
  /** A target URL, or a glob over it (`*` any run of characters, `?` one character). */
  target: string;
  /** A finding subject (tool name, header...); omitted means every subject. */
  subject: string | null;
  reason: string;
  /** End of validity (UTC); after it the rule no longer suppresses. */
  expires: Date | null;
  /** Position in the file (0-based), for messages. */
  index: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const dateSchema = z.union([z.string(), z.date()]).transform((value, ctx) => {
  // A bare date means "through that day": the rule expires at the end of it, UTC.
  const text = value instanceof Date ? value.toISOString() : value.trim();
  const date = DATE_ONLY.test(text) ? new Date(`${text}T23:59:59.999Z`) : new Date(text);
  if (Number.isNaN(date.getTime())) {
    ctx.issues.push({ code: 'custom', message: 'expected a date such as 2026-12-31', input: value });
    return z.NEVER;
  }
  return date;
});

const entrySchema = z.strictObject({
  check: z
    .string()
    .min(1)
    .refine((id) => id === '*' || findCheck(id) !== undefined, { message: 'unknown check id' }),
  target: z
    .string()
    .min(1)
    .refine((pattern) => patternProblem(pattern) === null, { message: 'invalid target pattern' }),
  subject: z.string().min(1).optional(),
  reason: z.string().trim().min(1, { message: 'a reason is required' }),
  expires: dateSchema.optional(),
});

const fileSchema = z.union([z.array(entrySchema), z.strictObject({ ignore: z.array(entrySchema) })]);

/** Parse and validate ignore-file text (YAML or JSON); throws ERR_INVALID_CONFIG naming entry and key. */
export function parseIgnoreFile(text: string, source = 'ignore file'): SuppressionRule[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new LockdownError('ERR_INVALID_CONFIG', `${source}: not valid YAML: ${(error as Error).message}`);
  }
  if (raw === null || raw === undefined) return [];
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error.issues).map((line) =>
      line.replace(/^(ignore)?\[(\d+)\]/, 'entry $2'),
    );
    throw new LockdownError('ERR_INVALID_CONFIG', `${source}: ${lines.join('; ')}`, { problems: lines });
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.ignore;
  return entries.map((entry, index) => ({
    check: entry.check,
    target: entry.target,
    subject: entry.subject ?? null,
    reason: entry.reason,
    expires: entry.expires ?? null,
    index,
  }));
}

function targetMatches(pattern: string, target: string): boolean {
  return /[*?]/.test(pattern)
    ? globMatch(pattern, target)
    : pattern.replace(/\/+$/, '') === target.replace(/\/+$/, '');
}

/** Whether a rule mutes a finding on a target at a given time. */
export function ruleMatches(rule: SuppressionRule, finding: Finding, target: string, now: Date): boolean {
  if (rule.expires !== null && now.getTime() > rule.expires.getTime()) return false;
  if (rule.check !== '*' && rule.check !== finding.checkId) return false;
  if (rule.subject !== null && rule.subject !== finding.subject) return false;
  return targetMatches(rule.target, target);
}

/** Split findings of one target into those that remain and those an unexpired rule suppresses. */
export function applySuppressions(
  findings: readonly Finding[],
  target: string,
  rules: readonly SuppressionRule[],
  now: Date = new Date(),
): { findings: Finding[]; suppressed: { finding: Finding; reason: string }[] } {
  const kept: Finding[] = [];
  const suppressed: { finding: Finding; reason: string }[] = [];
  for (const finding of findings) {
    const rule = rules.find((candidate) => ruleMatches(candidate, finding, target, now));
    if (rule === undefined) kept.push(finding);
    else suppressed.push({ finding, reason: rule.reason });
  }
  return { findings: kept, suppressed };
}

/** Rules past their expiry date, so the CLI can warn that they no longer apply. */
export function expiredRules(rules: readonly SuppressionRule[], now: Date = new Date()): SuppressionRule[] {
  return rules.filter((rule) => rule.expires !== null && now.getTime() > rule.expires.getTime());
}
