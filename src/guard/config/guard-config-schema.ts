import { z } from 'zod';
import { policySchema, scopeSchema } from '../../policy/policy-schema.ts';

/**
 * The guard's configuration (docs/guard-config.md). YAML on disk, CLI flags merged over it, validated
 * here once at startup, then frozen. Unknown keys are errors (a typo must not silently disable a
 * control). The JSON Schema in docs/schema/guard-config.schema.json is generated from this file.
 */

const url = (what = 'a URL') =>
  z.url({ protocol: /^https?$/, error: `expected ${what} (http:// or https://)` });
const positiveInt = z.number().int('expected an integer').positive('expected a positive number');
const nonNegativeInt = z.number().int('expected an integer').min(0, 'expected 0 or more');

/** Asymmetric JWS algorithms only: HMAC would let anyone holding the public key mint tokens. */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export const DEFAULT_JWT_ALGORITHMS = ['RS256', 'ES256', 'PS256', 'EdDSA'] as const;

const algorithm = z.string().check((ctx) => {
  if ((JWT_ALGORITHMS as readonly string[]).includes(ctx.value)) return;
  const why =
    ctx.value.toLowerCase() === 'none'
      ? "'none' is never accepted (unsigned tokens)"
      : /^HS/i.test(ctx.value)
        ? 'HMAC algorithms are refused (algorithm confusion with public keys)'
        : `unsupported algorithm; use one of ${JWT_ALGORITHMS.join(', ')}`;
  ctx.issues.push({ code: 'custom', message: why, input: ctx.value });
});

const jwkSchema = z.looseObject({
  kty: z.enum(['RSA', 'EC', 'OKP'], { error: 'expected a public JWK (kty RSA, EC or OKP; never oct)' }),
  kid: z.string().optional(),
  alg: z.string().optional(),
});
const pemSchema = z
  .string()
  .regex(/-----BEGIN (?:RSA )?PUBLIC KEY-----/, 'expected a PEM public key (-----BEGIN PUBLIC KEY-----)');

const jwtSchema = z
  .strictObject({
    issuer: url(),
    /** Defaults to publicUrl: tokens must be minted for this resource (RFC 8707). */
    audience: z.string().min(1).optional(),
    jwksUrl: url().optional(),
    /** JWKs (objects) or PEM public keys (strings). */
    staticKeys: z
      .array(z.union([jwkSchema, pemSchema]))
      .min(1)
      .optional(),
    algorithms: z
      .array(algorithm)
      .min(1)
      .default([...DEFAULT_JWT_ALGORITHMS]),
    clockToleranceSec: nonNegativeInt.max(300, 'at most 300 seconds').default(30),
    /** Scopes every token needs before any request (per-tool scopes live in policy.requireScopes). */
    requiredScopes: z.array(scopeSchema).default([]),
    /** Bounds for JWKS fetching: request timeout, and minimum time between refetches on unknown kid. */
    jwksTimeoutMs: positiveInt.max(60_000).default(5_000),
    jwksCooldownMs: nonNegativeInt.default(30_000),
  })
  .check((ctx) => {
    const v = ctx.value;
    if ((v.jwksUrl === undefined) === (v.staticKeys === undefined)) {
      ctx.issues.push({
        code: 'custom',
        message: 'set exactly one of jwksUrl or staticKeys',
        input: v,
        path: ['jwksUrl'],
      });
    }
  });

const introspectionSchema = z.strictObject({
  url: url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** How long an introspection answer is reused; short, so revocation takes effect quickly. */
  cacheTtlSec: nonNegativeInt.max(3600).default(30),
  cacheMaxEntries: positiveInt.default(10_000),
  timeoutMs: positiveInt.max(60_000).default(5_000),
  /** Scopes every introspected token needs before any request. */
  requiredScopes: z.array(scopeSchema).default([]),
});

