import { z } from 'zod';
import { policySchema, scopeSchema } from '../../policy/policy-schema.ts';

/**
 * The guard's configuration (docs/guard-config.md). YAML on disk, CLI flags merged over it, validated
 * here once at startup, then frozen. Unknown keys are errors (a typo must not silently disable a
 * control). Descriptions end up in docs/schema/guard-config.schema.json, generated from this file.
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
    issuer: url().describe('Expected `iss` of access tokens (the authorization server issuer identifier).'),
    audience: z
      .string()
      .min(1)
      .optional()
      .describe('Expected `aud`. Defaults to publicUrl: tokens must be minted for this resource (RFC 8707).'),
    jwksUrl: url().optional().describe('JWKS URL of the authorization server. Set this or staticKeys.'),
    staticKeys: z
      .array(z.union([jwkSchema, pemSchema]))
      .min(1)
      .optional()
      .describe('Public keys as JWK objects or PEM strings. Set this or jwksUrl.'),
    algorithms: z
      .array(algorithm)
      .min(1)
      .default([...DEFAULT_JWT_ALGORITHMS])
      .describe('Accepted JWS algorithms (asymmetric only; none and HS* are refused).'),
    clockToleranceSec: nonNegativeInt
      .max(300, 'at most 300 seconds')
      .default(30)
      .describe('Clock skew allowed when checking exp and nbf.'),
    requiredScopes: z
      .array(scopeSchema)
      .default([])
      .describe('Scopes every token needs for any request (per-tool scopes: policy requireScopes).'),
    jwksTimeoutMs: positiveInt.max(60_000).default(5_000).describe('Timeout of one JWKS fetch.'),
    jwksCooldownMs: nonNegativeInt
      .default(30_000)
      .describe('Minimum time between JWKS refetches triggered by an unknown kid.'),
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
  })
  .describe('Verify OAuth 2.1 JWT access tokens locally.');

const introspectionSchema = z
  .strictObject({
    url: url().describe('RFC 7662 introspection endpoint.'),
    clientId: z.string().min(1).describe("The guard's client id at the authorization server (HTTP Basic)."),
    clientSecret: z.string().min(1).describe("The guard's client secret (HTTP Basic)."),
    cacheTtlSec: nonNegativeInt
      .max(3600)
      .default(30)
      .describe('How long an answer is reused (never past the token exp); 0 disables the cache.'),
    cacheMaxEntries: positiveInt.default(10_000).describe('Cache size bound; the oldest entry is evicted.'),
    timeoutMs: positiveInt.max(60_000).default(5_000).describe('Timeout of one introspection request.'),
    requiredScopes: z.array(scopeSchema).default([]).describe('Scopes every introspected token needs.'),
  })
  .describe('Validate opaque access tokens through RFC 7662 introspection.');

const authSchema = z
  .strictObject({
    apiKeys: z
      .strictObject({ file: z.string().min(1).describe('Key store written by `mcp-lockdown keys create`.') })
      .optional()
      .describe('Accept API keys (Authorization: Bearer mlk_...).'),
    jwt: jwtSchema.optional(),
    introspection: introspectionSchema.optional(),
    authorizationServers: z
      .array(url())
      .optional()
      .describe('Advertised in protected resource metadata; defaults to [auth.jwt.issuer].'),
    scopesSupported: z
      .array(scopeSchema)
      .optional()
      .describe('Advertised in metadata and 401 challenges; defaults to the scopes the config requires.'),
    groupsClaims: z
      .array(z.string().min(1))
      .default(['groups', 'roles'])
      .describe('Claims (dotted paths allowed) read into the principal groups, for policy matching.'),
  })
  .describe('How callers authenticate. With none configured every caller is anonymous (loopback only).');

const upstreamSchema = z
  .strictObject({
    url: url().optional().describe('A Streamable HTTP (either era) or legacy HTTP+SSE MCP endpoint.'),
    command: z.string().min(1).optional().describe('A stdio MCP server to spawn (no shell).'),
    args: z.array(z.string()).default([]).describe('Arguments for command.'),
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe('Environment for the child (its credentials).'),
    cwd: z.string().min(1).optional().describe('Working directory for the child.'),
    headers: z
      .record(z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a header name'), z.string())
      .default({})
      .describe("Headers sent upstream (upstream credentials). The client's token is never forwarded."),
    timeoutMs: positiveInt.default(30_000).describe('Upstream request timeout.'),
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
  })
  .describe('The MCP server being guarded: url or command.');

const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'expected an origin like https://app.example.com');

export const guardConfigSchema = z
  .strictObject({
    listen: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1').describe('Bind address; beyond loopback needs auth.'),
        port: nonNegativeInt
          .max(65535, 'expected a port (0-65535)')
          .default(6280)
          .describe('0 picks a free port.'),
        path: z
          .string()
          .regex(/^\//, 'expected a path starting with /')
          .default('/mcp')
          .describe('The MCP endpoint path the guard serves.'),
      })
      .prefault({}),
    publicUrl: url()
      .optional()
      .describe(
        'Canonical resource URI: token audience and PRM resource. Defaults to http://host:port/path.',
      ),
    upstream: upstreamSchema,
    stdio: z
      .strictObject({
        maxChildren: positiveInt
          .default(16)
          .describe('Cap on concurrently open stdio children or legacy-SSE upstream connections.'),
        idleTimeoutMs: positiveInt
          .default(300_000)
          .describe('A child or legacy-SSE connection with no traffic this long is closed.'),
      })
      .prefault({})
      .describe('How clients map to stdio children and legacy-SSE upstream connections.'),
    allowUnauthenticated: z
      .boolean()
      .default(false)
      .describe(
        'Let requests without credentials through as anonymous; allow a non-loopback bind without auth.',
      ),
    auth: authSchema.prefault({}),
    policy: z
      .union([policySchema, z.string().min(1)])
      .optional()
      .describe(
        'Policy rules, or a path to a YAML file with the list (relative to this file). See docs/policy.md.',
      ),
    limits: z
      .strictObject({
        requestsPerMinute: positiveInt.default(600).describe('Per principal.'),
        toolCallsPerMinute: positiveInt.default(120).describe('Per principal and per tool.'),
        maxConcurrent: positiveInt.default(16).describe('In-flight requests per principal.'),
        dailyQuota: positiveInt
          .optional()
          .describe('Requests per principal per UTC day; unset means unlimited.'),
        redisUrl: z
          .url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' })
          .optional()
          .describe('Share limit counters across guard instances.'),
        maxBodyBytes: positiveInt.default(1_048_576).describe('Largest accepted request body.'),
        maxResponseBytes: positiveInt.default(16_777_216).describe('Largest upstream response relayed.'),
        maxOpenStreams: positiveInt.default(64).describe('Open SSE streams, guard-wide.'),
      })
      .prefault({})
      .describe('Denial-of-wallet and abuse limits; 429 with Retry-After when exceeded.'),
    origins: z
      .strictObject({
        allowed: z
          .array(originSchema)
          .default([])
          .describe('Browser origins allowed to call; any other Origin gets 403.'),
        allowedHosts: z
          .array(z.string().min(1))
          .default([])
          .describe('Accepted Host header values; empty means loopback names plus the publicUrl host.'),
      })
      .prefault({})
      .describe('DNS-rebinding protection.'),
    cors: z
      .strictObject({
        enabled: z.boolean().default(false),
        origins: z.array(originSchema).default([]).describe('Origins that get CORS headers.'),
      })
      .prefault({})
      .describe('CORS is off unless enabled.'),
    audit: z
      .strictObject({
        file: z.string().min(1).optional().describe('Append JSON lines here; unset means stdout.'),
        logArguments: z.boolean().default(false).describe('Log tool arguments (redacted).'),
        redact: z
          .array(z.string().min(1))
          .default([
            'arguments.password',
            'arguments.token',
            'arguments.secret',
            'arguments.apiKey',
            'arguments.*.password',
          ])
          .describe('pino redact paths applied to logged arguments.'),
      })
      .prefault({})
      .describe('One JSON line per request.'),
    metrics: z
      .strictObject({ enabled: z.boolean().default(true).describe('Serve Prometheus /metrics.') })
      .prefault({}),
  })
  .describe('mcp-lockdown guard configuration (docs/guard-config.md).');

export type GuardConfigInput = z.input<typeof guardConfigSchema>;
type Parsed = z.output<typeof guardConfigSchema>;

/** The validated config (frozen at runtime by loadGuardConfig). `policy` is always the inline rule list. */
export type GuardConfig = Omit<Parsed, 'policy' | 'publicUrl'> & {
  /** The canonical resource URI (explicit, or derived from listen when the port is known; else null). */
  publicUrl: string | null;
  policy: z.output<typeof policySchema> | null;
};
