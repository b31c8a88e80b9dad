import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { checkBearer, newLabToken } from './bearer-token.ts';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { MAX_LAB_BODY, parseJsonSafe, readBody, sendJson, sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { bearerChallenge, discoveryDocument, type OAuthLayout } from './oauth-metadata.ts';
import { guarded, serveStateless } from './serve-stateless.ts';
import { registerDangerousTools } from './simulated-tools.ts';

const ID = 'partial';
const MCP_PATH = '/mcp';
/** Listing methods this server guards; initialize, ping and notifications stay open. */
export const GUARDED_METHODS: ReadonlySet<string> = new Set([
  'tools/list',
  'resources/list',
  'prompts/list',
  'resources/templates/list',
  'tools/call',
  'resources/read',
  'prompts/get',
]);

function build(): McpServer {
  const server = new McpServer({ name: 'lab-partial', version: '1.0.0' });
  registerDangerousTools(server);
  return server;
}

/** True when the JSON-RPC message (or any message of a batch) calls a guarded method. */
export function callsGuardedMethod(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (m) =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as { method?: unknown }).method === 'string' &&
      GUARDED_METHODS.has((m as { method: string }).method),
  );
}

/** Initialize is open, listing needs a token: a server that looks locked to some scanners and open to others. */
export const partialServer: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const token = newLabToken();
    let layout: OAuthLayout = { origin: originOf(host, port), mcpPath: MCP_PATH };

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const path = pathOf(req.url);
      const doc = discoveryDocument(layout, path);
      if (doc)
        return req.method === 'GET' ? sendJson(res, 200, doc) : sendText(res, 405, 'method not allowed');
      if (path !== MCP_PATH) return sendText(res, 404, 'not found');
      if (req.method !== 'POST') return serveStateless(build, req, res);
      const text = await readBody(req, MAX_LAB_BODY);
      if (text === null) return sendText(res, 413, 'body too large');
      const body = parseJsonSafe(text);
      if (body === undefined) {
        return sendJson(res, 400, {
          jsonrpc: '2.0',
          error: { code: -32700, message: 'Parse error' },
          id: null,
        });
      }
      if (callsGuardedMethod(body)) {
        const verdict = checkBearer(req, token);
        if (verdict !== 'ok') {
          return sendJson(
            res,
            401,
            {
              jsonrpc: '2.0',
              error: { code: -32001, message: 'Unauthorized: listing requires a bearer token' },
              id: null,
            },
            {
              'www-authenticate': bearerChallenge(
                layout,
                verdict === 'invalid' ? 'invalid_token' : undefined,
              ),
            },
          );
        }
      }
      await serveStateless(build, req, res, body);
    }

    const http = createServer((req, res) => guarded(() => handle(req, res), res));
    const actual = await listenHttp(ID, http, host, port);
    layout = { origin: originOf(host, actual), mcpPath: MCP_PATH };
    return {
      info: {
        id: ID,
        title: 'Partially protected server',
        url: `${layout.origin}${MCP_PATH}`,
        description:
          'initialize and notifications are answered anonymously, but tools/list, resources/list and prompts/list (and calls) answer 401 with a Bearer challenge.',
        expected: {
          status: 'mcp-partial',
          transport: 'streamable-http',
          era: '2025',
          authMode: 'partial',
          tools: [],
        },
        credentials: { header: 'Authorization', value: `Bearer ${token}` },
      },
      close: () => closeHttp(http),
    };
  },
};
