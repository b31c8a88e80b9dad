import type { z } from 'zod';

/** Render a config path the way users write it: `policy[2].allow.tools[0]`, `auth.jwt.issuer`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out.length === 0 ? '(root)' : out;
}

/** One line per problem, each naming the key path, e.g. `auth.jwt.issuer: expected a URL`. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatPath([...path, key])}: unknown key`);
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that got furthest (deepest path), e.g. the rule list rather than "not a string".
      const depth = (branch: readonly z.core.$ZodIssue[]): number =>
        Math.max(0, ...branch.map((i) => i.path.length));
      const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      lines.push(...describeIssues(best, path));
      continue;
    }
    // Zod does not keep the input on issues; its message says when the value was missing.
    if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      lines.push(`${formatPath(path)}: is required`);
      continue;
    }
    if (issue.code === 'invalid_type') {
      lines.push(`${formatPath(path)}: expected ${issue.expected}`);
      continue;
    }
    lines.push(`${formatPath(path)}: ${issue.message}`);
  }
  return lines;
}
