import { createPaint, type Style } from './ansi.ts';
import type { FindingChange, RunDiff } from './diff-runs.ts';
import { sortKeysDeep } from './render-json.ts';
import { sanitizeTerminal as t } from './sanitize-terminal.ts';

/** Render a RunDiff for the terminal (sanitized, optional color) or as stable JSON. */

const SEVERITY_STYLE: Readonly<Record<string, Style[]>> = {
  critical: ['bold', 'brightRed'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['gray'],
};

export function renderDiffText(diff: RunDiff, options: { color: boolean }): string {
  const paint = createPaint(options.color);
  const lines = [
    paint(
      `Comparing scan of ${t(diff.old.startedAt)} (${diff.old.results} endpoints) with ${t(diff.new.startedAt)} (${diff.new.results} endpoints)`,
      'dim',
    ),
  ];
  if (!diff.changed) return `${lines.join('\n')}\nNo changes.\n`;
  const section = (title: string, body: string[]): void => {
    if (body.length > 0) lines.push('', paint(title, 'bold'), ...body);
  };
  const server = (s: string | null): string => (s === null ? '' : ` (${t(s)})`);
  section(
    `Servers appeared (${diff.appeared.length})`,
    diff.appeared.map(
      (s) => `  ${paint('+', 'red')} ${t(s.target)}${server(s.server)} ${paint(s.status, 'bold')}`,
    ),
  );
  section(
    `Servers disappeared (${diff.disappeared.length})`,
    diff.disappeared.map((s) => `  ${paint('-', 'green')} ${t(s.target)}${server(s.server)} was ${s.status}`),
  );
  section(
    `Status changed (${diff.statusChanged.length})`,
    diff.statusChanged.map((c) => `  ${t(c.target)}: ${c.from} → ${paint(c.to, 'bold')}`),
  );
  section(
    `Authentication changed (${diff.authChanged.length})`,
    diff.authChanged.map(
      (c) => `  ${t(c.target)}: ${c.from} → ${paint(c.to, c.to === 'none' ? 'red' : 'green')}`,
    ),
  );
  section(
    `Tools changed (${diff.tools.length} servers)`,
    diff.tools.flatMap((c) => [
      `  ${t(c.target)}`,
      ...c.added.map((n) => `    ${paint('+ added', 'red')}   ${t(n)}`),
      ...c.removed.map((n) => `    ${paint('- removed', 'green')} ${t(n)}`),
      ...c.changed.map(
        (n) => `    ${paint('~ changed', 'yellow')} ${t(n)} (description or input schema differs)`,
      ),
    ]),
  );
  const finding = (mark: string, style: Style, c: FindingChange): string =>
    `  ${paint(mark, style)} ${paint(c.finding.severity.padEnd(8), ...(SEVERITY_STYLE[c.finding.severity] ?? []))} ${t(c.finding.title)}${
      c.finding.subject === null ? '' : ` [${t(c.finding.subject)}]`
    } ${paint(t(c.target), 'dim')}`;
  section(
    `New findings (${diff.newFindings.length})`,
    diff.newFindings.map((c) => finding('+', 'red', c)),
  );
  section(
    `Resolved findings (${diff.resolvedFindings.length})`,
    diff.resolvedFindings.map((c) => finding('-', 'green', c)),
  );
  return `${lines.join('\n')}\n`;
}

export function renderDiffJson(diff: RunDiff): string {
  return `${JSON.stringify(sortKeysDeep(diff), null, 2)}\n`;
}
