import { createHash } from 'node:crypto';
import type { ToolInfo } from '../scan/observation.ts';

/**
 * Canonical JSON text: object keys sorted (UTF-16 order) at every depth, no whitespace. Built as a
 * string because a JS object always lists integer-like keys first, whatever order they were set in.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A tool's identity for diffs: SHA-256 (hex) of the canonical JSON of its name, description and
 * input schema. Title, annotations and output schema do not count: the rug pull that matters is a
 * change in what the model is told and what it may send. Same definition as the audit's baseline
 * check (src/audit/tool-identity.ts), so `diff` and `--baseline` agree.
 */
export function toolHash(tool: Pick<ToolInfo, 'name' | 'description' | 'inputSchema'>): string {
  const text = canonical({
    name: tool.name,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema ?? null,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
