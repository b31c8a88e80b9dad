import type { Finding } from '../audit/finding.ts';
import { toolIdentity } from '../audit/tool-identity.ts';
import type { AuthMode } from '../scan/observation.ts';
import type { ScanResult, ScanRun } from '../scan/scan-run.ts';
import { MCP_STATUSES, type ScanStatus } from '../scan/status.ts';
import { serverLabel } from './report-model.ts';

/**
 * What changed between two runs, keyed by target URL. A server "appeared" when a target is MCP
 * (open, partial or auth-required) in the new run but was absent or not MCP in the old one, and
 * "disappeared" the other way round. Status and auth changes compare targets present in both runs;
 * tools are compared only when both runs listed them (mcp-open in both). New findings: ids in the
 * new run absent for that target in the old one (including those of appeared servers); resolved:
 * ids gone from a target that is still an MCP server in the new run (a server that vanished or
 * stopped answering has not "resolved" anything; it is listed as disappeared).
 */

export interface ServerRef {
  target: string;
  status: ScanStatus;
  server: string | null;
}

export interface ToolChanges {
  target: string;
  added: string[];
  removed: string[];
  /** Same name, different identity hash (description or input schema changed). */
  changed: string[];
}

export interface FindingChange {
  target: string;
  finding: Finding;
}

export interface RunDiff {
  old: { startedAt: string; results: number };
  new: { startedAt: string; results: number };
  appeared: ServerRef[];
  disappeared: ServerRef[];
  statusChanged: { target: string; from: ScanStatus; to: ScanStatus }[];
  authChanged: { target: string; from: AuthMode; to: AuthMode }[];
  tools: ToolChanges[];
  newFindings: FindingChange[];
  resolvedFindings: FindingChange[];
  /** True when any list above is non-empty. */
  changed: boolean;
}

function byTarget(run: ScanRun): Map<string, ScanResult> {
  const map = new Map<string, ScanResult>();
  for (const r of run.results) map.set(r.target, r);
  return map;
}

function ref(r: ScanResult): ServerRef {
  return { target: r.target, status: r.status, server: serverLabel(r) };
}

function isMcp(r: ScanResult | undefined): boolean {
  return r !== undefined && MCP_STATUSES.has(r.status);
}

function toolChanges(target: string, before: ScanResult, after: ScanResult): ToolChanges | null {
  const oldTools = new Map(before.tools.map((t) => [t.name, toolIdentity(t)]));
  const newTools = new Map(after.tools.map((t) => [t.name, toolIdentity(t)]));
  const added = [...newTools.keys()].filter((n) => !oldTools.has(n)).sort();
  const removed = [...oldTools.keys()].filter((n) => !newTools.has(n)).sort();
  const changed = [...newTools]
    .filter(([n, h]) => oldTools.has(n) && oldTools.get(n) !== h)
    .map(([n]) => n)
    .sort();
  return added.length + removed.length + changed.length === 0 ? null : { target, added, removed, changed };
}

const byKey = <T extends { target: string }>(a: T, b: T): number =>
  a.target < b.target ? -1 : a.target > b.target ? 1 : 0;

export function diffRuns(oldRun: ScanRun, newRun: ScanRun): RunDiff {
  const before = byTarget(oldRun);
  const after = byTarget(newRun);
  const diff: RunDiff = {
    old: { startedAt: oldRun.startedAt, results: oldRun.results.length },
    new: { startedAt: newRun.startedAt, results: newRun.results.length },
    appeared: [],
    disappeared: [],
    statusChanged: [],
    authChanged: [],
    tools: [],
    newFindings: [],
    resolvedFindings: [],
    changed: false,
  };
  for (const [target, now] of after) {
    const was = before.get(target);
    if (isMcp(now) && !isMcp(was)) diff.appeared.push(ref(now));
    const oldIds = new Set(was?.findings.map((f) => f.id) ?? []);
    for (const f of now.findings) if (!oldIds.has(f.id)) diff.newFindings.push({ target, finding: f });
    if (was === undefined) continue;
    if (was.status !== now.status) diff.statusChanged.push({ target, from: was.status, to: now.status });
    if (was.auth.mode !== now.auth.mode)
      diff.authChanged.push({ target, from: was.auth.mode, to: now.auth.mode });
    // Tools are comparable only when both scans could list them.
    const tools =
      was.status === 'mcp-open' && now.status === 'mcp-open' ? toolChanges(target, was, now) : null;
    if (tools !== null) diff.tools.push(tools);
    if (!isMcp(now)) continue;
    const newIds = new Set(now.findings.map((f) => f.id));
    for (const f of was.findings) if (!newIds.has(f.id)) diff.resolvedFindings.push({ target, finding: f });
  }
  for (const [target, was] of before) {
    if (isMcp(was) && !isMcp(after.get(target))) diff.disappeared.push(ref(was));
  }
  for (const list of [diff.appeared, diff.disappeared, diff.statusChanged, diff.authChanged, diff.tools])
    list.sort(byKey);
  diff.changed =
    diff.appeared.length +
      diff.disappeared.length +
      diff.statusChanged.length +
      diff.authChanged.length +
      diff.tools.length +
      diff.newFindings.length +
      diff.resolvedFindings.length >
    0;
  return diff;
}
