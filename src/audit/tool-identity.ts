import { createHash } from 'node:crypto';
import type { ToolInfo } from '../scan/observation.ts';

/**
 * JSON with object keys sorted at every depth and no whitespace, so that two servers (or two scans)
 * that describe the same tool in a different key order produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined and functions have no JSON form; they are dropped from objects and become null in arrays.
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined && typeof item !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * A tool's identity: SHA-256 (hex) of the canonical JSON of its name, description and input schema.
 * Any change to what the model reads about a tool changes it (the rug pull the baseline checks catch).
 */
export function toolIdentity(tool: Pick<ToolInfo, 'name' | 'description' | 'inputSchema'>): string {
  const canonical = canonicalJson({
    name: tool.name,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
