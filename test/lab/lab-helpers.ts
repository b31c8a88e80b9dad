import type { Lab, LabServerInfo } from '../../src/lab/lab-types.ts';

export function serverById(lab: Lab, id: string): LabServerInfo {
  const server = lab.servers.find((s) => s.id === id);
  if (!server) throw new Error(`lab has no server ${id}`);
  return server;
}

export const INITIALIZE_BODY = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'lab-test', version: '0.0.0' },
  },
};

/** A raw JSON-RPC POST the way a 2025-era client sends it (both Accept types). */
export function postJsonRpc(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** A 2026-07-28 server/discover POST with the per-request envelope, spoken by hand. */
export function postDiscover(url: string): Promise<Response> {
  return postJsonRpc(
    url,
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'server/discover',
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'lab-test', version: '0.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    },
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' },
  );
}
