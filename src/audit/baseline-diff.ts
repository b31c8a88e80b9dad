import type { Observation, ToolInfo } from '../scan/observation.ts';
import { toolIdentity } from './tool-identity.ts';

export interface ToolChange {
  name: string;
  before: string;
  after: string;
  /** Which of the identity's parts differ. */
  changed: ('description' | 'inputSchema')[];
}

export interface ToolDrift {
  added: ToolInfo[];
  removed: ToolInfo[];
  changed: ToolChange[];
}

function byName(tools: readonly ToolInfo[]): Map<string, ToolInfo> {
  const map = new Map<string, ToolInfo>();
  for (const tool of tools) if (!map.has(tool.name)) map.set(tool.name, tool);
  return map;
}

/** Tool drift between a baseline observation and the current one, matched by tool name. */
export function diffTools(baseline: Observation, current: Observation): ToolDrift {
  const before = byName(baseline.tools);
  const after = byName(current.tools);
  const drift: ToolDrift = { added: [], removed: [], changed: [] };
  for (const [name, tool] of after) {
    const old = before.get(name);
    if (old === undefined) {
      drift.added.push(tool);
      continue;
    }
    const beforeId = toolIdentity(old);
    const afterId = toolIdentity(tool);
    if (beforeId === afterId) continue;
    const changed: ToolChange['changed'] = [];
    if ((old.description ?? null) !== (tool.description ?? null)) changed.push('description');
    if (
      toolIdentity({ name, description: null, inputSchema: old.inputSchema }) !==
      toolIdentity({ name, description: null, inputSchema: tool.inputSchema })
    ) {
      changed.push('inputSchema');
    }
    drift.changed.push({ name, before: beforeId, after: afterId, changed });
  }
  for (const [name, tool] of before) if (!after.has(name)) drift.removed.push(tool);
  return drift;
}

/** Whether both observations listed tools, so a comparison means something. */
export function comparable(baseline: Observation | null, current: Observation): baseline is Observation {
  return baseline !== null && baseline.status === 'mcp-open' && current.status === 'mcp-open';
}
