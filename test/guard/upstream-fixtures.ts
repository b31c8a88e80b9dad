/** Real upstream MCP servers for guard tests, built with the official SDK 1.x on 127.0.0.1:0. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface RecordingServer {
  url: string;
  /** Headers of every request the upstream received. */
  seen: IncomingHttpHeaders[];
  /** Responses whose connection closed before the server finished them (client cancellation). */
  aborted: number;
  close(): Promise<void>;
}

function build(): McpServer {
  const server = new McpServer({ name: 'guard-test-upstream', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echo the text back.', inputSchema: { text: z.string() } },
    async ({ text }) => ({
      content: [{ type: 'text', text }],
    }),
  );
  server.registerTool(
    'add',
    { description: 'Add two numbers.', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({
      content: [{ type: 'text', text: String(a + b) }],
    }),
  );
  server.registerTool(
    'slow_count',
    { description: 'Counts to n, one progress notification every 100 ms.', inputSchema: { n: z.number() } },
    async ({ n }, extra) => {
      const token = extra._meta?.progressToken;
      for (let i = 1; i <= n; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: i, total: n },
          });
        }
      }
      return { content: [{ type: 'text', text: `counted to ${n}` }] };
    },
  );
  return server;
}

/** A stateless SDK 1.x Streamable HTTP server (no session ids) that records the headers it receives. */
export async function startRecordingStatelessServer(
  options: { json?: boolean } = {},
): Promise<RecordingServer> {
  const seen: IncomingHttpHeaders[] = [];
  const http: Server = createServer(async (req, res) => {
    seen.push({ ...req.headers });
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const server = build();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: options.json === true,
    });
    res.on('close', () => {
      if (!res.writableFinished) recorder.aborted++;
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const recorder: RecordingServer = {
    url: `http://127.0.0.1:${port}/mcp`,
    seen,
    aborted: 0,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return recorder;
}
