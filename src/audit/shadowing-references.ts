import type { ToolInfo } from '../scan/observation.ts';
import { collectSchemaPropertyNames } from './classify-tool.ts';
import { escapeText } from './create-finding.ts';
import { descriptionSentences } from './description-sentences.ts';
import { escapeRegExp } from './escape-reg-exp.ts';

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
/**
 * A hold-back that hands control to the user ("do not automatically run other tools", "until the user
 * says"): it narrows what the agent does on its own, the opposite of taking over another tool.
 */
const DEFERS_TO_USER =
  /\bautomatically\b|\b(until|unless)\b[^.]{0,80}\buser\b|\bwithout\b[^.]{0,40}\buser'?s? (approval|confirmation|consent|instruction|request)/i;
/** "Use this instead of X": competes for X's calls without touching what X does or where data goes. */
const SELF_PREFERENCE =
  /\b(use|call|prefer|choose|try) (this|this tool|this one|it)\b[^.]{0,60}\b(instead of|rather than|over)\b/i;
/** A preference stated for every case ("always use this instead of X") is a takeover, not a hint. */
const UNIVERSAL = /\b(always|all|every|any|never|whenever)\b/i;
/** Identifiers that look like tool names: snake_case, kebab-case or dotted, in quotes or backticks. */
const QUOTED_IDENTIFIER = /[`'"]([A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)+)[`'"]/g;
/** Unquoted snake_case ("when mcp_send_email is called"): only counted where the sentence is strong. */
const BARE_IDENTIFIER = /(?<![\w`'"./@-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w`'"/@-])/g;
const FILE_OR_URL = /^(https?|www)\b|\.(js|ts|json|md|py|txt|yml|yaml|pdf|docx?|csv|html?)$/i;
/** Nouns that say an identifier is something other than a tool: `predictions.create` operation, `id` field. */
const NOT_A_TOOL =
  'operations?|endpoints?|methods?|objects?|fields?|propert(y|ies)|param(eter)?s?|arguments?|attributes?|keys?|columns?|tables?|headers?|values?|variables?|flags?|options?|events?|types?|files?|director(y|ies)|folders?|modules?|packages?|class(es)?|resources?|records?';
const KIND_AFTER = new RegExp(`^\\s*\\)?\\s+(${NOT_A_TOOL})\\b`, 'i');
const KIND_BEFORE = new RegExp(`\\b(${NOT_A_TOOL})\\s*$`, 'i');
const TOOL_AFTER = /^\s+(tool|function)s?\b/i;
const TOOL_BEFORE = /\b(tool|function)s?\s*$/i;
/** `name='my-org'`, `key: 'value'`, "(e.g., 'my-project')": sample values, not references. */
const VALUE_OR_EXAMPLE_BEFORE = /([=:]\s*|\b(e\.g|i\.e|for example|for instance|example)\.?,?:?\s*\(?)$/i;

export interface Reference {
  sentence: string;
  names: string[];
  /** Tools of this same server whose behaviour the sentence rewrites. */
  siblings: string[];
  crossTool: boolean;
  redirect: boolean;
  restrictive: boolean;
  /** Only "use this instead of X", for a case, with nothing redirected or rewritten. */
  preference: boolean;
}

function mentions(sentence: string, name: string): boolean {
  const escaped = escapeRegExp(name);
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`).test(sentence);
}

/**
 * Identifiers in a sentence that read as references to tools. In a sentence that redirects data or
 * rewrites behaviour every identifier counts (the harm is stated, only the target is in question);
 * otherwise identifiers in code, sample values and names called an operation, field... are not tools.
 */
function toolNames(text: string, code: boolean, strong: boolean): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(QUOTED_IDENTIFIER)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 40);
    const saidTool = TOOL_AFTER.test(after) || TOOL_BEFORE.test(before);
    const weak =
      code || VALUE_OR_EXAMPLE_BEFORE.test(before) || KIND_AFTER.test(after) || KIND_BEFORE.test(before);
    if (strong || saidTool || !weak) names.push(match[1] ?? '');
  }
  for (const match of text.matchAll(BARE_IDENTIFIER)) {
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 40);
    if (strong || TOOL_AFTER.test(after)) names.push(match[1] ?? '');
  }
  return names;
}

/** Sentences of a description that direct the model about other tools than those of this server. */
export function findShadowing(tool: ToolInfo, serverTools: ReadonlySet<string>): Reference[] {
  if (typeof tool.description !== 'string') return [];
  const ownProperties = new Set(collectSchemaPropertyNames(tool.inputSchema));
  const references: Reference[] = [];
  for (const { text, code } of descriptionSentences(tool.description.slice(0, 50_000))) {
    if (!DIRECTIVE.test(text)) continue;
    const redirect = REDIRECT.test(text);
    const behaviourChange = BEHAVIOUR_CHANGE.test(text);
    const strong = redirect || behaviourChange;
    const names = [
      ...new Set(
        toolNames(text, code, strong).filter(
          (name) =>
            name !== tool.name &&
            !serverTools.has(name) &&
            !ownProperties.has(name) &&
            !FILE_OR_URL.test(name),
        ),
      ),
    ];
    const crossTool = OTHER_TOOLS.test(text);
    // A sibling tool counts only when the sentence rewrites its behaviour or redirects its data.
    const siblings = strong
      ? [...serverTools].filter((name) => name !== tool.name && mentions(text, name)).slice(0, 10)
      : [];
    const restrictive = RESTRICTIVE.test(text);
    if (names.length === 0 && siblings.length === 0) {
      if (!crossTool) continue;
      // Holding the agent back until the user decides is not a takeover of other tools.
      if (restrictive && !strong && DEFERS_TO_USER.test(text)) continue;
    }
    references.push({
      sentence: escapeText(text, 240),
      names: names.slice(0, 10),
      siblings,
      crossTool,
      redirect,
      restrictive,
      preference:
        names.length > 0 && !strong && SELF_PREFERENCE.test(text) && !UNIVERSAL.test(text) && !crossTool,
    });
  }
  return references;
}
