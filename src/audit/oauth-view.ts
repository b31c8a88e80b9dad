import type { MetadataFetch, Observation } from '../scan/observation.ts';

/** Only servers that demanded credentials are judged on their OAuth metadata. */
export function requiresAuth(observation: Observation): boolean {
  return observation.auth.mode === 'required' || observation.auth.mode === 'partial';
}

/** The protected resource metadata document, when one was found. */
export function protectedResourceDocument(observation: Observation): Record<string, unknown> | null {
  return observation.auth.resourceMetadata?.document ?? null;
}

/** `authorization_servers` as listed in the PRM: the issuers clients will trust. */
export function listedAuthorizationServers(document: Record<string, unknown> | null): string[] {
  const value = document?.authorization_servers;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Each fetched authorization server metadata, paired with the issuer the PRM listed at that position. */
export function authorizationServerPairs(
  observation: Observation,
): { expectedIssuer: string | null; fetch: MetadataFetch }[] {
  const listed = listedAuthorizationServers(protectedResourceDocument(observation));
  return observation.auth.authorizationServers.map((fetch, index) => ({
    expectedIssuer: listed[index] ?? null,
    fetch,
  }));
}

function normalizeUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/**
 * RFC 9728 / MCP: the PRM `resource` must identify this server. Accepted: the endpoint URL itself, or
 * a same-origin prefix of it on a path-segment boundary (a resource covering several endpoints).
 */
export function resourceMatchesTarget(resource: string, target: string): boolean {
  const a = normalizeUrl(resource);
  const b = normalizeUrl(target);
  if (a === null || b === null || a.origin !== b.origin || a.search !== '') return false;
  const resourcePath = a.pathname.replace(/\/+$/, '');
  const targetPath = b.pathname.replace(/\/+$/, '');
  return resourcePath === '' || targetPath === resourcePath || targetPath.startsWith(`${resourcePath}/`);
}
