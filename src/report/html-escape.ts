/**
 * HTML escaping for strings from scanned servers. One function serves text and double- or
 * single-quoted attribute contexts: it replaces the five characters that can end a context.
 * NUL and other C0 controls (except tab, newline, carriage return) are replaced with U+FFFD,
 * since browsers treat some of them specially and none belong in a report.
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
  return value
    .replace(/[&<>"'`]/g, (char) => HTML_ENTITIES[char] ?? char)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
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
