import type { Observation } from '../scan/observation.ts';
import type { ScanRun } from '../scan/scan-run.ts';
import type { CheckContext } from './finding.ts';

/** A baseline run indexed by target, for CheckContext.baseline. */
export interface BaselineIndex {
  get(target: string): Observation | null;
  readonly size: number;
}

/** Targets compare without a trailing slash and with a lower-case scheme and host. */
export function baselineKey(target: string): string {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return target.replace(/\/+$/, '');
  }
}

/**
 * Index a saved run (ScanRun from --json, or the observations of a JSONL run). When a target appears
 * twice, the last observation that listed tools wins.
 */
export function indexBaseline(run: ScanRun | readonly Observation[]): BaselineIndex {
  const observations: readonly Observation[] = Array.isArray(run) ? run : (run as ScanRun).results;
  const map = new Map<string, Observation>();
  for (const observation of observations) {
    const key = baselineKey(observation.target);
    const existing = map.get(key);
    if (existing === undefined || observation.status === 'mcp-open' || existing.status !== 'mcp-open') {
      map.set(key, observation);
    }
  }
  return {
    get: (target: string) => map.get(baselineKey(target)) ?? null,
    get size() {
      return map.size;
    },
  };
}

/** The CheckContext for one observation, given an optional baseline index. */
export function contextFor(observation: Observation, baseline: BaselineIndex | null): CheckContext {
  return { baseline: baseline?.get(observation.target) ?? null };
}
