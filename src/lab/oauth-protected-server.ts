import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { checkBearer, newLabToken } from './bearer-token.ts';
import { closeHttp, hostForUrl, listenHttp, originOf, pathOf } from './http-listen.ts';
import { sendJson, sendText } from './http-reply.ts';
import { createLabAuthorizationServer } from './lab-authorization-server.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { bearerChallenge, discoveryDocument, type OAuthLayout } from './oauth-metadata.ts';
import { guarded, serveStateless } from './serve-stateless.ts';
import { registerDangerousTools } from './simulated-tools.ts';

const ID = 'oauth-protected';
const MCP_PATH = '/mcp';

function build(): McpServer {
  const server = new McpServer({ name: 'lab-oauth-protected', version: '1.0.0' });
  registerDangerousTools(server);
  return server;
}

/** Loopback names a browser page on this machine may legitimately use as Host or Origin. */
function allowedHostnames(host: string): string[] {
  return [...new Set([hostForUrl(host), 'localhost', '127.0.0.1', '[::1]'])];
}

/**
 * The "properly secured" example: every MCP request needs a bearer token, the 401 points at RFC 9728
 * metadata, which points at RFC 8414 metadata; Host and Origin are validated against loopback names.
 */
export const oauthProtectedServer: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const token = newLabToken();
    const validHost = hostHeaderValidation(allowedHostnames(host));
    const validOrigin = originValidation(allowedHostnames(host));
    let layout: OAuthLayout = { origin: originOf(host, port), mcpPath: MCP_PATH };
    const authorizationServer = createLabAuthorizationServer(() => layout, token);

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      // DNS-rebinding defence first: a foreign Host or Origin is refused before anything else (403).
      if (!validHost(req, res) || !validOrigin(req, res)) return;
      const path = pathOf(req.url);
      const doc = discoveryDocument(layout, path);
      if (doc)
        return req.method === 'GET' ? sendJson(res, 200, doc) : sendText(res, 405, 'method not allowed');
      if (await authorizationServer(req, res, path)) return;
      if (path !== MCP_PATH) return sendText(res, 404, 'not found');
      const verdict = checkBearer(req, token);
      if (verdict !== 'ok') {
        const challenge = bearerChallenge(layout, verdict === 'invalid' ? 'invalid_token' : undefined);
        return sendJson(
          res,
          401,
          {
            jsonrpc: '2.0',
            error: { code: -32001, message: 'Unauthorized: bearer token required' },
            id: null,
          },
          { 'www-authenticate': challenge },
        );
      }
      await serveStateless(build, req, res);
    }

    const http = createServer((req, res) => guarded(() => handle(req, res), res));
    const actual = await listenHttp(ID, http, host, port);
    layout = { origin: originOf(host, actual), mcpPath: MCP_PATH };
    return {
      info: {
        id: ID,
        title: 'OAuth-protected server (properly secured)',
        url: `${layout.origin}${MCP_PATH}`,
        description:
          'Requires a bearer token on every request; 401 carries WWW-Authenticate with resource_metadata; serves RFC 9728 and RFC 8414 metadata and a small auto-approving authorization server (PKCE S256, client ID metadata documents, dynamic registration); validates Host and Origin (foreign Origin gets 403).',
        expected: {
          status: 'mcp-auth-required',
          transport: null,
          era: null,
          authMode: 'required',
          tools: [],
        },
        credentials: { header: 'Authorization', value: `Bearer ${token}` },
      },
      close: () => closeHttp(http),
    };
  },
};
