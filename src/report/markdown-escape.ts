import { revealInvisible } from './invisible-chars.ts';

/**
 * Escape a string from a scanned server for Markdown (GitHub-flavoured, including table cells).
 * HTML-significant characters become entities so no raw HTML survives; Markdown punctuation is
 * backslash-escaped so nothing turns into a link, image, emphasis, heading or table break; line
 * breaks collapse to a space so one value stays in one cell or list item.
 */
export function escapeMarkdown(value: string): string {
  return (
    revealInvisible(value.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' '))
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/[\\`*_[\]#!|~]/g, (char) => `\\${char}`)
      // GFM turns scheme: and www. into links; break both so a server string is never clickable.
      .replace(/([a-z][a-z0-9+.-]*):(?=[a-z/])/gi, '$1\\:')
      .replace(/www\./gi, (m) => `${m.slice(0, 3)}\\.`)
  );
}
