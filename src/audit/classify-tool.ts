import type { ToolInfo } from '../scan/observation.ts';
import {
  CAPABILITY_CATALOG,
  type CapabilityCategory,
  type CatalogEntry,
  CLASSIFY_THRESHOLD,
  DESCRIPTION_LEAD_CHARS,
  type WeightedPattern,
} from './capability-catalog.ts';

export interface ToolClassification {
  category: CapabilityCategory;
  /** 0..1: the capped score of the signals that matched. */
  confidence: number;
  /** Which signals matched, for the finding's evidence. */
  reasons: string[];
}

/** Bounds for hostile tool definitions: descriptions and schemas come from the scanned server. */
const MAX_TEXT_CHARS = 20_000;
const MAX_SCHEMA_DEPTH = 8;
const MAX_SCHEMA_PROPERTIES = 500;
const REQUIRED_INPUT_BONUS = 0.1;

/** `readTextFile`, `read_text-file`, `API-post-search` -> `read text file`, `api post search`. */
export function normalizeToolName(name: string): string {
  return name
    .slice(0, 500)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Every property name in an input schema, nested objects and arrays included (bounded). */
export function collectSchemaPropertyNames(schema: unknown): string[] {
  const names: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > MAX_SCHEMA_DEPTH || names.length >= MAX_SCHEMA_PROPERTIES) return;
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const properties = record.properties;
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [key, child] of Object.entries(properties)) {
        if (names.length >= MAX_SCHEMA_PROPERTIES) return;
        names.push(key);
        visit(child, depth + 1);
      }
    }
    for (const key of ['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties'])
      visit(record[key], depth + 1);
  };
  visit(schema, 0);
  return names;
}

/** Names the schema lists as required at its top level. */
function topLevelRequired(schema: unknown): Set<string> {
  if (schema === null || typeof schema !== 'object') return new Set();
  const required = (schema as Record<string, unknown>).required;
  if (!Array.isArray(required)) return new Set();
  return new Set(
    required.filter((name): name is string => typeof name === 'string').slice(0, MAX_SCHEMA_PROPERTIES),
  );
}

function bestMatch(patterns: readonly WeightedPattern[], text: string): WeightedPattern | null {
  let best: WeightedPattern | null = null;
  for (const candidate of patterns) {
    if (candidate.pattern.test(text) && (best === null || candidate.weight > best.weight)) best = candidate;
  }
  return best;
}

interface ToolText {
  name: string;
  description: string;
  properties: string[];
  required: Set<string>;
  annotations: Record<string, unknown>;
}

function toolText(tool: ToolInfo): ToolText {
  const title = typeof tool.title === 'string' ? ` ${tool.title}` : '';
  const description = typeof tool.description === 'string' ? tool.description : '';
  return {
    name: normalizeToolName(`${String(tool.name)}${title}`),
    description: description.slice(0, MAX_TEXT_CHARS).replace(/\s+/g, ' ').trim().toLowerCase(),
    properties: collectSchemaPropertyNames(tool.inputSchema),
    required: topLevelRequired(tool.inputSchema),
    annotations: tool.annotations ?? {},
  };
}

function scoreEntry(entry: CatalogEntry, text: ToolText): ToolClassification | null {
  const reasons: string[] = [];
  let score = 0;

  // Name signals add up: `puppeteer` and `navigate` together say more than either alone.
  for (const candidate of entry.name) {
    if (!candidate.pattern.test(text.name)) continue;
    score += candidate.weight;
    reasons.push(`name matches ${candidate.pattern.source}`);
  }

  let description: { weight: number; source: string } | null = null;
  for (const candidate of entry.description) {
    const match = candidate.pattern.exec(text.description);
    if (match === null) continue;
    const weight = match.index < DESCRIPTION_LEAD_CHARS ? candidate.weight : candidate.weight / 2;
    if (description === null || weight > description.weight) {
      description = { weight, source: `description mentions "${match[0].slice(0, 80)}"` };
    }
  }
  if (description !== null) {
    score += description.weight;
    reasons.push(description.source);
  }

  let property: { weight: number; name: string } | null = null;
  for (const propertyName of text.properties) {
    const match = bestMatch(entry.schemaProperty, propertyName);
    // A required input is what the tool is about; an optional one may be incidental.
    const weight =
      match === null ? 0 : match.weight + (text.required.has(propertyName) ? REQUIRED_INPUT_BONUS : 0);
    if (match !== null && (property === null || weight > property.weight))
      property = { weight, name: propertyName };
  }
  if (property !== null) {
    score += property.weight;
    reasons.push(`input has property "${property.name.slice(0, 80)}"`);
  }

  if (score <= 0) return null;
  // Positive evidence saturates at 1 before context and annotations weigh in.
  score = Math.min(1, score);

  const context = bestMatch(
    (entry.context ?? []).map((c) => ({ pattern: c.pattern, weight: -c.weight })),
    `${text.name} ${text.description.slice(0, DESCRIPTION_LEAD_CHARS)}`,
  );
  if (context !== null) {
    score -= context.weight;
    reasons.push(`context ${context.pattern.source} weighs ${-context.weight}`);
  }

  for (const [hint, adjust] of Object.entries(entry.annotations ?? {})) {
    const value = text.annotations[hint];
    const delta = value === true ? adjust.ifTrue : value === false ? adjust.ifFalse : undefined;
    if (delta !== undefined) {
      score += delta;
      reasons.push(`annotation ${hint}=${String(value)} weighs ${delta}`);
    }
  }

  if (score < CLASSIFY_THRESHOLD) return null;
  return { category: entry.id, confidence: Math.min(1, Math.round(score * 100) / 100), reasons };
}

/**
 * What a tool can do, by capability category, from its name, description, input schema and
 * annotations. Pure; never throws on hostile input. Sorted by confidence, highest first.
 */
export function classifyTool(tool: ToolInfo): ToolClassification[] {
  const text = toolText(tool);
  const results: ToolClassification[] = [];
  for (const entry of CAPABILITY_CATALOG) {
    const result = scoreEntry(entry, text);
    if (result !== null) results.push(result);
  }
  return results.sort((a, b) => b.confidence - a.confidence);
}
