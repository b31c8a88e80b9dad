import { createHash } from 'node:crypto';
import type { ToolInfo } from '../scan/observation.ts';
import { sortKeysDeep } from './render-json.ts';

/**
 * A tool's identity for diffs: SHA-256 (hex) of the canonical JSON (keys sorted recursively) of
 * its name, description and input schema. Title, annotations and output schema do not count:
 * the rug pull that matters is a change in what the model is told and what it may send.
 */
export function toolHash(tool: Pick<ToolInfo, 'name' | 'description' | 'inputSchema'>): string {
  const canonical = JSON.stringify(
    sortKeysDeep({
      name: tool.name,
      description: tool.description ?? null,
      inputSchema: tool.inputSchema ?? null,
    }),
  );
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
