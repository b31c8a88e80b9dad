/**
 * The benchmark's reference ceiling: the least a Node HTTP proxy can do per request. A plain http server
 * that buffers the request, forwards it over an undici Pool (as the guard does) and writes the reply back.
 * No authentication, policy, limits, session checks, streaming or audit log: whatever throughput it loses
 * against the upstream called directly is the cost of one extra Node HTTP hop on this machine, which no
 * proxy written in Node avoids. Usage: node reference-proxy.ts PORT UPSTREAM_URL
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [portArg, upstreamArg] = process.argv.slice(2);
const upstream = new URL(upstreamArg ?? '');
const pool = new Pool(upstream.origin, { pipelining: 1, keepAliveTimeout: 30_000 });
const REQUEST_HEADERS = ['content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version'];
const RESPONSE_HEADERS = ['content-type', 'mcp-session-id', 'content-length'];

createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const reply = await pool.request({
      path: upstream.pathname,
      method: req.method as 'POST',
      headers,
      body: Buffer.concat(chunks),
    });
    const out: Record<string, string> = {};
    for (const name of RESPONSE_HEADERS) {
      const value = reply.headers[name];
      if (typeof value === 'string') out[name] = value;
    }
    const body = Buffer.from(await reply.body.arrayBuffer());
    res.writeHead(reply.statusCode, out);
    res.end(body);
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
}).listen(Number(portArg), '127.0.0.1');
