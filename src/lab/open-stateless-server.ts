import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { guarded, serveStateless } from './serve-stateless.ts';
import { DANGEROUS_TOOL_NAMES, registerDangerousTools } from './simulated-tools.ts';

const ID = 'open-stateless';

function build(): McpServer {
  const server = new McpServer({ name: 'lab-open-stateless', version: '1.0.0' });
  registerDangerousTools(server);
  return server;
}

/** Same dangerous tools as open-session, but stateless with JSON responses: no session id to rely on. */
export const openStatelessServer: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const http = createServer((req, res) => {
      if (pathOf(req.url) !== '/mcp') return sendText(res, 404, 'not found');
      guarded(() => serveStateless(build, req, res), res);
    });
    const actual = await listenHttp(ID, http, host, port);
    return {
      info: {
        id: ID,
        title: 'Open 2025 Streamable HTTP server (stateless, JSON responses)',
        url: `${originOf(host, actual)}/mcp`,
        description:
          'Stateless Streamable HTTP (no Mcp-Session-Id) answering in plain JSON, no authentication, no Origin check, same simulated shell/file/SQL tools.',
        expected: {
          status: 'mcp-open',
          transport: 'streamable-http',
          era: '2025',
          authMode: 'none',
          tools: [...DANGEROUS_TOOL_NAMES],
        },
      },
      close: () => closeHttp(http),
    };
  },
};
