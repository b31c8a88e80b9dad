import { createServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';

const ID = 'modern-2026';
const TOOL_NAMES = ['send_email', 'create_payment'];

function build(): McpServer {
  const server = new McpServer({ name: 'lab-modern-2026', version: '1.0.0' });
  // Simulated: no mail is sent and no money moves; the handlers only say what a real server would do.
  server.registerTool(
    'send_email',
    {
      description: 'Send an email from the company mail account to any recipient.',
      inputSchema: z.object({ to: z.string(), subject: z.string(), body: z.string() }),
      annotations: { openWorldHint: true },
    },
    async ({ to, subject }) => ({
      content: [
        {
          type: 'text',
          text: `lab: simulated, nothing was sent. A real server would email ${JSON.stringify(to)}: ${JSON.stringify(subject)}`,
        },
      ],
    }),
  );
  server.registerTool(
    'create_payment',
    {
      description: 'Create and submit a payment from the company account (paid API: each call costs money).',
      inputSchema: z.object({ amount: z.number(), currency: z.string(), recipient: z.string() }),
      annotations: { destructiveHint: true, openWorldHint: true },
    },
    async ({ amount, currency, recipient }) => ({
      content: [
        {
          type: 'text',
          text: `lab: simulated, no payment was made. A real server would pay ${amount} ${currency} to ${JSON.stringify(recipient)}`,
        },
      ],
    }),
  );
  return server;
}

/** A 2026-07-28-only stateless server (SDK 2.x, legacy traffic rejected): server/discover, no initialize. */
export const modern2026Server: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const handler = createMcpHandler(build, { legacy: 'reject' });
    const node = toNodeHandler(handler);
    const http = createServer((req, res) => {
      if (pathOf(req.url) !== '/mcp') return sendText(res, 404, 'not found');
      void node(req, res);
    });
    const actual = await listenHttp(ID, http, host, port);
    return {
      info: {
        id: ID,
        title: 'Modern 2026-07-28 stateless server',
        url: `${originOf(host, actual)}/mcp`,
        description:
          'The latest protocol revision only (server/discover, per-request envelope, no initialize, no session). No authentication; simulated email and payment tools (denial of wallet).',
        expected: {
          status: 'mcp-open',
          transport: 'streamable-http',
          era: '2026-07-28',
          authMode: 'none',
          tools: [...TOOL_NAMES],
        },
      },
      async close() {
        await handler.close();
        await closeHttp(http);
      },
    };
  },
};
