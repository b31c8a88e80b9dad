/** Who is calling, after authentication. Policy, limits and the audit log key on this. */
export interface Principal {
  /** Stable identity for rate limits and quotas: 'key:<name>', 'jwt:sub:<sub>', 'anonymous', ... */
  id: string;
  kind: 'api-key' | 'jwt' | 'introspection' | 'anonymous';
  /** API key name, or a display name claim; null when none. */
  name: string | null;
  sub: string | null;
  clientId: string | null;
  /** Granted scopes (see src/policy/scopes.ts for hierarchy rules). */
  scopes: string[];
  /** Groups or roles, from the configured claims. */
  groups: string[];
  /** Every verified claim (JWT payload or introspection response); empty for API keys. */
  claims: Record<string, unknown>;
}

/** The caller when authentication is not required and no credentials were sent. */
export function anonymousPrincipal(): Principal {
  return {
    id: 'anonymous',
    kind: 'anonymous',
    name: null,
    sub: null,
    clientId: null,
    scopes: [],
    groups: [],
    claims: {},
  };
}
