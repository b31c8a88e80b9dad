import { revealInvisible } from './invisible-chars.ts';

/**
 * HTML escaping for strings from scanned servers. One function serves text and double- or
 * single-quoted attribute contexts: it replaces the characters that can end a context (and the
 * backtick, for old IE attribute parsing). Controls, bidi overrides, zero-width and tag characters
 * become visible `[U+XXXX]` markers, so hidden text in a tool description shows in the report.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(value: string): string {
  return revealInvisible(value).replace(/[&<>"'`]/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * Serialise a value for a `<script type="application/json">` block: `<`, `>`, `&` and the JS line
 * separators become \u escapes, so `</script>` or `<!--` in server data cannot end the block.
 */
export function jsonForHtmlScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
