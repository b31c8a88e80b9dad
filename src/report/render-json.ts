import type { ScanResult, ScanRun } from '../scan/scan-run.ts';

/**
 * The whole run as JSON with a stable key order: declared fields in the order of the published
 * schema, free-form records (options, capabilities, evidence, metadata documents, schemas) with
 * sorted keys. Two renders of equal runs are byte-identical, so saved runs diff cleanly.
 */

const RUN_KEYS = ['schemaVersion', 'tool', 'startedAt', 'finishedAt', 'options', 'results', 'summary'];
const RESULT_KEYS = [
  'target',
  'input',
  'host',
  'port',
  'address',
  'status',
  'transport',
  'era',
  'protocolVersion',
  'supportedVersions',
  'serverInfo',
  'capabilities',
  'instructions',
  'session',
  'tls',
  'auth',
  'tools',
  'toolsTruncated',
  'resources',
  'prompts',
  'originProbe',
  'exposedOn',
  'evidence',
  'timings',
  'error',
  'scannedAt',
  'findings',
  'suppressed',
  'risk',
];
const FINDING_KEYS = [
  'id',
  'checkId',
  'title',
  'severity',
  'message',
  'subject',
  'evidence',
  'remediation',
  'cwe',
  'owaspMcp',
];
const SUMMARY_KEYS = [
  'endpointsProbed',
  'mcpServers',
  'openWithoutAuth',
  'authRequired',
  'partial',
  'likely',
  'toolsExposed',
  'byStatus',
  'findingsBySeverity',
  'durationMs',
];
const TOOL_KEYS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'];
const AUTH_KEYS = ['mode', 'httpStatus', 'challenges', 'resourceMetadata', 'authorizationServers'];
/** Small nested records of a result, in the order src/scan/observation.ts declares them. */
const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  input: ['text', 'line'],
  serverInfo: ['name', 'version', 'title'],
  session: ['issued', 'deleted'],
  originProbe: ['origin', 'status', 'accepted', 'allowOrigin', 'allowCredentials'],
  timings: ['totalMs', 'connectMs', 'requests'],
  error: ['code', 'message'],
};

/**
 * Recursively sort object keys (arrays keep their order). JS objects always list integer-like keys
 * first, ascending; the result is still deterministic, which is what stable output needs.
 */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortKeysDeep(record[key])]),
  );
}

/** Known keys first in declared order; unknown keys after, sorted, so nothing is dropped. */
function ordered(
  record: object,
  keys: readonly string[],
  map: (key: string, value: unknown) => unknown,
): object {
  const source = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = map(key, source[key]);
  for (const key of Object.keys(source).sort()) if (!(key in out)) out[key] = sortKeysDeep(source[key]);
  return out;
}

function orderFinding(finding: object): object {
  return ordered(finding, FINDING_KEYS, (_key, value) => sortKeysDeep(value));
}

export function orderResult(result: ScanResult): object {
  return ordered(result, RESULT_KEYS, (key, value) => {
    switch (key) {
      case 'tools':
        return (value as object[]).map((tool) => ordered(tool, TOOL_KEYS, (_k, v) => sortKeysDeep(v)));
      case 'auth':
        return ordered(value as object, AUTH_KEYS, (_k, v) => sortKeysDeep(v));
      case 'findings':
        return (value as object[]).map(orderFinding);
      case 'suppressed':
        return (value as { finding: object; reason: string }[]).map((s) => ({
          finding: orderFinding(s.finding),
          reason: s.reason,
        }));
      case 'risk':
        return ordered(value as object, ['level', 'score'], (_k, v) => v);
      default: {
        const keys = NESTED_KEYS[key];
        return keys !== undefined && value !== null && typeof value === 'object'
          ? ordered(value, keys, (_k, v) => sortKeysDeep(v))
          : sortKeysDeep(value);
      }
    }
  });
}

export function orderRun(run: ScanRun): object {
  return ordered(run, RUN_KEYS, (key, value) => {
    if (key === 'results') return (value as ScanResult[]).map(orderResult);
    if (key === 'tool') return ordered(value as object, ['name', 'version'], (_k, v) => v);
    if (key === 'summary') return ordered(value as object, SUMMARY_KEYS, (_k, v) => sortKeysDeep(v));
    return sortKeysDeep(value);
  });
}

export interface RenderJsonOptions {
  /** Spaces of indentation; 0 for one line. Default 2. */
  indent?: number;
}

export function renderJson(run: ScanRun, options: RenderJsonOptions = {}): string {
  return `${JSON.stringify(orderRun(run), null, options.indent ?? 2)}\n`;
}
