import type { Observation, ToolInfo } from '../../scan/observation.ts';
import { collectSchemaPropertyNames } from '../classify-tool.ts';
import { createFinding, escapeText, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';

/** Words that make a sentence an instruction about behaviour rather than a description. */
const DIRECTIVE =
  /\b(must|always|never|instead|whenever|before (using|calling)|after (using|calling)|when (using|calling)|do not|don't|make sure|ensure|required to)\b/i;
/** Talk about tools or servers other than this one. */
const OTHER_TOOLS = /\b(other|another|additional)( \w+)? (mcp )?(tools?|servers?|functions?)\b/i;
/** A directive that only holds the model back ("do not call other tools") steers less than one that redirects. */
const RESTRICTIVE = /\b(must not|do not|don't|never|should not)\b/i;
/** What makes shadowing harmful: redirecting data or hiding the change. */
const REDIRECT =
  /\b(send|forward|bcc|cc|redirect|proxy|recipient|exfiltrate|upload|copy)\b|\b(do not|don't|never) (tell|mention|inform)\b/i;
/** Rewriting how another tool behaves, as opposed to pointing at it ("use X for small edits"). */
const BEHAVIOUR_CHANGE = /\b(whenever|every time|each time)\b|\bchanges? (how|the way)\b|\boverrides?\b/i;
/** Identifiers that look like tool names: snake_case, kebab-case or dotted, in quotes or backticks. */
const QUOTED_IDENTIFIER = /[`'"]([A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)+)[`'"]/g;

interface Reference {
  sentence: string;
  names: string[];
  /** Tools of this same server whose behaviour the sentence rewrites. */
  siblings: string[];
  crossTool: boolean;
  redirect: boolean;
  restrictive: boolean;
}

function mentions(sentence: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`).test(sentence);
}

function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+|\n/)
    .slice(0, 200);
}

/** Sentences of a description that direct the model about other tools than those of this server. */
export function findShadowing(tool: ToolInfo, serverTools: ReadonlySet<string>): Reference[] {
  if (typeof tool.description !== 'string') return [];
  const ownProperties = new Set(collectSchemaPropertyNames(tool.inputSchema));
  const references: Reference[] = [];
  for (const sentence of sentences(tool.description.slice(0, 50_000))) {
    if (!DIRECTIVE.test(sentence)) continue;
    const names = [...sentence.matchAll(QUOTED_IDENTIFIER)]
      .map((m) => m[1] ?? '')
      .filter((name) => name !== tool.name && !serverTools.has(name) && !ownProperties.has(name))
      .filter(
        (name) => !/^(https?|www)\b|\.(js|ts|json|md|py|txt|yml|yaml|pdf|docx?|csv|html?)$/i.test(name),
      );
    const crossTool = OTHER_TOOLS.test(sentence);
    const redirect = REDIRECT.test(sentence);
    // A sibling tool counts only when the sentence rewrites its behaviour or redirects its data.
    const siblings =
      redirect || BEHAVIOUR_CHANGE.test(sentence)
        ? [...serverTools].filter((name) => name !== tool.name && mentions(sentence, name)).slice(0, 10)
        : [];
    if (names.length === 0 && siblings.length === 0 && !crossTool) continue;
    references.push({
      sentence: escapeText(sentence, 240),
      names: names.slice(0, 10),
      siblings,
      crossTool,
      redirect,
      restrictive: RESTRICTIVE.test(sentence),
    });
  }
  return references;
}

export const toolShadowingCheck: Check = {
  id: 'tool-shadowing',
  title: 'Tool description directs the use of other tools (shadowing)',
  severity: 'medium',
  cwe: ['CWE-1427', 'CWE-441'],
  owaspMcp: ['MCP03', 'MCP06'],
  remediation:
    'A tool should describe itself only. Instructions about other tools or servers let one server change how the agent uses another (e.g. redirecting email recipients). Remove them, and isolate this server from agents that hold sensitive tools.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const serverTools = new Set(observation.tools.map((t) => t.name));
    const findings: Finding[] = [];
    for (const tool of observation.tools) {
      const references = findShadowing(tool, serverTools);
      if (references.length === 0) continue;
      // Redirecting data through another tool is the attack; naming tools the server lacks is suspicious;
      // telling the model to hold back from other tools is steering, but mostly harmless.
      const severity: Severity = references.some((r) => r.redirect)
        ? 'high'
        : references.some((r) => r.names.length > 0 || !r.restrictive)
          ? 'medium'
          : 'low';
      const names = [...new Set(references.flatMap((r) => r.names))];
      const siblings = [...new Set(references.flatMap((r) => r.siblings))];
      const about =
        names.length > 0
          ? `tools this server does not have (${names.slice(0, 5).join(', ')})`
          : siblings.length > 0
            ? `how other tools behave (${siblings.slice(0, 5).join(', ')})`
            : 'other tools or servers';
      findings.push(
        createFinding(toolShadowingCheck, observation, {
          subject: tool.name,
          severity,
          message: `Tool ${quote(tool.name)} gives the model directions about ${about}${severity === 'high' ? ', including redirecting data' : ''}.`,
          evidence: { references: references.slice(0, 5) },
        }),
      );
    }
    return findings;
  },
};
