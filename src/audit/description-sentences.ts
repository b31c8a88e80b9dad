/**
 * Splits a tool description into the units the poisoning checks reason about: sentences of prose, and
 * single lines of code. Real descriptions are Markdown: paragraphs, bullet lists, fenced examples. A
 * word like "must" in one bullet says nothing about an identifier in the next bullet or in a curl
 * example, so the checks must not see them as one sentence.
 */
export interface Sentence {
  text: string;
  /** A line inside a fenced code block (```), e.g. an example call or a curl command. */
  code: boolean;
  /** Index of the paragraph, list item or code block the sentence belongs to. */
  block: number;
}

const MAX_SENTENCES = 400;
const FENCE = /^\s*(```|~~~)/;
/** A line that starts a new block even without a blank line before it: a list item, heading, quote or tag. */
const BLOCK_START = /^\s*([-*+•]\s|\d+[.)]\s|#{1,6}\s|>\s?|<\/?[A-Za-z][\w-]*>)/;
/** Sentence ends, but not after "e.g." and the like: an example belongs to the sentence that gives it. */
const SENTENCE_END = /(?<=[.!?])(?<!\b(?:e\.g|i\.e|etc|vs|cf)\.)\s+/i;
/** `[label](target)`: the model reads the label; the target is an anchor or URL, not prose. */
const MARKDOWN_LINK = /\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)/g;

function splitProse(paragraph: string, block: number, out: Sentence[]): void {
  const flat = paragraph.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return;
  for (const part of flat.split(SENTENCE_END))
    if (part.length > 0) out.push({ text: part, code: false, block });
}

/** Sentences and code lines of a description, in order, bounded. */
export function descriptionSentences(description: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph: string[] = [];
  let inFence = false;
  let block = 0;
  const flush = () => {
    splitProse(paragraph.join('\n'), block, out);
    paragraph = [];
    block += 1;
  };
  for (const line of description.replace(MARKDOWN_LINK, '$1').split(/\r?\n/)) {
    if (out.length >= MAX_SENTENCES) break;
    if (FENCE.test(line)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      const code = line.replace(/\s+/g, ' ').trim();
      if (code.length > 0) out.push({ text: code, code: true, block });
      continue;
    }
    if (line.trim().length === 0 || BLOCK_START.test(line)) flush();
    paragraph.push(line);
  }
  flush();
  return out.slice(0, MAX_SENTENCES);
}