const authSchema = z.strictObject({
  apiKeys: z.strictObject({ file: z.string().min(1) }).optional(),
  jwt: jwtSchema.optional(),
  introspection: introspectionSchema.optional(),
  /** Advertised in protected resource metadata; defaults to [auth.jwt.issuer] when jwt is set. */
  authorizationServers: z.array(url()).optional(),
  /** Advertised in protected resource metadata and in 401 challenges. */
  scopesSupported: z.array(scopeSchema).optional(),
  /** Claims read (in order) for Principal.groups: arrays or space-separated strings. */
  groupsClaims: z.array(z.string().min(1)).default(['groups', 'roles']),
});

const upstreamSchema = z
  .strictObject({
    /** A Streamable HTTP (either era) or legacy HTTP+SSE MCP endpoint. */
    url: url().optional(),
    /** A stdio MCP server to spawn (no shell). */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().min(1).optional(),
    /** Upstream credentials, sent on every upstream request. The client's token never is. */
    headers: z
      .record(z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a header name'), z.string())
      .default({}),
    timeoutMs: positiveInt.default(30_000),
  })
  .check((ctx) => {
    if ((ctx.value.url === undefined) === (ctx.value.command === undefined)) {
      ctx.issues.push({
        code: 'custom',
        message: 'set exactly one of url or command',
        input: ctx.value,
        path: ['url'],
      });
    }
  });

const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'expected an origin like https://app.example.com');

export const guardConfigSchema = z.strictObject({
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: nonNegativeInt.max(65535, 'expected a port (0-65535)').default(6280),
      /** The MCP endpoint path the guard serves. */
      path: z.string().startsWith('/', 'expected a path starting with /').default('/mcp'),
    })
    .prefault({}),
  /** Canonical resource URI: the token audience and the `resource` in metadata. Derived from listen when unset. */
  publicUrl: url().optional(),
  upstream: upstreamSchema,
  stdio: z
    .strictObject({ maxChildren: positiveInt.default(16), idleTimeoutMs: positiveInt.default(300_000) })
    .prefault({}),
  /** Let requests without credentials through as the anonymous principal, and allow a non-loopback bind without auth. */
  allowUnauthenticated: z.boolean().default(false),
  auth: authSchema.prefault({}),
  /** Inline rules, or a path to a YAML file holding the list (relative to the config file). */
  policy: z.union([policySchema, z.string().min(1)]).optional(),
  limits: z
    .strictObject({
      requestsPerMinute: positiveInt.default(600),
      /** Per principal and per tool. */
      toolCallsPerMinute: positiveInt.default(120),
      maxConcurrent: positiveInt.default(16),
      /** Requests per principal per UTC day; unset means unlimited. */
      dailyQuota: positiveInt.optional(),
      /** Share limit counters across guard instances. */
      redisUrl: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }).optional(),
      maxBodyBytes: positiveInt.default(1_048_576),
      maxResponseBytes: positiveInt.default(16_777_216),
      maxOpenStreams: positiveInt.default(64),
    })
    .prefault({}),
  origins: z
    .strictObject({
      /** Browser origins allowed to call; a request with any other Origin gets 403. */
      allowed: z.array(originSchema).default([]),
      /** Accepted Host header values (host or host:port); empty means loopback names plus publicUrl's host. */
      allowedHosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  cors: z
    .strictObject({ enabled: z.boolean().default(false), origins: z.array(originSchema).default([]) })
    .prefault({}),
  audit: z
    .strictObject({
      /** JSON lines go here; unset means stdout. */
      file: z.string().min(1).optional(),
      logArguments: z.boolean().default(false),
      /** pino redact paths applied when arguments are logged. */
      redact: z
        .array(z.string().min(1))
        .default([
          'arguments.password',
          'arguments.token',
          'arguments.secret',
          'arguments.apiKey',
          'arguments.*.password',
        ]),
    })
    .prefault({}),
  metrics: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
});

export type GuardConfigInput = z.input<typeof guardConfigSchema>;
type Parsed = z.output<typeof guardConfigSchema>;

/** The validated config (frozen at runtime by loadGuardConfig). `policy` is always the inline rule list (files are read at load). */
export type GuardConfig = Omit<Parsed, 'policy' | 'publicUrl'> & {
  /** The canonical resource URI (explicit, or derived from listen when the port is known; else null). */
  publicUrl: string | null;
  policy: z.output<typeof policySchema> | null;
};
