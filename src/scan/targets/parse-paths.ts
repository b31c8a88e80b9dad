import { LockdownError } from '../../errors.ts';
import { quote } from './ip-address.ts';

/** Why a candidate path is unusable, or null. Paths are absolute and may carry a query string. */
export function pathProblem(path: string): string | null {
  if (!path.startsWith('/')) return `path ${quote(path)} must start with "/"`;
  if (/[\s\x00-\x1f\x7f#]/.test(path))
    return `path ${quote(path)} contains whitespace, control characters or "#"`;
  if (path.length > 2048) return `path ${quote(path.slice(0, 40))} is longer than 2048 characters`;
  return null;
}

/**
 * Parse a path list such as "/mcp,/sse,/api/mcp" (for --paths): comma-separated, spaces around
 * items allowed, duplicates dropped, order kept. Throws LockdownError ERR_INVALID_OPTION.
 */
export function parsePathSpec(spec: string): string[] {
  const paths: string[] = [];
  for (const raw of spec.split(',')) {
    const path = raw.trim();
    const problem = path === '' ? 'an item is empty (stray comma?)' : pathProblem(path);
    if (problem !== null) {
      throw new LockdownError('ERR_INVALID_OPTION', `path list ${quote(spec)}: ${problem}`, {
        option: 'paths',
        item: path,
      });
    }
    if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}
