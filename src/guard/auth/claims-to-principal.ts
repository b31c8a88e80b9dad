import { parseScopeClaim } from '../../policy/scopes.ts';
import type { Principal } from './principal.ts';

const MAX_GROUPS = 256;

/** Read a claim by name, or by a dotted path for nested claims (`realm_access.roles`). */
function readClaim(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let cur: unknown = claims;
  for (const part of name.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part))
      return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const v = claims[name];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/**
 * Map verified token claims (a JWT payload or an introspection response) to a Principal. The id is the
 * same for both token formats (`oauth:sub:...` or `oauth:client:...`), so limits follow the caller, not
 * the token format. Returns null when the token names no subject and no client.
 */
export function principalFromClaims(
  kind: 'jwt' | 'introspection',
  claims: Record<string, unknown>,
  groupsClaims: readonly string[],
): Principal | null {
  const sub = stringClaim(claims, 'sub');
  const clientId = stringClaim(claims, 'client_id') ?? stringClaim(claims, 'azp');
  if (sub === null && clientId === null) return null;
  const scopes = parseScopeClaim(claims.scope ?? claims.scp);
  const groups: string[] = [];
  for (const name of groupsClaims) {
    for (const g of parseScopeClaim(readClaim(claims, name))) {
      if (groups.length < MAX_GROUPS && !groups.includes(g)) groups.push(g);
    }
  }
  const name =
    stringClaim(claims, 'name') ??
    stringClaim(claims, 'preferred_username') ??
    stringClaim(claims, 'username');
  return {
    id: sub !== null ? `oauth:sub:${sub}` : `oauth:client:${clientId}`,
    kind,
    name,
    sub,
    clientId,
    scopes,
    groups,
    claims,
  };
}
