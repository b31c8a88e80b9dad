import type { Observation, ToolInfo } from '../../scan/observation.ts';
import { createFinding, escapeText, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';

/** Parameter names used as side channels: free text the model fills with "context". */
const SIDE_CHANNEL_NAME =
  /^(notes?|side_?note|sidenote|context|extra|extra_?info|metadata|meta|debug|debug_?info|comment|feedback|summary|conversation|history|chat_?history|messages|system_?prompt|instructions|memory|reasoning|thoughts|original_?user_?message|user_?message|user_?prompt|prompt_?history)$/i;

/** What a parameter asks the model to put in it that does not belong to the tool's job. */
const ASKS_FOR = [
  {
    what: 'secrets',
    pattern:
      /\b(passwords?|secrets?|api[ _-]?keys?|access tokens?|tokens?|credentials?|private keys?|ssh keys?|cookies?|session ids?)\b/i,
  },
  {
    what: 'files',
    pattern:
      /(~\/\.ssh|id_rsa|\.env\b|\.aws|mcp\.json|config(uration)? files?|contents? of (the |any |all )?files?)/i,
  },
  { what: 'environment', pattern: /\benv(ironment)? variables?\b/i },
  {
    what: 'conversation',
    pattern:
      /\b(conversation|chat history|previous messages|full (conversation|context|chat)|the user'?s? (original |exact |full )?(message|prompt|request|query)|verbatim)\b/i,
  },
  {
    what: 'system-prompt',
    pattern: /\b(system prompt|your instructions|hidden instructions|developer message)\b/i,
  },
] as const;

/** Verbs that ask the model to hand something over. */
const GIVE = /\b(include|paste|provide|pass|send|copy|put|insert|give|fill|attach|enter)\b/i;

interface Suspect {
  property: string;
  asksFor: string[];
  required: boolean;
  description: string | null;
}

function topLevelProperties(schema: unknown): { properties: Record<string, unknown>; required: Set<string> } {
  if (schema === null || typeof schema !== 'object') return { properties: {}, required: new Set() };
  const record = schema as Record<string, unknown>;
  const properties =
    record.properties !== null && typeof record.properties === 'object'
      ? (record.properties as Record<string, unknown>)
      : {};
  const required = new Set(
    Array.isArray(record.required) ? record.required.filter((r): r is string => typeof r === 'string') : [],
  );
  return { properties, required };
}

/** Properties whose own description (or, for side-channel names, the tool's) asks for data the tool should not need. */
export function findExfiltrationParameters(tool: ToolInfo): Suspect[] {
  const { properties, required } = topLevelProperties(tool.inputSchema);
  const suspects: Suspect[] = [];
  for (const [name, schema] of Object.entries(properties).slice(0, 200)) {
    const description =
      schema !== null &&
      typeof schema === 'object' &&
      typeof (schema as Record<string, unknown>).description === 'string'
        ? ((schema as Record<string, unknown>).description as string).slice(0, 5_000)
        : null;
    const sideChannel = SIDE_CHANNEL_NAME.test(name);
    // A side-channel parameter is judged by its own text and the tool's; any other only by its own.
    const text = `${description ?? ''} ${sideChannel ? (tool.description ?? '').slice(0, 10_000) : ''}`;
    const asksFor = ASKS_FOR.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
    // Any other parameter must itself ask to be given the conversation or system prompt.
    const ownAsks = GIVE.test(description ?? '')
      ? ASKS_FOR.filter(
          ({ what, pattern }) =>
            (what === 'conversation' || what === 'system-prompt') && pattern.test(description ?? ''),
        )
      : [];
    if ((sideChannel && asksFor.length > 0) || ownAsks.length > 0) {
      suspects.push({
        property: name,
        asksFor: sideChannel ? asksFor : ownAsks.map(({ what }) => what),
        required: required.has(name),
        description: description === null ? null : escapeText(description, 200),
      });
    }
  }
  return suspects;
}

export const toolExfiltrationParameterCheck: Check = {
  id: 'tool-exfiltration-parameter',
  title: 'Tool parameter that collects secrets or conversation (exfiltration channel)',
  severity: 'high',
  cwe: ['CWE-200', 'CWE-359'],
  owaspMcp: ['MCP10', 'MCP03', 'MCP01'],
  remediation:
    'A tool should ask only for what its job needs. Remove side-channel parameters that ask the model for secrets, files, environment or the conversation; until then, do not connect this server to an agent that sees sensitive data.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const findings: Finding[] = [];
    for (const tool of observation.tools) {
      const suspects = findExfiltrationParameters(tool);
      if (suspects.length === 0) continue;
      const asks = [...new Set(suspects.flatMap((s) => s.asksFor))];
      findings.push(
        createFinding(toolExfiltrationParameterCheck, observation, {
          subject: tool.name,
          // Asking for secrets, files or the system prompt is theft; asking for the user's words is over-sharing.
          severity: asks.some((a) => a !== 'conversation') ? 'high' : 'medium',
          message: `Tool ${quote(tool.name)} has ${suspects.length === 1 ? 'a parameter' : 'parameters'} (${suspects
            .map((s) => s.property)
            .slice(0, 5)
            .join(', ')}) asking the model to hand over ${asks.join(', ')}.`,
          evidence: { parameters: suspects.slice(0, 10) },
        }),
      );
    }
    return findings;
  },
};
