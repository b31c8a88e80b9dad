/**
 * Characters that hide or reorder text without being seen: C0/C1 controls (except tab, LF, CR),
 * DEL, bidirectional embeddings, overrides and isolates, zero-width characters, BOM, interlinear
 * annotation marks, tag characters, lone surrogates. Tool poisoning uses them to smuggle text past
 * a human reviewer, so reports show each as a visible `[U+XXXX]` marker instead of rendering it.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]|[\ud800-\udfff]/gu;

export function revealInvisible(value: string): string {
  return value.replace(
    INVISIBLE,
    (char) => `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}
