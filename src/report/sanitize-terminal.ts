/**
 * Neutralise a string from a scanned server before it reaches a terminal.
 * ESC and every other C0/C1 control, DEL, bidirectional overrides and isolates, invisible
 * format characters (zero-width, BOM, tag characters) and line/paragraph separators are replaced
 * by a visible escape such as `\x1b` or `\u{202e}`, so a hostile server name can neither drive the
 * terminal (colors, cursor moves, OSC hyperlinks, title changes) nor reorder or hide what is shown.
 */

// C0 controls, DEL, C1 controls; U+061C ALM; U+200B-U+200F zero-width and marks; U+2028-U+202E
// separators and bidi embeddings/overrides; U+2060-U+2069 word joiner, invisible operators and bidi
// isolates; U+FEFF BOM; U+FFF9-U+FFFB interlinear annotations; U+E0000-U+E007F tag characters.
// Lone surrogates are caught separately (a regex over code points cannot name them portably).
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]|[\ud800-\udfff]/gu;

/** True for a code point that sanitizeTerminal replaces. */
export function isUnsafeTerminalChar(char: string): boolean {
  UNSAFE.lastIndex = 0;
  const unsafe = UNSAFE.test(char);
  UNSAFE.lastIndex = 0;
  return unsafe;
}

function visibleEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** Replace every unsafe character with a visible escape; the result is one safe terminal line. */
export function sanitizeTerminal(value: string): string {
  return value.replace(UNSAFE, visibleEscape);
}

/** Sanitize, then cut to at most `max` code points, marking the cut with an ellipsis. */
export function sanitizeAndTruncate(value: string, max: number): string {
  const points = Array.from(sanitizeTerminal(value));
  if (points.length <= max) return points.join('');
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}
