import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { sendJson, sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';

/**
 * Serves one 2025-era stateless request with a fresh SDK 1.x server and transport: no session id, plain
 * JSON responses. Shared by the stateless lab servers (open-stateless, partial, poisoned, oauth-protected).
 */
export async function serveStateless(
  build: () => McpServer,
  req: IncomingMessage,
  res: ServerResponse,
  parsedBody?: unknown,
): Promise<void> {
  if (req.method !== 'POST') {
    // Stateless servers have no GET stream and no session to DELETE.
    return sendJson(
      res,
      405,
      { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null },
      { allow: 'POST' },
    );
  }
  const server = build();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, parsedBody);
}

/** Runs an async request handler, turning a thrown fault into a 500 instead of an unhandled rejection. */
export function guarded(run: () => Promise<void>, res: ServerResponse): void {
  run().catch(() => {
    if (!res.headersSent) sendText(res, 500, 'lab server error');
    else res.destroy();
  });
}

/** What differs between open stateless lab servers: who they are and which tools they build. */
export interface OpenStatelessSpec {
  id: string;
  title: string;
  description: string;
  toolNames: readonly string[];
  build: () => McpServer;
}

/** An open, stateless 2025-era lab server on `/mcp`: no authentication, no Origin check. */
export function openStatelessDefinition(spec: OpenStatelessSpec): LabServerDefinition {
  return {
    id: spec.id,
    async start(host, port): Promise<LabServerHandle> {
      const http = createServer((req, res) => {
        if (pathOf(req.url) !== '/mcp') return sendText(res, 404, 'not found');
        guarded(() => serveStateless(spec.build, req, res), res);
      });
      const actual = await listenHttp(spec.id, http, host, port);
      return {
        info: {
          id: spec.id,
          title: spec.title,
          url: `${originOf(host, actual)}/mcp`,
          description: spec.description,
          expected: {
            status: 'mcp-open',
            transport: 'streamable-http',
            era: '2025',
            authMode: 'none',
            tools: [...spec.toolNames],
          },
        },
        close: () => closeHttp(http),
      };
    },
  };
}
