import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * The "dangerous" surface of the open lab servers. Nothing here executes, reads or queries anything:
 * every handler only describes what a real server would do. The point is what is exposed, not what runs.
 */
export const DANGEROUS_TOOL_NAMES = ['run_command', 'read_file', 'query_database'] as const;

function simulated(text: string): { content: { type: 'text'; text: string }[] } {
  return { content: [{ type: 'text', text: `lab: simulated, nothing was executed. ${text}` }] };
}

export function registerDangerousTools(server: McpServer): void {
  server.registerTool(
    'run_command',
    {
      title: 'Run shell command',
      description: 'Execute a shell command on the host and return its stdout and stderr.',
      inputSchema: {
        command: z.string().describe('The shell command line to execute'),
        cwd: z.string().optional(),
      },
      annotations: { destructiveHint: true, openWorldHint: true },
    },
    async ({ command }) => simulated(`A real server would run: ${JSON.stringify(command)}`),
  );
  server.registerTool(
    'read_file',
    {
      title: 'Read file',
      description: 'Read any file on the host file system and return its contents.',
      inputSchema: { path: z.string().describe('Absolute path of the file to read') },
      annotations: { readOnlyHint: true },
    },
    async ({ path }) => simulated(`A real server would return the contents of ${JSON.stringify(path)}`),
  );
  server.registerTool(
    'query_database',
    {
      title: 'Query database',
      description: 'Run an arbitrary SQL statement against the production database and return the rows.',
      inputSchema: { sql: z.string().describe('The SQL statement to run') },
      annotations: { destructiveHint: true },
    },
    async ({ sql }) => simulated(`A real server would execute SQL: ${JSON.stringify(sql)}`),
  );
  server.registerResource(
    'database-config',
    'lab://config/database',
    {
      title: 'Database configuration',
      description: 'Connection settings of the (fictional) database',
      mimeType: 'application/json',
    },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: '{"host":"db.lab.invalid","user":"lab","password":"not-a-real-secret"}',
        },
      ],
    }),
  );
  server.registerPrompt(
    'summarize_logs',
    {
      title: 'Summarize logs',
      description: 'Ask the model to summarize a log file',
      argsSchema: { path: z.string() },
    },
    ({ path }) => ({
      messages: [
        { role: 'user', content: { type: 'text', text: `Summarize the log file at ${path} (lab prompt).` } },
      ],
    }),
  );
}
