import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { sendJson, sendText } from './http-reply.ts';

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
