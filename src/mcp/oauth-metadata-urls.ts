/**
 * Where OAuth metadata lives. Pure URL arithmetic, per RFC 9728 (protected resource),
 * RFC 8414 (authorization server) and OpenID Connect Discovery.
 */

function trimSlash(path: string): string {
  return path === '/' ? '' : path.replace(/\/+$/, '');
}

/** RFC 9728 section 3.1: the path-inserted form first, then the root form. */
export function protectedResourceMetadataUrls(resourceUrl: string): string[] {
  const url = new URL(resourceUrl);
  const path = trimSlash(url.pathname);
  const root = `${url.origin}/.well-known/oauth-protected-resource`;
  return path === '' ? [root] : [`${root}${path}`, root];
}

/**
 * Authorization server metadata candidates for an issuer, in the order the MCP
 * authorization spec asks clients to try them.
 */
export function authorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = trimSlash(url.pathname);
  if (path === '') {
    return [
      `${url.origin}/.well-known/oauth-authorization-server`,
      `${url.origin}/.well-known/openid-configuration`,
    ];
  }
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}
