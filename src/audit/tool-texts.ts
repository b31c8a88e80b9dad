import type { Observation, ToolInfo } from '../scan/observation.ts';
import { escapeText } from './create-finding.ts';

/** One piece of server-supplied text that a model will read, and where it came from. */
export interface TextField {
  /** e.g. `description`, `inputSchema.properties.notes.description`. */
  field: string;
  text: string;
}

const MAX_FIELDS = 200;
const MAX_DEPTH = 8;
const MAX_TEXT = 50_000;

/** Every string in a schema that a model reads: property descriptions, titles, defaults, enums (bounded). */
function schemaTexts(schema: unknown, path: string, out: TextField[], depth: number): void {
  if (depth > MAX_DEPTH || out.length >= MAX_FIELDS || schema === null || typeof schema !== 'object') return;
  if (Array.isArray(schema)) {
    for (const [index, item] of schema.entries()) schemaTexts(item, `${path}[${index}]`, out, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (out.length >= MAX_FIELDS) return;
    const childPath = `${path}.${key}`;
    if (typeof value === 'string' && ['description', 'title', 'default', 'examples', 'const'].includes(key)) {
      out.push({ field: childPath, text: value.slice(0, MAX_TEXT) });
    } else if (key === 'enum' && Array.isArray(value)) {
      for (const item of value)
        if (typeof item === 'string') out.push({ field: childPath, text: item.slice(0, MAX_TEXT) });
    } else if (typeof value === 'object') {
      schemaTexts(value, childPath, out, depth + 1);
    }
  }
}

/** The text fields of a tool a model reads: name, title, description, and strings in its input schema. */
export function toolTextFields(tool: ToolInfo): TextField[] {
  const out: TextField[] = [{ field: 'name', text: String(tool.name).slice(0, MAX_TEXT) }];
  if (typeof tool.title === 'string') out.push({ field: 'title', text: tool.title.slice(0, MAX_TEXT) });
  if (typeof tool.description === 'string')
    out.push({ field: 'description', text: tool.description.slice(0, MAX_TEXT) });
  schemaTexts(tool.inputSchema, 'inputSchema', out, 0);
  return out;
}

/** Subjects to scan for poisoning: every tool, plus the server's own instructions. */
export function poisoningSubjects(observation: Observation): { subject: string; fields: TextField[] }[] {
  const subjects = observation.tools.map((tool) => ({ subject: tool.name, fields: toolTextFields(tool) }));
  if (typeof observation.instructions === 'string' && observation.instructions.length > 0) {
    subjects.push({
      subject: '(server instructions)',
      fields: [{ field: 'instructions', text: observation.instructions.slice(0, MAX_TEXT) }],
    });
  }
  return subjects;
}

/** A short, escaped excerpt around a match, safe to put in evidence. */
export function excerpt(text: string, index: number, length: number, radius = 40): string {
  const start = Math.max(0, index - radius);
  const end = Math.min(text.length, index + length + radius);
  return escapeText(text.slice(start, end), end - start);
}
