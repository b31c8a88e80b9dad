/**
 * OAuth discovery documents the protected lab servers publish: RFC 9728 protected resource metadata and
 * RFC 8414 authorization server metadata. The lab's authorization server lives on the same origin.
 */
export const LAB_SCOPE = 'mcp:tools';

/** Endpoints of the lab authorization server (src/lab/lab-authorization-server.ts). */
export const AS_PATHS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  register: '/oauth/register',
} as const;

export interface OAuthLayout {
  /** http://host:port */
  origin: string;
  /** The MCP endpoint path, e.g. /mcp */
  mcpPath: string;
}

/** The path-inserted well-known form (RFC 9728 section 3.1): /.well-known/oauth-protected-resource/mcp */
export function prmPathInserted(layout: OAuthLayout): string {
  return `/.well-known/oauth-protected-resource${layout.mcpPath}`;
}

export const PRM_ROOT_PATH = '/.well-known/oauth-protected-resource';
export const AS_METADATA_PATH = '/.well-known/oauth-authorization-server';

export function protectedResourceMetadata(layout: OAuthLayout): Record<string, unknown> {
  return {
    resource: `${layout.origin}${layout.mcpPath}`,
    authorization_servers: [layout.origin],
    scopes_supported: [LAB_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'mcp-lockdown lab protected server',
  };
}

export function authorizationServerMetadata(layout: OAuthLayout): Record<string, unknown> {
  const issuer = layout.origin;
  return {
    issuer,
    authorization_endpoint: `${issuer}${AS_PATHS.authorize}`,
    token_endpoint: `${issuer}${AS_PATHS.token}`,
    registration_endpoint: `${issuer}${AS_PATHS.register}`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: [LAB_SCOPE],
    client_id_metadata_document_supported: true,
  };
}

/** The 401 challenge pointing clients (and the scanner) at the protected resource metadata. */
export function bearerChallenge(layout: OAuthLayout, error?: string): string {
  const parts = [`resource_metadata="${layout.origin}${prmPathInserted(layout)}"`, `scope="${LAB_SCOPE}"`];
  if (error) parts.unshift(`error="${error}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** Answers the well-known discovery paths; returns the document for a path, or null when it is not one. */
export function discoveryDocument(layout: OAuthLayout, path: string): Record<string, unknown> | null {
  if (path === prmPathInserted(layout) || path === PRM_ROOT_PATH) return protectedResourceMetadata(layout);
  if (path === AS_METADATA_PATH) return authorizationServerMetadata(layout);
  return null;
}
