import { buildWwwAuthenticate } from '../mcp/www-authenticate.ts';
import type { GuardConfig } from './config/guard-config-schema.ts';

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the guarded MCP endpoint, and the Bearer
 * challenges (RFC 6750) that point clients at it.
 */

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** Scopes the MCP spec says a resource must not advertise. */
const NEVER_ADVERTISED = new Set(['offline_access']);

export interface ResourceInfo {
  /** Canonical resource URI: token audience and PRM `resource`. */
  resourceUrl: string;
  /** Where the PRM document is served (the path-inserted form). */
  metadataUrl: string;
  scopesSupported: string[];
}

/** Paths to serve the document at: path-inserted form first (RFC 9728 section 3.1), then the root form. */
export function protectedResourceMetadataPaths(resourceUrl: string): string[] {
  const path = new URL(resourceUrl).pathname.replace(/\/+$/, '');
  return path.length === 0 ? [WELL_KNOWN] : [`${WELL_KNOWN}${path}`, WELL_KNOWN];
}

/** The absolute URL of the path-inserted metadata document, as advertised in `resource_metadata`. */
export function protectedResourceMetadataUrl(resourceUrl: string): string {
  const u = new URL(resourceUrl);
  return `${u.origin}${protectedResourceMetadataPaths(resourceUrl)[0]}`;
}

/** Every scope worth advertising: configured ones, else those the config requires somewhere. */
export function advertisedScopes(config: GuardConfig): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    if (!NEVER_ADVERTISED.has(s) && !out.includes(s)) out.push(s);
  };
  if (config.auth.scopesSupported !== undefined) {
    config.auth.scopesSupported.forEach(add);
    return out;
  }
  config.auth.jwt?.requiredScopes.forEach(add);
  for (const rule of config.policy ?? []) {
    for (const scopes of Object.values(rule.requireScopes ?? {})) scopes.forEach(add);
  }
  return out;
}

/** Resource URL, metadata URL and scopes; `resourceUrl` overrides config.publicUrl (e.g. after binding port 0). */
export function resolveResource(config: GuardConfig, resourceUrl?: string): ResourceInfo {
  const resource = resourceUrl ?? config.publicUrl;
  if (resource === null) throw new TypeError('resolveResource: publicUrl is unknown; pass the listening URL');
  return {
    resourceUrl: resource,
    metadataUrl: protectedResourceMetadataUrl(resource),
    scopesSupported: advertisedScopes(config),
  };
}

/** The RFC 9728 document. */
export function buildProtectedResourceMetadata(
  config: GuardConfig,
  resourceUrl?: string,
): Record<string, unknown> {
  const info = resolveResource(config, resourceUrl);
  const servers = config.auth.authorizationServers ?? (config.auth.jwt ? [config.auth.jwt.issuer] : []);
  const doc: Record<string, unknown> = {
    resource: info.resourceUrl,
    authorization_servers: [...servers],
    bearer_methods_supported: ['header'],
    resource_name: 'MCP server (guarded by mcp-lockdown)',
  };
  if (info.scopesSupported.length > 0) doc.scopes_supported = info.scopesSupported;
  if (config.auth.jwt) doc.resource_signing_alg_values_supported = [...config.auth.jwt.algorithms];
  return doc;
}

/** 401 challenge: where to find metadata, which scopes to ask for, and why a presented token failed. */
export function unauthorizedChallenge(
  metadataUrl: string,
  scopes: readonly string[],
  failure?: { error: string; description: string },
): string {
  const params: Record<string, string> = {};
  if (failure !== undefined) params.error = failure.error;
  if (failure !== undefined && failure.description.length > 0) params.error_description = failure.description;
  params.resource_metadata = metadataUrl;
  if (scopes.length > 0) params.scope = scopes.join(' ');
  return buildWwwAuthenticate({ scheme: 'Bearer', params });
}

/** 403 challenge for step-up: names every scope the operation needs, so one new token suffices. */
export function insufficientScopeChallenge(requiredScopes: readonly string[], metadataUrl: string): string {
  return buildWwwAuthenticate({
    scheme: 'Bearer',
    params: {
      error: 'insufficient_scope',
      scope: requiredScopes.join(' '),
      resource_metadata: metadataUrl,
      error_description: 'additional scope required',
    },
  });
}
