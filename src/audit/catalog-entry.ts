import type { Severity } from './finding.ts';

/**
 * The capability catalog: what a tool can do, recognised from its name, description and input schema.
 * This file is data, not logic: classify-tool.ts scores every category the same way from these lists.
 * Precision and recall against a hand-labelled corpus of real tools are in docs/capability-catalog.md.
 */

export const CAPABILITY_CATEGORIES = [
  'command-execution',
  'code-execution',
  'file-read',
  'file-write',
  'database-query',
  'cloud-infrastructure',
  'network-fetch',
  'secrets-credentials',
  'messaging-email',
  'payments-finance',
  'browser-automation',
  'paid-compute',
] as const;

export type CapabilityCategory = (typeof CAPABILITY_CATEGORIES)[number];

/** One signal: a pattern and how much it adds to (or, negative, takes from) the category's score. */
export interface WeightedPattern {
  pattern: RegExp;
  weight: number;
}

export interface CatalogEntry {
  id: CapabilityCategory;
  title: string;
  /** Severity of exposing this capability to anyone who can reach the server. */
  severity: Severity;
  cwe: string[];
  owaspMcp: string[];
  /** Why an exposed tool of this kind is dangerous, in one sentence (used in findings and docs). */
  risk: string;
  remediation: string;
  /** Matched against the tool name (and title) split into lower-case words: `readTextFile` -> `read text file`. */
  name: WeightedPattern[];
  /** Matched against the lower-cased description; matches past the lead are worth half. */
  description: WeightedPattern[];
  /** Matched against every input property name (nested too), exactly as written, case-insensitive. */
  schemaProperty: WeightedPattern[];
  /** Matched against name and description; usually negative (e.g. a file in a remote repository). */
  context?: WeightedPattern[];
  /** Score added when an annotation hint is true / false. */
  annotations?: Partial<
    Record<'readOnlyHint' | 'destructiveHint' | 'openWorldHint', { ifTrue?: number; ifFalse?: number }>
  >;
}

/** A category is reported when its score reaches this; the score (capped at 1) is the confidence. */
export const CLASSIFY_THRESHOLD = 0.5;

/** How much of the description counts as its lead (full weight); the rest often names other tools. */
export const DESCRIPTION_LEAD_CHARS = 200;

/** A pattern and how much it counts toward a category. */
export const p = (pattern: RegExp, weight: number): WeightedPattern => ({ pattern, weight });

/** Remote code hosts: "a file in a GitHub repository" is not the server's own file system. */
export const REMOTE_REPOSITORY = p(
  /\b(github|gitlab|bitbucket|repository|repositories|repo|git project)\b/,
  -0.6,
);

/** A description that shows a `curl` call to an HTTP API documents a remote resource ("create a file"
 * there is an API object), not the server's own disk. */
export const REMOTE_API_EXAMPLE = p(/\bcurl\b|\bhttps?:\/\/api\./, -0.6);
