import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LockdownError } from '../../errors.ts';
import { compilePolicy } from '../../policy/compile-policy.ts';
import { describeIssues } from '../../policy/describe-issue.ts';
import { type GuardConfig, type GuardConfigInput, guardConfigSchema } from './guard-config-schema.ts';

export interface LoadGuardConfigInput {
  /** Path to a YAML (or JSON) config file. */
  file?: string;
  /** Values from CLI flags, in config shape; they override the file (objects merge, arrays replace). */
  flags?: Partial<GuardConfigInput>;
}

const MAX_CONFIG_BYTES = 1_048_576;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge for config layers: nested objects merge, everything else (arrays too) is replaced. */
export function mergeConfigLayers(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = mergeConfigLayers(base[k], v);
  }
  return out;
}

async function readYamlFile(file: string, what: string, code: 'ERR_INVALID_CONFIG' | 'ERR_INVALID_POLICY') {
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.length > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (err) {
    throw new LockdownError(
      code,
      `cannot read ${what} ${file}: ${(err as Error).message}`,
      { file },
      { cause: err },
    );
  }
  try {
    // A YAML file is a superset of JSON, so JSON configs load too. maxAliasCount bounds alias bombs.
    return parseYaml(text, { maxAliasCount: 100, prettyErrors: true }) ?? {};
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw new LockdownError(code, `${what} ${file} is not valid YAML: ${msg}`, { file }, { cause: err });
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function isHttpsOrLoopback(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** http://host:port/path from listen, or null when no reachable URL follows (port 0, wildcard host). */
function derivePublicUrl(
  listen: { host: string; port: number; path: string },
  wildcard: boolean,
): string | null {
  if (listen.port === 0 || wildcard) return null;
  const host = listen.host.includes(':') && !listen.host.startsWith('[') ? `[${listen.host}]` : listen.host;
  return `http://${host}:${listen.port}${listen.path}`;
}

/**
 * Load, validate, merge and freeze the guard config. Throws ERR_INVALID_CONFIG (or ERR_INVALID_POLICY for
 * problems inside `policy`) whose message names every bad key: `auth.jwt.issuer: expected a URL ...`.
 */
export async function loadGuardConfig(input: LoadGuardConfigInput): Promise<GuardConfig> {
  let raw: unknown = {};
  if (input.file !== undefined) raw = await readYamlFile(input.file, 'config file', 'ERR_INVALID_CONFIG');
  if (!isPlainObject(raw)) {
    throw new LockdownError('ERR_INVALID_CONFIG', `(root): expected a mapping of keys, got ${typeof raw}`);
  }
  const merged = mergeConfigLayers(raw, input.flags ?? {});
  const parsed = guardConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const policyIssues = parsed.error.issues.filter((i) => i.path[0] === 'policy');
    const code =
      policyIssues.length === parsed.error.issues.length ? 'ERR_INVALID_POLICY' : 'ERR_INVALID_CONFIG';
    const lines = describeIssues(parsed.error.issues);
    const where = input.file === undefined ? 'guard config' : input.file;
    throw new LockdownError(code, `${where}: ${lines.join('; ')}`, { problems: lines });
  }
  const data = parsed.data;

  let policy = data.policy ?? null;
  if (typeof policy === 'string') {
    const base = input.file === undefined ? process.cwd() : dirname(resolve(input.file));
    const policyFile = resolve(base, policy);
    const rules = await readYamlFile(policyFile, 'policy file', 'ERR_INVALID_POLICY');
    // compilePolicy validates and names the rule; the guard compiles again with the key store names.
    policy = compilePolicy(rules).source as NonNullable<GuardConfig['policy']>;
  } else if (policy !== null) {
    compilePolicy(policy);
  }

  const wildcard = ['0.0.0.0', '::', '[::]'].includes(data.listen.host);
  const hasAuth =
    data.auth.apiKeys !== undefined || data.auth.jwt !== undefined || data.auth.introspection !== undefined;
  if (wildcard && hasAuth && data.publicUrl === undefined) {
    // The metadata and the token audience must name a URL clients can reach; 0.0.0.0 is not one.
    throw new LockdownError(
      'ERR_INVALID_CONFIG',
      `publicUrl: required when listen.host is ${data.listen.host} and auth is configured (it is the URL clients use and the token audience)`,
    );
  }
  const publicUrl = data.publicUrl ?? derivePublicUrl(data.listen, wildcard);

  const jwt = data.auth.jwt;
  if (jwt !== undefined && jwt.audience === undefined && publicUrl === null) {
    throw new LockdownError(
      'ERR_INVALID_CONFIG',
      'auth.jwt.audience: required when publicUrl is unset and listen.port is 0 (the audience is the canonical resource URI)',
    );
  }
  // Keys and token verdicts fetched over plain HTTP could be swapped in transit, letting anyone mint
  // accepted tokens; only loopback (a sidecar, a test server) may skip TLS.
  for (const [key, value] of [
    ['auth.jwt.jwksUrl', jwt?.jwksUrl],
    ['auth.introspection.url', data.auth.introspection?.url],
  ] as const) {
    if (value !== undefined && !isHttpsOrLoopback(value)) {
      throw new LockdownError(
        'ERR_INVALID_CONFIG',
        `${key}: must use https:// (plain http is allowed on loopback only)`,
      );
    }
  }
  if (data.cors.enabled && data.cors.origins.length === 0) {
    throw new LockdownError(
      'ERR_INVALID_CONFIG',
      'cors.origins: list at least one origin when cors.enabled is true',
    );
  }

  const config: GuardConfig = {
    ...data,
    publicUrl,
    policy: policy === null ? null : structuredClone(policy),
  };
  return deepFreeze(config);
}
