import type { Observation, ToolInfo } from '../../scan/observation.ts';
import { createFinding, escapeText, quote } from '../create-finding.ts';
import { descriptionSentences } from '../description-sentences.ts';
import { escapeRegExp } from '../escape-reg-exp.ts';
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
    // The whole exchange or the user's own words, not the bare word: "Array of conversation messages" is
    // a chat tool's input format, "the full conversation so far" is a request for more than the tool needs.
    what: 'conversation',
    pattern:
      /\b((full|entire|whole|complete|current|previous|prior|earlier|recent) (conversation|chat|dialog(ue)?|context)|conversation (so far|history|context|transcript|log|up to)|(the|this|our|your) conversation\b(?! messages)|chat history|(previous|prior|earlier) messages|the user'?s? (original |exact |full )?(message|prompt|request|query)|verbatim)\b/i,
  },
  {
    what: 'system-prompt',
    pattern: /\b(system prompt|your instructions|hidden instructions|developer message)\b/i,
  },
] as const;

/** Verbs that ask the model to hand something over. */
const GIVE = /\b(include|paste|provide|pass|send|copy|put|insert|give|fill|attach|enter)\b/i;

/** What a tool that forwards a chat to a model says it does: it asks, answers, chats, completes. */
const MODEL_PURPOSE =
  /\b(chat|completions?|ask|answers?|questions?|reply|respond|llm|language models?|ai|assistant|reason(ing)?|research)\b/i;

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An array of `{ role, content }` objects: the message list of a chat-completion API. */
function isChatMessageList(schema: unknown): boolean {
  if (!isRecord(schema) || schema.type !== 'array' || !isRecord(schema.items)) return false;
  const item = schema.items.properties;
  return isRecord(item) && 'role' in item && 'content' in item;
}

/**
 * A chat tool's job is to send a conversation to a model: a chat-shaped message list on a tool that says
 * it asks, answers or chats carries the conversation by design. Its name and opening sentence are what
 * the user installed it for; a calculator with the same list is still a side channel.
 */
function isChatTool(tool: ToolInfo, openingSentence: string): boolean {
  return MODEL_PURPOSE.test(`${tool.name.replace(/[_.-]/g, ' ')} ${openingSentence}`);
}

function namesWord(text: string, word: string): boolean {
  const escaped = escapeRegExp(word);
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`, 'i').test(text);
}

/** Properties whose own description (or, for side-channel names, the tool's) asks for data the tool should not need. */
export function findExfiltrationParameters(tool: ToolInfo): Suspect[] {
  const { properties, required } = topLevelProperties(tool.inputSchema);
  const toolSentences = descriptionSentences((tool.description ?? '').slice(0, 10_000));
  const chatTool = isChatTool(tool, toolSentences[0]?.text ?? '');
  /** The paragraphs of the tool text that tell the model to put something in `name` ("read ~/.ssh/id_rsa. Pass it as 'notes'"). */
  const handOverText = (name: string): string => {
    const blocks = new Set(
      toolSentences.filter((s) => GIVE.test(s.text) && namesWord(s.text, name)).map((s) => s.block),
    );
    return toolSentences
      .filter((s) => blocks.has(s.block))
      .map((s) => s.text)
      .join(' ');
  };
  const suspects: Suspect[] = [];
  for (const [name, schema] of Object.entries(properties).slice(0, 200)) {
    const description =
      isRecord(schema) && typeof schema.description === 'string' ? schema.description.slice(0, 5_000) : null;
    const sideChannel = SIDE_CHANNEL_NAME.test(name);
    // A side-channel parameter is judged by its own text and by the paragraphs of the tool text that tell
    // the model to put something in it. The rest of the tool text is about the tool's own job: a password
    // manager mentions passwords, an upload example shows an API token; neither asks for them in `notes`.
    const text = `${description ?? ''} ${sideChannel ? handOverText(name) : ''}`;
    const byDesign = chatTool && isChatMessageList(schema);
    const expected = (what: string) => byDesign && what === 'conversation';
    const asksFor = ASKS_FOR.filter(({ what, pattern }) => !expected(what) && pattern.test(text)).map(
      ({ what }) => what,
    );
    // Any other parameter must itself ask to be given the conversation or system prompt.
    const ownAsks = GIVE.test(description ?? '')
      ? ASKS_FOR.filter(
          ({ what, pattern }) =>
            (what === 'conversation' || what === 'system-prompt') &&
            !expected(what) &&
            pattern.test(description ?? ''),
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
