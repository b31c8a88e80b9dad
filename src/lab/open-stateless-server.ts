import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { LabServerDefinition } from './lab-server.ts';
import { openStatelessDefinition } from './serve-stateless.ts';
import { DANGEROUS_TOOL_NAMES, registerDangerousTools } from './simulated-tools.ts';

function build(): McpServer {
  const server = new McpServer({ name: 'lab-open-stateless', version: '1.0.0' });
  registerDangerousTools(server);
  return server;
}

/** Same dangerous tools as open-session, but stateless with JSON responses: no session id to rely on. */
export const openStatelessServer: LabServerDefinition = openStatelessDefinition({
  id: 'open-stateless',
  title: 'Open 2025 Streamable HTTP server (stateless, JSON responses)',
  description:
    'Stateless Streamable HTTP (no Mcp-Session-Id) answering in plain JSON, no authentication, no Origin check, same simulated shell/file/SQL tools.',
  toolNames: DANGEROUS_TOOL_NAMES,
  build,
});
