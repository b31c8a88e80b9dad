import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { MAX_LAB_BODY, parseJsonSafe, readBody, sendJson, sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { guarded } from './serve-stateless.ts';
import { DANGEROUS_TOOL_NAMES, registerDangerousTools } from './simulated-tools.ts';

/** 2025-era Streamable HTTP with session ids, open to anyone, Origin unchecked: the study's typical find. */
const ID = 'open-session';
const MAX_SESSIONS = 1000;

export const openSessionServer: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (pathOf(req.url) !== '/mcp') return sendText(res, 404, 'not found');
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (existing) return existing.transport.handleRequest(req, res);
      if (req.method !== 'POST') {
        return sendJson(res, 400, {
          jsonrpc: '2.0',
          error: { code: -32000, message: 'Bad Request: no valid session id' },
          id: null,
        });
      }
      const text = await readBody(req, MAX_LAB_BODY);
      if (text === null) return sendText(res, 413, 'body too large');
      const body = parseJsonSafe(text);
      if (!isInitializeRequest(body)) {
        return sendJson(res, 400, {
          jsonrpc: '2.0',
          error: { code: -32000, message: 'Bad Request: no valid session id' },
          id: null,
        });
      }
      const server = new McpServer({ name: 'lab-open-session', version: '1.0.0' });
      registerDangerousTools(server);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          // Clients that never DELETE their session must not grow the lab without bound: drop the oldest.
          if (sessions.size >= MAX_SESSIONS) {
            const [oldestId, oldest] = sessions.entries().next().value ?? [];
            if (oldestId !== undefined) sessions.delete(oldestId);
            void oldest?.transport.close();
          }
          sessions.set(id, { transport, server });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    }

    const http = createServer((req, res) => guarded(() => handle(req, res), res));
    const actual = await listenHttp(ID, http, host, port);
    return {
      info: {
        id: ID,
        title: 'Open 2025 Streamable HTTP server (with sessions)',
        url: `${originOf(host, actual)}/mcp`,
        description:
          'Streamable HTTP with Mcp-Session-Id, no authentication, no Origin check, exposing shell, file and SQL tools (simulated).',
        expected: {
          status: 'mcp-open',
          transport: 'streamable-http',
          era: '2025',
          authMode: 'none',
          tools: [...DANGEROUS_TOOL_NAMES],
        },
      },
      async close() {
        const open = [...sessions.values()];
        sessions.clear();
        await Promise.allSettled(
          open.map(async ({ transport, server }) => {
            await transport.close();
            await server.close();
          }),
        );
        await closeHttp(http);
      },
    };
  },
};
