/**
 * Bench child: starts N real MCP servers on 127.0.0.1 (port 0) and prints one JSON line
 * {"servers":[{url, kind, tools}]} on stdout, then serves until stdin closes or SIGTERM; SIGUSR2
 * closes idle keep-alive connections.
 * Runs in its own process so the servers' CPU is never charged to the client being measured.
 *
 * Kinds, in rotation: SDK 1.x Streamable HTTP with sessions, SDK 1.x stateless (JSON responses),
 * SDK 2.x createMcpHandler (2026-07-28 server/discover, with the default stateless legacy fallback
 * so the SDK 1.x client can talk to it too). Tool names carry the server's index, so the
 * correctness guard can tell one server's list from another's. Tools are never called.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { z } from 'zod';

export type ServerKind = 'sdk1-session' | 'sdk1-stateless' | 'sdk2-2026';
export interface LiveServer {
  url: string;
  kind: ServerKind;
  tools: string[];
}

const KINDS: ServerKind[] = ['sdk1-session', 'sdk1-stateless', 'sdk2-2026'];
const MAX_SESSIONS = 500;

function toolNames(index: number): string[] {
  return [`search_${index}`, `fetch_doc_${index}`, `summarize_${index}`, `run_query_${index}`];
}

const reply = (text: string) => async () => ({ content: [{ type: 'text' as const, text }] });

function buildV1(index: number): McpServer {
  const server = new McpServer({ name: `bench-v1-${index}`, version: '1.0.0' });
  for (const name of toolNames(index)) {
    server.registerTool(
      name,
      {
        description: `Bench tool ${name}: takes a query and a limit (never called by the bench).`,
        inputSchema: { query: z.string(), limit: z.number().int().optional() },
        annotations: { readOnlyHint: true },
      },
      reply(name),
    );
  }
  return server;
}

function buildV2(index: number): McpServerV2 {
  const server = new McpServerV2({ name: `bench-v2-${index}`, version: '1.0.0' });
  for (const name of toolNames(index)) {
    server.registerTool(
      name,
      {
        description: `Bench tool ${name}: takes a query and a limit (never called by the bench).`,
        inputSchema: z.object({ query: z.string(), limit: z.number().int().optional() }),
        annotations: { readOnlyHint: true },
      },
      reply(name),
    );
  }
  return server;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
  });
}

function badSession(res: ServerResponse): void {
  res.writeHead(400, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Bad Request: no valid session id' },
      id: null,
    }),
  );
}

function sessionHandler(index: number) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const sid = req.headers['mcp-session-id'];
    const existing = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (existing) return existing.handleRequest(req, res);
    if (req.method !== 'POST') return badSession(res);
    const body = await readJson(req);
    if (!isInitializeRequest(body)) return badSession(res);
    const server = buildV1(index);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        // Clients that never DELETE must not grow the server without bound.
        if (sessions.size >= MAX_SESSIONS) {
          const oldest = sessions.keys().next().value;
          if (oldest !== undefined) {
            void sessions.get(oldest)?.close();
            sessions.delete(oldest);
          }
        }
        sessions.set(id, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}

function statelessHandler(index: number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }),
      );
      return;
    }
    const server = buildV1(index);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
}

function modernHandler(index: number) {
  const handler = createMcpHandler(() => buildV2(index));
  const node = toNodeHandler(handler);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await node(req, res);
  };
}

async function startOne(index: number): Promise<{ info: LiveServer; http: Server }> {
  const kind = KINDS[index % KINDS.length] as ServerKind;
  const handle =
    kind === 'sdk1-session'
      ? sessionHandler(index)
      : kind === 'sdk1-stateless'
        ? statelessHandler(index)
        : modernHandler(index);
  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { info: { url: `http://127.0.0.1:${port}/mcp`, kind, tools: toolNames(index) }, http };
}

const count = Number(process.argv[2] ?? 50);
const started = await Promise.all(Array.from({ length: count }, (_, i) => startOne(i)));
process.stdout.write(`${JSON.stringify({ servers: started.map((s) => s.info) })}\n`);

const stop = () => {
  for (const { http } of started) {
    http.close();
    http.closeAllConnections();
  }
  process.exit(0);
};
process.on('SIGTERM', stop);
// Between measured rounds a client asks for this, so each round opens fresh connections as a scan of
// new hosts would. (A short server keepAliveTimeout would not do: Node then advertises
// "Keep-Alive: timeout=0" and undici drops the connection after every response.)
process.on('SIGUSR2', () => {
  for (const { http } of started) http.closeIdleConnections();
});
process.stdin.on('end', stop);
process.stdin.resume();
