import { readFile } from 'node:fs/promises';
import { type BaselineIndex, indexBaseline } from '../audit/baseline.ts';
import { SEVERITIES, type Severity } from '../audit/finding.ts';
import { expiredRules, parseIgnoreFile, type SuppressionRule } from '../audit/ignore-file.ts';
import { judgeObservation } from '../audit/judge-observation.ts';
import { atOrAbove, isSeverity } from '../audit/severity.ts';
import { LockdownError } from '../errors.ts';
import { loadRun } from '../report/load-run.ts';
import type { Observation } from '../scan/observation.ts';
import type { ScanResult } from '../scan/scan-run.ts';

/** Observation in, judged result out: every check, the baseline diff, the ignore file, then risk. */
export type Judge = (observation: Observation) => ScanResult;

export interface JudgeFiles {
  /** An earlier --json (or --jsonl) run: tools added, removed or changed since then are findings. */
  baseline: string | undefined;
  /** An ignore file: named findings for named targets are suppressed, with the reason kept. */
  ignore: string | undefined;
}

async function readIgnoreFile(path: string): Promise<SuppressionRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LockdownError('ERR_INPUT_READ', `cannot read ignore file ${path}: ${(error as Error).message}`);
  }
  return parseIgnoreFile(text, path);
}

/** Load the baseline and ignore file once, up front; a bad file fails the start, not the scan. */
export async function createJudge(
  files: JudgeFiles,
  warn: (message: string) => void = () => {},
): Promise<Judge> {
  const baseline: BaselineIndex | null = files.baseline ? indexBaseline(await loadRun(files.baseline)) : null;
  const rules = files.ignore ? await readIgnoreFile(files.ignore) : [];
  for (const rule of expiredRules(rules)) {
    warn(
      `ignore rule for ${rule.check} on ${rule.target} expired on ${rule.expires?.toISOString().slice(0, 10)}; it no longer applies`,
    );
  }
  return (observation) => judgeObservation(observation, { baseline, rules });
}

/** `--fail-on SEVERITY` as a predicate, validated up front. */
export function failOnThreshold(value: string | undefined): ((severity: Severity) => boolean) | null {
  if (value === undefined) return null;
  if (!isSeverity(value)) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `--fail-on must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return (severity) => atOrAbove(severity, value);
}
