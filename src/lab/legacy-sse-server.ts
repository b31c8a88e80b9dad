import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { z } from 'zod';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { guarded } from './serve-stateless.ts';

const ID = 'legacy-sse';
const TOOL_NAMES = ['list_directory', 'fetch_url'];

function build(): McpServer {
  const server = new McpServer({ name: 'lab-legacy-sse', version: '1.0.0' });
  // Simulated: nothing is listed or fetched; the handlers only say what a real server would do.
  server.registerTool(
    'list_directory',
    {
      description: 'List the files in any directory on the host.',
      inputSchema: { path: z.string().describe('Directory to list') },
      annotations: { readOnlyHint: true },
    },
    async ({ path }) => ({
      content: [
        {
          type: 'text',
          text: `lab: simulated, nothing was read. A real server would list ${JSON.stringify(path)}`,
        },
      ],
    }),
  );
  server.registerTool(
    'fetch_url',
    {
      description: 'Fetch any URL from the host network (internal services included) and return the body.',
      inputSchema: { url: z.string().describe('URL to fetch') },
      annotations: { openWorldHint: true },
    },
    async ({ url }) => ({
      content: [
        {
          type: 'text',
          text: `lab: simulated, nothing was fetched. A real server would GET ${JSON.stringify(url)}`,
        },
      ],
    }),
  );
  return server;
}

/** The deprecated 2024-11-05 HTTP+SSE transport: GET /sse, then POST /messages?sessionId=…, open to anyone. */
export const legacySseServer: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const sessions = new Map<string, { transport: SSEServerTransport; server: McpServer }>();

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const path = pathOf(req.url);
      if (path === '/sse' && req.method === 'GET') {
        const transport = new SSEServerTransport('/messages', res);
        const server = build();
        sessions.set(transport.sessionId, { transport, server });
        res.on('close', () => {
          sessions.delete(transport.sessionId);
          void server.close();
        });
        await server.connect(transport);
        return;
      }
      if (path === '/messages' && req.method === 'POST') {
        const sessionId = new URL(req.url ?? '/', 'http://lab.invalid').searchParams.get('sessionId') ?? '';
        const session = sessions.get(sessionId);
        if (!session) return sendText(res, 404, 'unknown session');
        await session.transport.handlePostMessage(req, res);
        return;
      }
      if (path === '/sse' || path === '/messages') return sendText(res, 405, 'method not allowed');
      sendText(res, 404, 'not found');
    }

    const http = createServer((req, res) => guarded(() => handle(req, res), res));
    const actual = await listenHttp(ID, http, host, port);
    return {
      info: {
        id: ID,
        title: 'Legacy HTTP+SSE server (2024-11-05)',
        url: `${originOf(host, actual)}/sse`,
        description:
          'The deprecated HTTP+SSE transport still widely deployed: GET /sse gives an endpoint event, POSTs go to /messages. No authentication; simulated directory listing and URL fetch (SSRF-shaped) tools.',
        expected: {
          status: 'mcp-open',
          transport: 'sse',
          era: '2024-11-05',
          authMode: 'none',
          tools: [...TOOL_NAMES],
        },
      },
      async close() {
        const open = [...sessions.values()];
        sessions.clear();
        await Promise.allSettled(open.map(({ server }) => server.close()));
        await closeHttp(http);
      },
    };
  },
};
