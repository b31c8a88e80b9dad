import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { sendJson, sendText } from './http-reply.ts';
import { createLabAuthorizationServer } from './lab-authorization-server.ts';
import { AS_METADATA_PATH, authorizationServerMetadata, LAB_SCOPE } from './oauth-metadata.ts';

/**
 * The guarded lab server's authorization server: the lab's auto-approving OAuth flow (PKCE S256,
 * registration, client metadata documents), but the token it hands out is a real ES256 JWT minted for
 * the guard's resource URI (RFC 8707 audience), so the guard verifies it like any production token.
 */
export interface LabTokenIssuer {
  issuer: string;
  /** The public key the guard trusts (static JWK; also served at /jwks). */
  publicJwk: JWK;
  /** The access token the flow hands out: sub lab-user, scope mcp:tools. */
  accessToken: string;
  close(): Promise<void>;
}

export async function startLabTokenIssuer(host: string, audience: string): Promise<LabTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'lab-1', alg: 'ES256', use: 'sig' };
  let origin = '';
  let handleAs: ((req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>) | null = null;
  const server = createServer(async (req, res) => {
    const path = pathOf(req.url);
    if (path === AS_METADATA_PATH) {
      const metadata = authorizationServerMetadata({ origin, mcpPath: '/mcp' });
      return sendJson(res, 200, { ...metadata, jwks_uri: `${origin}/jwks` });
    }
    if (path === '/jwks') return sendJson(res, 200, { keys: [publicJwk] });
    if (handleAs && (await handleAs(req, res, path))) return;
    sendText(res, 404, 'not found');
  });
  origin = originOf(host, await listenHttp('guarded (token issuer)', server, host, 0));
  const accessToken = await new SignJWT({ scope: LAB_SCOPE, client_id: 'lab-client' })
    .setProtectedHeader({ alg: 'ES256', kid: 'lab-1', typ: 'at+jwt' })
    .setIssuer(origin)
    .setAudience(audience)
    .setSubject('lab-user')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(privateKey);
  handleAs = createLabAuthorizationServer(() => ({ origin, mcpPath: '/mcp' }), accessToken);
  return { issuer: origin, publicJwk, accessToken, close: () => closeHttp(server) };
}
