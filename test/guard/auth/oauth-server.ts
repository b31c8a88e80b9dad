import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OAuth 2.1 authorization server (oidc-provider) on 127.0.0.1:0 for tests: one confidential
 * client using client_credentials, resource indicators (RFC 8707) so tokens carry the requested
 * audience, and JWT access tokens signed with an RSA key the test can also use to forge variants.
 */
export interface TestAuthorizationServer {
  issuer: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  /** The signing key (private), kid 'as-key-1', for forging tokens the AS itself would have signed. */
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** How many times the JWKS document was fetched. */
  jwksFetches(): number;
  /** RFC 7662 endpoint, and the resource server's own credentials for it. */
  introspectionUrl: string;
  introspector: { clientId: string; clientSecret: string };
  /** Revoke a token at the authorization server (RFC 7009). */
  revoke(token: string): Promise<void>;
  /** A real access token from the token endpoint. */
  issueToken(options: { resource: string; scope: string }): Promise<string>;
  stop(): Promise<void>;
}

export const AS_SCOPES = ['mcp:read', 'mcp:write', 'mcp:admin'];

/** Tokens for this resource are opaque (introspection only); all others are JWTs. */
export const OPAQUE_RESOURCE = 'http://127.0.0.1:6299/opaque-mcp';

export async function startAuthorizationServer(): Promise<TestAuthorizationServer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'as-key-1';
  const privateJwk = { ...(await exportJWK(privateKey)), kid, use: 'sig', alg: 'RS256' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'mcp-test-client';
  const clientSecret = 'a-long-enough-client-secret-for-tests';
  const introspector = { clientId: 'mcp-guard', clientSecret: 'guard-introspection-secret-for-tests' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: AS_SCOPES.join(' '),
      },
      {
        client_id: introspector.clientId,
        client_secret: introspector.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [privateJwk] },
    scopes: AS_SCOPES,
    cookies: { keys: ['test-only-cookie-key'] },
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Only the resource server (the guard) may introspect.
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: { clientId: string }) =>
          client.clientId === introspector.clientId,
      },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => ({
          scope: AS_SCOPES.join(' '),
          audience: indicator,
          accessTokenTTL: 300,
          accessTokenFormat: indicator === OPAQUE_RESOURCE ? 'opaque' : 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  } as never);
  let jwksFetches = 0;
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/jwks')) jwksFetches++;
    callback(req, res);
  });

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    clientId,
    clientSecret,
    privateKey,
    publicJwk,
    jwksFetches: () => jwksFetches,
    introspectionUrl: `${issuer}/token/introspection`,
    introspector,
    async revoke(token) {
      const res = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      });
      if (res.status !== 200) throw new Error(`revocation answered ${res.status}`);
    },
    async issueToken({ resource, scope }) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }).toString(),
      });
      const body = (await res.json()) as { access_token?: string; error?: string };
      if (res.status !== 200 || typeof body.access_token !== 'string') {
        throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
      }
      return body.access_token;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
