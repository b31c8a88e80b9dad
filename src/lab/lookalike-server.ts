import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeHttp, listenHttp, originOf, pathOf } from './http-listen.ts';
import { MAX_LAB_BODY, parseJsonSafe, readBody, sendJson, sendText } from './http-reply.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { guarded } from './serve-stateless.ts';

const ID = 'lookalike';

/** Fixed answers of a (fictional) Ethereum node; the shape is what matters to a scanner. */
const ETH_ANSWERS: Readonly<Record<string, unknown>> = {
  eth_blockNumber: '0x1406f40',
  net_version: '1',
  web3_clientVersion: 'Geth/v1.14.11-stable/linux-amd64/go1.23.2',
  eth_chainId: '0x1',
};

/** Answers one JSON-RPC message like geth does: known method -> result, anything else -> -32601. */
export function answerEthRpc(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request' } };
  }
  const { id, method } = message as { id?: unknown; method?: unknown };
  const replyId = typeof id === 'string' || typeof id === 'number' ? id : null;
  if (typeof method !== 'string')
    return { jsonrpc: '2.0', id: replyId, error: { code: -32600, message: 'invalid request' } };
  if (Object.hasOwn(ETH_ANSWERS, method)) return { jsonrpc: '2.0', id: replyId, result: ETH_ANSWERS[method] };
  return {
    jsonrpc: '2.0',
    id: replyId,
    error: { code: -32601, message: `the method ${method} does not exist/is not available` },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req.url);
  if (path !== '/' && path !== '/mcp') return sendText(res, 404, '404 page not found\n');
  if (req.method !== 'POST') return sendText(res, 405, 'method not allowed\n');
  const text = await readBody(req, MAX_LAB_BODY);
  if (text === null) return sendText(res, 413, 'content length too large\n');
  const body = parseJsonSafe(text);
  if (body === undefined) {
    return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
  }
  sendJson(res, 200, Array.isArray(body) ? body.map(answerEthRpc) : answerEthRpc(body));
}

/** Not MCP: a JSON-RPC 2.0 server that looks like an Ethereum node, the classic scanner false positive. */
export const lookalikeServer: LabServerDefinition = {
  id: ID,
  async start(host, port): Promise<LabServerHandle> {
    const http = createServer((req, res) => guarded(() => handle(req, res), res));
    const actual = await listenHttp(ID, http, host, port);
    return {
      info: {
        id: ID,
        title: 'JSON-RPC look-alike (Ethereum node, not MCP)',
        url: `${originOf(host, actual)}/mcp`,
        description:
          'Plain JSON-RPC 2.0 on / and /mcp answering eth_blockNumber, net_version, web3_clientVersion; initialize and server/discover get -32601. A scanner must call it not-mcp.',
        expected: { status: 'not-mcp', transport: null, era: null, authMode: 'unknown', tools: [] },
      },
      close: () => closeHttp(http),
    };
  },
};
