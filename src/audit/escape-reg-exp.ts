/** A literal string made safe to embed in a RegExp source (tool and parameter names searched for as words). */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
